import Analytics
import AppCore
import AppUI
import Formats
import Foundation
import Instruments
import ScreenKit
import Store

extension ChartCommand {
    /// `--client ID`: the review screens' chart of one client, built by the same
    /// ``AppCore/ReviewCharts`` as the dashboard, with its sentence under it.
    func drawClient(_ raw: String, colorMode: ColorMode) throws {
        let id = try ClientID(raw)
        let signed = try signIn.signIn(data)
        let store = signed.store
        let catalog = try data.catalog()
        try signed.view(id)
        let summary = try store.summary(id)
        // The caseload SDs, as on the review screens, so the rupture markers are the same:
        // from the caseload index's statistics (its last line), not every client's summary.
        let sds = try CaseloadReader.caseloadSDs(store, catalog: catalog)
        // The client's episodes and the caseload's closed episodes, so the expected band is the
        // dashboard's (the reference from the rows cache when it is current: no summary read).
        let reference = try CaseloadReader.reference(store, catalog: catalog)
        let charts = ClientDashboard.build(
            summary: summary, catalog: catalog, caseloadSDs: sds, discharges: try store.discharges(id),
            reference: reference, baselines: try store.baselineChoices(id)
        ).charts
        guard let base = try? catalog.instrument(instrument) else {
            throw CLIError("unknown instrument '\(instrument)'; see 'rapport instruments list'", code: Exit.usage)
        }
        let raters: [Rater]
        switch rater {
        case nil: raters = [base.rater]
        case .client: raters = [.client]
        case .therapist: raters = [.therapist]
        case .both: raters = [.client, .therapist]
        }
        // Both raters: the main scale only, as the dashboard's "Client vs therapist" chart.
        var ids = raters.count > 1 ? [base.primaryScale] : base.scales.map(\.id)
        if let scales {
            ids = scales.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
            if ids.isEmpty { throw CLIError("--scales needs at least one scale id", code: Exit.usage) }
        }
        var chart = try Self.trend(charts, instrument, scales: ids, raters: raters, colorMode: colorMode)
        // --title, --y-min and --y-max apply here as with --csv.
        if case .line(var line) = chart.plot {
            if let title { line.title = title }
            if yMin != nil || yMax != nil {
                line.yRange = SeriesChart.yRange(data: line.yRange, yMin: yMin, yMax: yMax)
            }
            chart.plot = .line(line)
        }
        var screen = Screen(width: width, height: height)
        chart.render(into: &screen, in: screen.bounds)
        print(ANSIRenderer.render(screen, colorMode: colorMode), terminator: "")
    }

    /// ``AppCore/ReviewCharts/trend(_:scales:raters:colorMode:)`` with its problems as usage errors.
    static func trend(
        _ charts: ReviewCharts, _ instrument: String, scales: [String], raters: [Rater], colorMode: ColorMode
    ) throws -> ReviewChart {
        let result: Result<ReviewChart, ReviewCharts.Problem> = Result {
            () throws(ReviewCharts.Problem) -> ReviewChart in
            try charts.trend(instrument, scales: scales, raters: raters, colorMode: colorMode)
        }
        switch result {
        case .success(let chart): return chart
        case .failure(let problem): throw CLIError(problem.description, code: Exit.usage)
        }
    }
}
