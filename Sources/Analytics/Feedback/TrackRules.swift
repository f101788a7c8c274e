import Foundation

/// The off-track boundary at one session, from whichever tier is active there.
struct TrackBoundary: Equatable {
    var tier: TrackTier
    var expected: Double?
    var band: [Double]
    var amber: Double?
    var referenceSize: Int
    /// Whether `value` is off the track (above the red boundary, or the tier-1 rule fires).
    var off: (Double) -> Bool
    var reference: String

    static func == (a: TrackBoundary, b: TrackBoundary) -> Bool {
        a.tier == b.tier && a.expected == b.expected && a.band == b.band && a.amber == b.amber
            && a.referenceSize == b.referenceSize
    }
}

/// Expected recovery and not-on-track signals (docs/analytics.md, "Expected recovery").
public enum TrackRules {
    /// The track at the latest of `scores` (the first is the baseline; `t` counts episode sessions
    /// from the baseline's, 1 = baseline).
    public static func track(
        scores: [TrackScore], measure: TrackMeasure, reference: TrackReference, options: TrackOptions = .standard
    ) -> Track {
        let model = modelFit(measure: measure, reference: reference, options: options)
        guard let first = scores.first else {
            return .insufficient(
                tier: model != nil ? .model : .rational, rule: "no score in this episode",
                referenceSize: model?.episodes ?? 0)
        }
        let baseline = first.value
        guard scores.count >= 2, let latest = scores.last else {
            let b = boundary(
                t: 2, baseline: baseline, measure: measure, reference: reference, model: model,
                options: options)
            return .insufficient(
                tier: b.tier,
                rule: "only the baseline so far (\(NumberWords.plain(baseline))); a track needs two scores",
                referenceSize: b.referenceSize)
        }
        let now = boundary(
            t: latest.t, baseline: baseline, measure: measure, reference: reference, model: model,
            options: options)
        let deteriorated =
            latest.value - baseline >= measure.reliableChange - 1e-9 * Swift.max(1, measure.reliableChange)
        let offNow = now.off(latest.value)
        var offBefore = false
        if scores.count >= 3 {
            let prev = scores[scores.count - 2]
            let b = boundary(
                t: prev.t, baseline: baseline, measure: measure, reference: reference, model: model,
                options: options)
            offBefore = b.off(prev.value)
        }
        let status: TrackStatus
        var why: String
        let v = NumberWords.plain(latest.value)
        let name = measure.instrument.uppercased()
        if deteriorated {
            status = .notOnTrack
            why =
                "\(name) \(v) at session \(latest.t) is \(NumberWords.plain(latest.value - baseline)) above the baseline \(NumberWords.plain(baseline)): a reliable deterioration (≥ \(NumberWords.plain(measure.reliableChange)))"
        } else if offNow && offBefore {
            status = .notOnTrack
            why = "\(name) \(v) at session \(latest.t) and the score before are both above the expected band"
        } else if offNow {
            status = .notYet
            why = "\(name) \(v) at session \(latest.t) is above the expected band (once; red needs two in a row)"
        } else if let amber = now.amber, latest.value > amber {
            status = .notYet
            why = "\(name) \(v) at session \(latest.t) is above the amber line \(fmt(amber))"
        } else {
            status = .onTrack
            why = "\(name) \(v) at session \(latest.t) is within the expected band"
        }
        why += "; " + now.reference
        return Track(
            status: status, tier: now.tier, session: latest.t, value: latest.value, expected: now.expected,
            band: now.band, amber: now.amber, referenceSize: now.referenceSize, explanation: why)
    }

