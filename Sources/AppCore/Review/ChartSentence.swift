import Analytics
import Foundation
import Instruments
import Store

/// The one plain sentence under each review chart: what changed, in words ("Total fell from
/// 4.2 to 3.1 at session 7 and came back by session 9; bond is the lowest subscale").
struct ChartSentence {
    var charts: ReviewCharts

    /// Observed points of a series, in session order.
    func points(_ instrument: Instrument, _ rater: Rater, _ scale: String) -> [ScorePoint] {
        charts.summary.series(instrument.id, rater, scale).filter { $0.value.isFinite }
    }

    /// The sentence for a per-session chart.
    func trend(instrument: Instrument, scales: [String], raters: [Rater], keys: [String]) -> String {
        if raters.count > 1 {
            // The main scale when it is shown (the dashboard's "Client vs therapist" chart shows only
            // it), so `chart --client --rater both` with every scale says the same as the dashboard.
            let scale = scales.contains(instrument.primaryScale) ? instrument.primaryScale : scales.first
            return gap(instrument: instrument, scale: scale ?? instrument.primaryScale)
        }
        let primaryID = scales.contains(instrument.primaryScale) ? instrument.primaryScale : (scales.first ?? "")
        guard let scale = instrument.scale(primaryID) else { return "No scores yet." }
        let decimals = scale.method == .mean
        let name =
            instrument.id == charts.options.clientAlliance || instrument.id == charts.options.therapistAlliance
            ? (scale.id == instrument.primaryScale ? "Alliance" : "Alliance \(scale.label.lowercased())")
            : "\(instrument.shortTitle ?? instrument.title)" + (scales.count > 1 ? " \(scale.label.lowercased())" : "")
        let pts = points(instrument, instrument.rater, scale.id)
        var sentence: String
        if pts.isEmpty {
            return "No \(instrument.shortTitle ?? instrument.title) scores yet."
        } else if pts.count == 1, let p = pts.first {
            sentence =
                "\(name) was \(ChartText.score(p.value, decimals: decimals)) at session \(p.session) (one score so far)"
        } else {
            sentence = change(
                name: name, pts: pts, decimals: decimals, key: keys.first { $0.hasSuffix("/" + scale.id) } ?? "")
        }
        if let finding = charts.analysis.outcomes.first(where: { $0.instrument == instrument.id }),
            scale.id == instrument.primaryScale
        {
            sentence += " — \(finding.change.status.therapistWording)"
        }
        if scale.id == instrument.primaryScale, let track = trackPhrase(instrument) {
            sentence += "; " + track
        }
        let subscales = scales.filter { $0 != primaryID }
        if subscales.count >= 2 {
            var latest: [(label: String, value: Double)] = []
            for id in subscales {
                if let s = instrument.scale(id), let last = points(instrument, instrument.rater, id).last {
                    latest.append((s.label.lowercased(), last.value))
                }
            }
            if let low = latest.min(by: { $0.value < $1.value }), let high = latest.max(by: { $0.value < $1.value }),
                high.value - low.value >= 0.05
            {
                sentence += "; \(low.label) is the lowest subscale"
            }
        }
        return sentence + "."
    }

    /// Where the latest score of an outcome stands against its expected band ("above the expected
    /// band at session 6 — not on track yet, worth reviewing together"); nil before two scores in
    /// the episode and for measures without a track.
    func trackPhrase(_ instrument: Instrument) -> String? {
        guard charts.options.outcomes.contains(instrument.id), case let (_, m)? = charts.episodeMeasure(instrument.id),
            m.scores >= 2
        else { return nil }
        return ChartSentence.where(m.track, firstSession: m.baselineSession ?? 1)
    }

