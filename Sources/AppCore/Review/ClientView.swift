import Analytics
import Foundation
import Instruments
import Store

/// The locked client view of the review screens: the therapist turns the screen to the client in
/// session. It holds only the client's own scores in plain words — outcome with the expected
/// range, and the client's own alliance ratings — and nothing therapist-only: no therapist
/// ratings, alerts, rupture markers, notes, prompts, other clients or caseload.
public struct ClientViewState: Sendable, Equatable {
    /// What is shown (built once, when the view opens).
    public var content: ClientViewContent
    /// The therapist passphrase being typed to leave (nil: not asked yet; Esc asks).
    public var unlock: TextEntry?

    public init(content: ClientViewContent) {
        self.content = content
        unlock = nil
    }
}

/// One chart of the client view with its plain sentence.
public struct ClientViewChart: Sendable, Equatable {
    /// "Your PHQ-9 scores (lower is better)".
    public var title: String
    /// What the chart draws (one line on one plot; AppUI draws it).
    public var chart: TrendChartData
    /// Plain words under it.
    public var sentence: String
}

/// The client-safe content of the client view.
public struct ClientViewContent: Sendable, Equatable {
    /// Outcome measures with scores (in the analysis order), then the client's alliance ratings.
    public var charts: [ClientViewChart]

    public init(charts: [ClientViewChart]) { self.charts = charts }

    /// Builds the content from the dashboard data, taking only client-rated series.
    public static func build(_ data: ClientDashboard) -> ClientViewContent {
        let charts = data.charts
        var out: [ClientViewChart] = []
        for id in data.options.outcomes {
            guard let instrument = try? charts.catalog.instrument(id), instrument.rater == .client,
                let scale = instrument.scale(instrument.primaryScale)
            else { continue }
            let points = data.summary.series(id, .client, scale.id).filter { $0.value.isFinite }
            guard !points.isEmpty else { continue }
            out.append(outcome(instrument, scale: scale, points: points, charts: charts))
        }
        if let instrument = try? charts.catalog.instrument(data.options.clientAlliance), instrument.rater == .client,
            let scale = instrument.scale(data.options.allianceScale)
        {
            let points = data.summary.series(instrument.id, .client, scale.id).filter { $0.value.isFinite }
            if !points.isEmpty { out.append(alliance(instrument, scale: scale, points: points, charts: charts)) }
        }
        return ClientViewContent(charts: out)
    }

    static func outcome(
        _ instrument: Instrument, scale: Scale, points: [ScorePoint], charts: ReviewCharts
    )
        -> ClientViewChart
    {
        let name = instrument.shortTitle ?? instrument.title
        let higherIsWorse = instrument.cutoff?.higherIsWorse ?? true
        var cutoffs: [TrendChartData.Cutoff] = []
        if let cutoff = instrument.cutoff {
            cutoffs.append(
                TrendChartData.Cutoff(value: cutoff.value, label: "clinical cut-off \(ChartText.number(cutoff.value))"))
        }
        var expectation: TrendChartData.Expectation?
        var track: Track?
        if let course = charts.expectedCourse(instrument) {
            expectation = course.chart
            expectation?.expectedLabel = "expected"
            expectation?.bandLabel = "expected range"
            track = course.measure.track
        }
        let chart = TrendChartData(
            series: [TrendChartData.Series(name: "", values: charts.values(points))],
            yRange: instrument.scoreRange(of: scale), firstSession: charts.sessionRange.lowerBound, cutoffs: cutoffs,
            expectation: expectation, overlay: true)
        let f = { (v: Double) in ChartText.score(v, decimals: scale.method == .mean) }
        var sentence: String
        if points.count == 1, let p = points.first {
            sentence =
                "Your score was \(f(p.value)) at session \(p.session). The expected range shows from your second score."
        } else if let first = points.first, let last = points.last {
            sentence =
                "Your score went from \(f(first.value)) at session \(first.session) to \(f(last.value)) at session \(last.session)"
            switch track?.status {
            case .onTrack?: sentence += ", within the range expected at this point."
            case .notYet?, .notOnTrack?:
                sentence +=
                    ", \(higherIsWorse ? "higher" : "lower") than expected at this point — something to look at together."
            default: sentence += "."
            }
        } else {
            sentence = ""
        }
        return ClientViewChart(
            title: "Your \(name) scores (\(higherIsWorse ? "lower" : "higher") is better)", chart: chart,
            sentence: sentence)
    }

    static func alliance(
        _ instrument: Instrument, scale: Scale, points: [ScorePoint], charts: ReviewCharts
    )
        -> ClientViewChart
    {
        let chart = TrendChartData(
            series: [TrendChartData.Series(name: "", values: charts.values(points))],
            yRange: instrument.scoreRange(of: scale), valueLabels: ReviewCharts.valueLabels(instrument, scale),
            firstSession: charts.sessionRange.lowerBound, overlay: true)
        let f = { (v: Double) in ChartText.score(v, decimals: scale.method == .mean) }
        var sentence: String
        if points.count >= 2, let first = points.first, let last = points.last {
            sentence =
                "Your rating went from \(f(first.value)) at session \(first.session) to \(f(last.value)) at session \(last.session)."
        } else if let p = points.first {
            sentence = "Your rating was \(f(p.value)) at session \(p.session)."
        } else {
            sentence = ""
        }
        return ClientViewChart(
            title: "How our work together felt to you (higher is better)", chart: chart, sentence: sentence)
    }
}
