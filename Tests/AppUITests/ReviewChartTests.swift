import Analytics
import AppCore
import Foundation
import Instruments
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// AppUI draws AppCore's chart data: ruptures and notes become the markers the dashboard shows,
/// the attachment data a scatter plot, the client view's data one overlaid line.
@Suite struct ReviewChartTests {
    /// A client whose alliance dips at session 5 and is back by 6, with a note at session 4.
    func charts() throws -> ReviewCharts {
        let catalog = try Fixtures.catalog()
        let total = [4.2, 4.2, 4.3, 4.2, 3.1, 4.2, 4.3, 4.3]
        var series: [String: [ScorePoint]] = [:]
        func add(_ key: String, _ values: [Double]) {
            series[key] = values.enumerated().map { ScorePoint(session: $0.offset + 1, value: $0.element) }
        }
        add("wai-sr/client/total", total)
        add("wai-sr/client/goal", total)
        add("wai-sr/client/task", total.map { $0 + 0.1 })
        add("wai-sr/client/bond", total.map { $0 - 0.6 })
        add("phq-9/client/total", [18, 16, 14, 12, 11, 9, 8, 7])
        let sessions = try (1...8).map {
            SessionInfo(session: $0, date: try SessionDate(String(format: "2026-01-%02d", $0)))
        }
        var s = ClientSummary(
            clientId: try ClientID("C7"), recordCount: 40, sessions: sessions, series: series, risk: [], notes: [])
        s.notes = [EventNote(session: 4, text: "holiday", createdAt: Fixtures.referenceDate)]
        return ReviewCharts(summary: s, analysis: ClientAnalysis.build(summary: s, catalog: catalog), catalog: catalog)
    }

    @Test func rupturesAndNotesBecomeMarkers() throws {
        let charts = try charts()
        let chart = charts.chart(.alliance, colorMode: .basic)
        guard case .line(let alliance) = chart.plot else {
            Issue.record("line chart expected")
            return
        }
        #expect(chart.sentence == charts.chartData(.alliance).sentence)
        #expect(alliance.colorMode == .basic)
        #expect(alliance.series.map(\.name) == ["Goal", "Task", "Bond", "Total"])
        #expect(alliance.valueLabels[5] == "Always")
        let dip = try #require(alliance.markers.first { $0.session == 5 })
        #expect(dip.seriesIndex == 3)
        #expect(dip.symbol == "▽", "repaired")
        #expect(dip.label == "rupture, repaired")
        #expect(alliance.events == [ChartEventMarker(session: 4, symbol: "◇", label: "note")])
        guard case .line(let outcome) = charts.chart(.outcome, colorMode: .none).plot else {
            Issue.record("line chart expected")
            return
        }
        #expect(outcome.cutoffs == [ChartCutoff(value: 10, label: "cut-off 10")])
        #expect(outcome.expectation?.bandLabel == "band: tier 1, rational rules (no clinic data)")
        #expect(outcome.layout == .automatic)
    }

    @Test func anOpenRuptureIsAFilledMarker() {
        let data = TrendChartData(
            series: [.init(name: "Total", values: [4, 3])], yRange: 1...5,
            ruptures: [.init(session: 2, open: true, seriesIndex: 0)], overlay: true)
        let chart = LineChart(data, colorMode: .none)
        #expect(chart.markers == [ChartPointMarker(session: 2, symbol: "▼", label: "possible rupture", seriesIndex: 0)])
        #expect(chart.layout == .overlay)
    }

    @Test func attachmentIsAScatterPlot() throws {
        let data = ReviewChartData(
            kind: .attachment,
            plot: .attachment(
                AttachmentChartData(
                    points: [.init(anxiety: 2, avoidance: 5)], range: 1...7, cut: 4,
                    title: "ECR-RS — attachment position")
            ), sentence: "s")
        guard case .scatter(let plot) = ReviewChart(data, colorMode: .none).plot else {
            Issue.record("scatter plot expected")
            return
        }
        #expect(plot.points == [ScatterPlot.Point(x: 2, y: 5)])
        #expect(plot.xLabel == "anxiety" && plot.yLabel == "avoidance")
        #expect(plot.xCut == 4 && plot.yCut == 4)
        #expect(plot.title == "ECR-RS — attachment position")
    }
}