    /// The position part of ``trackPhrase(_:)`` for one track of an episode whose baseline is
    /// client session `firstSession` (the track counts episode sessions from 1).
    static func `where`(_ t: Track, firstSession: Int) -> String? {
        guard let value = t.value, let episodeSession = t.session, t.status != .insufficientData else { return nil }
        let session = firstSession + episodeSession - 1
        let high = t.band?.last
        let position: String
        if let high, value > high + 1e-9 {
            position = "above the expected band at session \(session)"
        } else if let amber = t.amber, value > amber + 1e-9 {
            position = "above the amber line at session \(session)"
        } else if t.status == .notOnTrack {
            position = "reliably worse than at the start at session \(session)"
        } else {
            position = "within the expected band at session \(session)"
        }
        return "\(position) — \(t.status.therapistWording)"
    }

    /// "fell from 4.2 to 3.1 at session 7 and came back by session 9", or the overall change.
    func change(name: String, pts: [ScorePoint], decimals: Bool, key: String) -> String {
        let f = { (v: Double) in ChartText.score(v, decimals: decimals) }
        if let r = charts.analysis.ruptures.filter({ $0.series == key }).max(by: { $0.start < $1.start }) {
            var s = "\(name) fell from \(f(r.preDropLevel)) to \(f(r.troughValue)) at session \(r.trough)"
            if let back = r.repairedAt {
                s += " and came back by session \(back)"
            } else if r.open {
                s += " and has not come back yet"
            } else {
                s += " and came back slowly"
            }
            if let last = pts.last, last.session > (r.repairedAt ?? r.trough) {
                s += " (now \(f(last.value)))"
            }
            return s
        }
        guard let first = pts.first, let last = pts.last else { return "\(name): no scores" }
        let spread = (pts.map(\.value).max() ?? 0) - (pts.map(\.value).min() ?? 0)
        let threshold = decimals ? 0.25 : 2.0
        if abs(last.value - first.value) < threshold {
            let mean = pts.reduce(0) { $0 + $1.value } / Double(pts.count)
            let around = "\(name) stayed around \(f(mean)) over sessions \(first.session)–\(last.session)"
            return spread >= 3 * threshold ? around + " with ups and downs" : around
        }
        let verb = last.value > first.value ? "rose" : "fell"
        return
            "\(name) \(verb) from \(f(first.value)) at session \(first.session) to \(f(last.value)) at session \(last.session)"
    }

    /// Client vs therapist: where they differ most, and the latest gap.
    func gap(instrument: Instrument, scale: String) -> String {
        guard let g = charts.analysis.gap.scales.first(where: { $0.scale == scale }), let latest = g.sessions.last
        else {
            return "No session rated by both client and therapist yet."
        }
        func side(_ gap: Double) -> String {
            abs(gap) < 0.05 ? "the same" : gap > 0 ? "client higher" : "therapist higher"
        }
        var s = "Latest gap \(ChartText.signed(latest.gap)) at session \(latest.session) (\(side(latest.gap)))"
        if let widest = g.sessions.max(by: { abs($0.gap) < abs($1.gap) }), abs(widest.gap) >= abs(latest.gap) + 0.05 {
            s += "; widest \(ChartText.signed(widest.gap)) at session \(widest.session)"
        }
        if !g.largeGapSessions.isEmpty {
            let n = g.largeGapSessions.count
            s += "; \(n) session\(n == 1 ? "" : "s") ≥ \(ChartText.number(charts.options.gapThreshold)) apart"
        }
        return s + "."
    }

    /// The attachment position: the latest quadrant (descriptive) and the change.
    func attachment() -> String {
        guard let profile = charts.analysis.attachment, let last = profile.points.last else {
            return "No attachment questionnaire yet."
        }
        var s =
            "Latest (session \(last.session)): anxiety \(ChartText.score(last.anxiety, decimals: true)), avoidance \(ChartText.score(last.avoidance, decimals: true)) — \(last.quadrant.rawValue) quadrant, descriptive only"
        if let da = profile.anxietyChange, let dv = profile.avoidanceChange, let first = profile.points.first {
            s += "; since session \(first.session) anxiety \(ChartText.signed(da)), avoidance \(ChartText.signed(dv))"
        }
        return s + "."
    }
}