    /// The boundary at session `t` from the highest tier that has enough data there.
    static func boundary(
        t: Int, baseline: Double, measure: TrackMeasure, reference: TrackReference, model: LogSessionModel?,
        options: TrackOptions
    ) -> TrackBoundary {
        if let model {
            let p = model.predict(baseline: baseline, t: t)
            let lo = clip(p.expected - LogSessionModel.z90 * p.sd, measure)
            let hi = clip(p.expected + LogSessionModel.z90 * p.sd, measure)
            let amber = clip(p.expected + LogSessionModel.z75 * p.sd, measure)
            return TrackBoundary(
                tier: .model, expected: clip(p.expected, measure), band: [lo, hi], amber: amber,
                referenceSize: model.episodes, off: { $0 > hi },
                reference:
                    "log-session model of \(model.episodes) closed episodes of this clinic (band: 80% prediction interval)"
            )
        }
        if let cell = empiricalCell(t: t, baseline: baseline, measure: measure, reference: reference, options: options)
        {
            let p10 = Quantile.type7(cell.values, 0.10)
            let p50 = Quantile.type7(cell.values, 0.50)
            let p75 = Quantile.type7(cell.values, 0.75)
            let p90 = Quantile.type7(cell.values, 0.90)
            return TrackBoundary(
                tier: .empirical, expected: p50, band: [p10, p90], amber: p75, referenceSize: cell.values.count,
                off: { $0 > p90 },
                reference:
                    "\(cell.values.count) scores at session \(t) of this clinic's episodes that ended improved, intake \(NumberWords.plain(baseline - cell.window))–\(NumberWords.plain(baseline + cell.window)) (red above the 90th percentile \(fmt(p90)))"
            )
        }
        // Tier 1: rational rules.
        let rc = measure.reliableChange
        let expected = clip(baseline * (1 - options.priorRate * log(Double(max(t, 1)))), measure)
        let k = options.noProgressSession
        if t >= k, let cutoff = measure.cutoff {
            // Off: no reliable improvement (y > baseline − RC) and at caseness (y ≥ cutoff).
            let high = Swift.max(baseline - rc, cutoff)
            return TrackBoundary(
                tier: .rational, expected: expected, band: [measure.minimum, high], amber: nil, referenceSize: 0,
                off: { y in y > baseline - rc + 1e-9 && y >= cutoff - 1e-9 },
                reference:
                    "rule from session \(k): no reliable improvement (≥ \(NumberWords.plain(rc))) while at caseness (≥ \(NumberWords.plain(cutoff))); rules need no clinic data"
            )
        }
        return TrackBoundary(
            tier: .rational, expected: expected, band: [measure.minimum, clip(baseline + rc, measure)], amber: nil,
            referenceSize: 0, off: { y in y - baseline >= rc - 1e-9 * Swift.max(1, rc) },
            reference:
                "rule before session \(k): only a reliable deterioration (≥ \(NumberWords.plain(rc)) above baseline) is off track; rules need no clinic data"
        )
    }

    /// Tier 2: the scores at session `t` of reference episodes that ended improved and whose
    /// baseline is within ±w of this one; w starts at the instrument's window and widens by 1 up to
    /// the reliable-change value until the cell has `empiricalMinimum` scores.
    static func empiricalCell(
        t: Int, baseline: Double, measure: TrackMeasure, reference: TrackReference, options: TrackOptions
    ) -> (values: [Double], window: Double)? {
        guard t >= 2 else { return nil }
        let pool = reference.improved(measure.instrument)
        guard !pool.isEmpty else { return nil }
        var w = initialWindow(measure.instrument)
        while w <= measure.reliableChange + 1e-9 {
            let values = pool.filter { abs($0.baseline - baseline) <= w + 1e-9 }
                .compactMap { e in e.scores.first(where: { $0.t == t })?.value }
            if values.count >= options.empiricalMinimum { return (values, w) }
            w += 1
        }
        return nil
    }

    /// The starting intake window (±points): 1 for PHQ-9 and GAD-7, 2 for CORE-10 (wider scale).
    public static func initialWindow(_ instrument: String) -> Double {
        instrument == "core-10" ? 2 : 1
    }

    /// Tier 3 fit, when the reference has enough episodes.
    static func modelFit(measure: TrackMeasure, reference: TrackReference, options: TrackOptions) -> LogSessionModel? {
        let set = reference.modelSet(measure.instrument)
        guard set.count >= options.modelMinimumEpisodes else { return nil }
        return LogSessionModel.fit(set.map { (baseline: $0.baseline, scores: $0.scores) })
    }

    static func clip(_ v: Double, _ m: TrackMeasure) -> Double { Swift.min(Swift.max(v, m.minimum), m.maximum) }
    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }
}

/// Hyndman & Fan (1996) type-7 quantiles (R's and numpy's default).
public enum Quantile {
    public static func type7(_ values: [Double], _ p: Double) -> Double {
        let s = values.sorted()
        guard !s.isEmpty else { return .nan }
        let h = Double(s.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = Swift.min(lo + 1, s.count - 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }
}
