import Analytics
import Foundation
import Instruments
import Store

/// Builds the data of the review charts from a client's summary and analysis. The dashboard and
/// `rapport chart --client` both draw ``trendData(_:scales:raters:)`` (or ``chartData(_:)``)
/// through AppUI, so the command prints exactly the chart the screen shows.
public struct ReviewCharts: Sendable {
    /// The client's summary.
    public var summary: ClientSummary
    /// The client's analysis.
    public var analysis: ClientAnalysis
    /// The instruments.
    public var catalog: InstrumentCatalog
    /// The analysis settings (which instruments are alliance, outcome, attachment).
    public var options: AnalysisOptions
    /// The clinic's closed episodes behind the expected-recovery bands (tiers 2 and 3).
    public var reference: TrackReference

    /// Creates a builder.
    public init(
        summary: ClientSummary, analysis: ClientAnalysis, catalog: InstrumentCatalog,
        options: AnalysisOptions = .standard, reference: TrackReference = TrackReference()
    ) {
        self.summary = summary
        self.analysis = analysis
        self.catalog = catalog
        self.options = options
        self.reference = reference
    }

    /// A problem building a chart the user asked for by name.
    public enum Problem: Error, Equatable, CustomStringConvertible {
        case unknownInstrument(String)
        case unknownScale(instrument: String, scale: String)
        case noPairedInstrument(String, Rater)

        public var description: String {
            switch self {
            case .unknownInstrument(let id): "unknown instrument '\(id)'"
            case .unknownScale(let i, let s): "\(i) has no scale '\(s)'"
            case .noPairedInstrument(let id, let rater): "no \(rater.rawValue)-rated version of \(id)"
            }
        }
    }

    // MARK: Sessions

    /// First and last session of the client (1...1 when none).
    var sessionRange: ClosedRange<Int> {
        let numbers = summary.sessions.map(\.session)
        guard let lo = numbers.min(), let hi = numbers.max() else { return 1...1 }
        return lo...hi
    }

    /// Values per session of the range; nil for a session without a score.
    func values(_ points: [ScorePoint]) -> [Double?] {
        let range = sessionRange
        var out = [Double?](repeating: nil, count: range.count)
        for p in points where range.contains(p.session) { out[p.session - range.lowerBound] = p.value }
        return out
    }

    /// The therapist- or client-rated twin of an instrument (`wai-sr` ↔ `wai-sr-therapist`).
    func instrument(_ id: String, ratedBy rater: Rater) throws(Problem) -> Instrument {
        guard let base = try? catalog.instrument(id) else { throw .unknownInstrument(id) }
        if base.rater == rater { return base }
        let candidates: [String]
        if id == options.clientAlliance || id == options.therapistAlliance {
            candidates = [options.clientAlliance, options.therapistAlliance]
        } else if id.hasSuffix("-therapist") {
            candidates = [String(id.dropLast("-therapist".count))]
        } else {
            candidates = [id + "-therapist"]
        }
        for c in candidates {
            if let twin = try? catalog.instrument(c), twin.rater == rater { return twin }
        }
        throw .noPairedInstrument(id, rater)
    }

    /// Labels of whole scale points for mean-scored scales (`1: "Seldom"` …).
    static func valueLabels(_ instrument: Instrument, _ scale: Scale) -> [Int: String] {
        guard scale.method == .mean else { return [:] }
        var out: [Int: String] = [:]
        for option in instrument.responseScale { out[option.value] = option.label }
        return out
    }

    /// Sessions with a therapist note (x-axis markers).
    var noteSessions: [Int] { summary.notes.map(\.session) }

    // MARK: Charts

    /// The data of the dashboard's chart of `kind`.
    public func chartData(_ kind: ReviewChartKind) -> ReviewChartData {
        switch kind {
        case .alliance:
            let scales = options.allianceSubscales + [options.allianceScale]
            if let chart = try? trendData(options.clientAlliance, scales: scales, raters: [.client]) {
                return chart
            }
        case .gap:
            if let chart = try? trendData(
                options.clientAlliance, scales: [options.allianceScale], raters: [.client, .therapist])
            {
                return chart
            }
        case .outcome:
            return outcomeChart()
        case .identification:
            if let chart = try? trendData(
                options.identification, scales: [options.identificationScale], raters: [.client])
            {
                return chart
            }
        case .attachment:
            return attachmentChart()
        }
        return ReviewChartData(
            kind: kind, plot: .trend(TrendChartData(series: [], yRange: 0...1)), sentence: "No data for this chart.")
    }

    /// The data of a per-session chart of `scales` of `instrumentID` for one or both raters, with
    /// ruptures, therapist notes, and (for an outcome) the cut-off and reliable-change band.
    public func trendData(
        _ instrumentID: String, scales: [String], raters: [Rater]
    ) throws(Problem) -> ReviewChartData {
        var series: [TrendChartData.Series] = []
        var keys: [String] = []
        var first: Instrument?
        var yRange: ClosedRange<Double>?
        var labels: [Int: String] = [:]
        for rater in raters {
            let instrument = try instrument(instrumentID, ratedBy: rater)
            if first == nil { first = instrument }
            for scaleID in scales {
                guard let scale = instrument.scale(scaleID) else {
                    throw .unknownScale(instrument: instrument.id, scale: scaleID)
                }
                let range = instrument.scoreRange(of: scale)
                yRange =
                    yRange.map { min($0.lowerBound, range.lowerBound)...max($0.upperBound, range.upperBound) } ?? range
                if labels.isEmpty { labels = ReviewCharts.valueLabels(instrument, scale) }
                let name = raters.count > 1 ? "\(scale.label) (\(rater.rawValue))" : scale.label
                let key = SeriesKey(instrument: instrument.id, rater: rater, scale: scale.id).text
                series.append(
                    TrendChartData.Series(name: name, values: values(summary.series(instrument.id, rater, scale.id))))
                keys.append(key)
            }
        }
        guard let instrument = first, let range = yRange else { throw .unknownInstrument(instrumentID) }
        var ruptures: [TrendChartData.Rupture] = []
        for rupture in analysis.ruptures {
            guard let index = keys.firstIndex(of: rupture.series) else { continue }
            if !ruptures.contains(where: { $0.session == rupture.start && $0.seriesIndex == index }) {
                ruptures.append(TrendChartData.Rupture(session: rupture.start, open: rupture.open, seriesIndex: index))
            }
        }
        var cutoffs: [TrendChartData.Cutoff] = []
        var band: TrendChartData.Band?
        let primaryShown = scales.contains(instrument.primaryScale)
        if primaryShown, let cutoff = instrument.cutoff {
            cutoffs.append(
                TrendChartData.Cutoff(value: cutoff.value, label: "cut-off \(ChartText.number(cutoff.value))"))
        }
        if primaryShown, raters.count == 1,
            let rc = ReliableChangeCriterion(instrument.reliableChange)?.thresholdPoints,
            let baseline = summary.series(instrument.id, instrument.rater, instrument.primaryScale).first
        {
            let lo = max(range.lowerBound, baseline.value - rc)
            let hi = min(range.upperBound, baseline.value + rc)
            if lo < hi {
                band = TrendChartData.Band(range: lo...hi, label: "no reliable change from session \(baseline.session)")
            }
        }
        // The expected recovery of the current episode replaces the reliable-change band: its
        // upper edge is that band's until the clinic's data allow more (docs/review.md).
        var expectation: TrendChartData.Expectation?
        if primaryShown, raters.count == 1, let course = expectedCourse(instrument) {
            expectation = course.chart
            band = nil
        }
        let title =
            "\(instrument.shortTitle ?? instrument.title) — "
            + (raters.count > 1 ? "client vs therapist" : instrument.rater.rawValue)
        let chart = TrendChartData(
            series: series, yRange: range, valueLabels: labels, firstSession: sessionRange.lowerBound, title: title,
            cutoffs: cutoffs, ruptures: ruptures, noteSessions: noteSessions, band: band, expectation: expectation)
        let kind: ReviewChartKind =
            raters.count > 1
            ? .gap
            : options.outcomes.contains(instrument.id)
                ? .outcome
                : instrument.id == options.identification ? .identification : .alliance
        let sentence = ChartSentence(charts: self).trend(
            instrument: instrument, scales: scales, raters: raters, keys: keys)
        return ReviewChartData(kind: kind, plot: .trend(chart), sentence: sentence)
    }

    /// The outcome chart: the first outcome instrument with scores.
    func outcomeChart() -> ReviewChartData {
        for id in options.outcomes {
            guard let instrument = try? catalog.instrument(id),
                !summary.series(id, instrument.rater, instrument.primaryScale).isEmpty,
                let chart = try? trendData(id, scales: [instrument.primaryScale], raters: [instrument.rater])
            else { continue }
            return chart
        }
        return ReviewChartData(
            kind: .outcome, plot: .trend(TrendChartData(series: [], yRange: 0...1)), sentence: "No outcome scores yet.")
    }

    /// Attachment anxiety × avoidance, one dot per administration, the newest marked.
    func attachmentChart() -> ReviewChartData {
        let profile = analysis.attachment
        let points = (profile?.points ?? []).map {
            AttachmentChartData.Point(anxiety: $0.anxiety, avoidance: $0.avoidance)
        }
        var range = 1.0...7.0
        if let id = analysis.attachmentInstrument, let instrument = try? catalog.instrument(id),
            let scale = instrument.scale("anxiety")
        {
            range = instrument.scoreRange(of: scale)
        }
        let title = analysis.attachmentInstrument.flatMap { try? catalog.instrument($0) }.map {
            "\($0.shortTitle ?? $0.title) — attachment position"
        }
        let plot = AttachmentChartData(
            points: points, range: range, cut: profile?.cut, title: title ?? "Attachment position")
        return ReviewChartData(
            kind: .attachment, plot: .attachment(plot), sentence: ChartSentence(charts: self).attachment())
    }
}

// MARK: - Expected recovery

/// The expected course of one outcome measure in the client's latest episode with its scores.
public struct ExpectedCourse: Sendable, Equatable {
    /// What the chart draws.
    public var chart: TrendChartData.Expectation
    /// The episode measure (its track is the status at the latest score).
    public var measure: EpisodeMeasure
    /// The curve, by episode session.
    public var points: [TrackCurvePoint]
}

extension ReviewCharts {
    /// The band's legend: the tier and the size of the data behind it.
    public static func bandLabel(tier: TrackTier, referenceSize: Int) -> String {
        switch tier {
        case .rational: "band: tier 1, rational rules (no clinic data)"
        case .empirical: "band: tier 2, clinic percentiles (n = \(referenceSize) scores)"
        case .model: "band: tier 3, log-session model (n = \(referenceSize) episodes)"
        }
    }

    /// The episode measure of `instrumentID` in the latest episode that has its scores.
    public func episodeMeasure(_ instrumentID: String) -> (episode: EpisodeAnalysis, measure: EpisodeMeasure)? {
        for episode in analysis.episodes.reversed() {
            if let m = episode.measures.first(where: { $0.instrument == instrumentID }) { return (episode, m) }
        }
        return nil
    }

    /// The expected course and band of an outcome measure, drawn from the baseline of the latest
    /// episode through its last session; nil (nothing drawn) until that episode has two scores.
    public func expectedCourse(_ instrument: Instrument) -> ExpectedCourse? {
        guard options.outcomes.contains(instrument.id), case let (episode, m)? = episodeMeasure(instrument.id),
            m.scores >= 2, let baseline = m.baseline, let baselineSession = m.baselineSession,
            let rc = m.reliableChange, let scale = instrument.scale(instrument.primaryScale)
        else { return nil }
        let r = instrument.scoreRange(of: scale)
        let measure = TrackMeasure(
            instrument: instrument.id, reliableChange: rc, cutoff: m.cutoff, minimum: r.lowerBound,
            maximum: r.upperBound)
        let range = sessionRange
        let end = episode.open ? range.upperBound : (episode.lastSession ?? range.upperBound)
        let points = TrackRules.curve(
            baseline: baseline, through: end - baselineSession + 1, measure: measure,
            reference: reference.excluding(client: summary.clientId.rawValue), options: options.track)
        var expected = [Double?](repeating: nil, count: range.count)
        var low = expected
        var high = expected
        for p in points {
            let session = baselineSession + p.t - 1
            guard range.contains(session) else { continue }
            let i = session - range.lowerBound
            expected[i] = p.expected
            low[i] = p.low
            high[i] = p.high
        }
        let chart = TrendChartData.Expectation(
            expected: expected, low: low, high: high, expectedLabel: "expected",
            bandLabel: ReviewCharts.bandLabel(tier: m.track.tier, referenceSize: m.track.referenceSize))
        return ExpectedCourse(chart: chart, measure: m, points: points)
    }
}
