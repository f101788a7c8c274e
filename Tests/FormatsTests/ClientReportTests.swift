import AppCore
import Formats
import Foundation
import Instruments
import ScreenKit
import Store
import TestSupport
import Testing

@Suite("Printable client report", .serialized)
struct ClientReportTests {
    func report(_ view: ClientReport.View, demo: DemoCaseload, client: ClientID) throws -> String {
        let summary = try demo.store.summary(client)
        let records = try demo.store.records(client).records
        return ClientReport(
            view: view, summary: summary, records: records, catalog: demo.catalog, generated: Fixtures.referenceDate
        ).html()
    }

    @Test func therapistViewHasChartsAlertsAndSessions() throws {
        let demo = try DemoCaseload.make(clients: 6, sessions: 8)
        defer { demo.remove() }
        let ids = try demo.store.clientIDs().ids
        // A client with a risk item, so the risk table is tested.
        let client = try #require(try ids.first { !(try demo.store.summary($0).risk.isEmpty) } ?? ids.first)
        try demo.store.addNote(client, session: 2, text: "Talked about <the move> & work")
        let html = try report(.therapist, demo: demo, client: client)
        let summary = try demo.store.summary(client)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Therapist view"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(html.contains("Client vs therapist") || html.contains("client vs therapist"))
        #expect(html.contains("<h2>Alerts</h2>"))
        #expect(html.contains("Talked about &lt;the move&gt; &amp; work"))
        #expect(!html.contains("<the move>"))
        if let flag = summary.risk.first {
            let instrument = try demo.catalog.instrument(flag.instrument)
            #expect(html.contains("<h3>Risk items answered</h3>"))
            #expect(html.contains(HTML.escape(instrument.items[flag.item - 1].text)))
        }
        // Every session is listed, in date order.
        var last = html.startIndex
        for s in summary.sessions.sorted(by: { $0.date < $1.date }) {
            let r = try #require(
                html.range(of: "<td>\(s.date.rawValue)</td>", range: last..<html.endIndex), "session \(s.session)")
            last = r.upperBound
        }
        // Self-contained: no scripts, no external resources.
        for banned in ["<script", "src=", "href=", "url(", "@import", "<link", "<iframe", "<img"] {
            #expect(!html.lowercased().contains(banned), "\(banned)")
        }
    }

    /// A corrected form's risk answer stays in the table, with the answer it was given.
    @Test func aCorrectedRiskAnswerIsShownWithItsAnswer() throws {
        let fixture = try OneClientStore()
        defer { fixture.dir.remove() }
        try fixture.save("2026-11-10", [1, 1, 1, 1, 1, 1, 1, 1, 2])
        fixture.clock.advance(by: 60)
        try fixture.save("2026-11-10", [1, 1, 1, 1, 1, 1, 1, 1, 0], replace: true)
        let html = ClientReport(
            view: .therapist, summary: try fixture.store.summary(fixture.id),
            records: try fixture.store.records(fixture.id).records, catalog: try Fixtures.catalog(),
            generated: Fixtures.referenceDate
        ).html()
        #expect(html.contains("<td>2 More than half the days (corrected later)</td>"))
        #expect(html.contains("risk item answered, then corrected (PHQ-9 item 9, session 1)"))
    }

    @Test func clientViewLeavesOutTherapistContent() throws {
        let demo = try DemoCaseload.make(clients: 6, sessions: 8)
        defer { demo.remove() }
        let client = try #require(try demo.store.clientIDs().ids.first)
        try demo.store.addNote(client, session: 2, text: "Private note for the therapist")
        let therapist = try report(.therapist, demo: demo, client: client)
        let html = try report(.client, demo: demo, client: client)
        #expect(therapist.contains("Private note for the therapist"))
        #expect(therapist.contains("<td>therapist</td>"))
        #expect(html.contains("Client view"))
        #expect(html.contains("<svg class=\"chart\""))
        #expect(!html.contains("Private note"))
        #expect(!html.contains("<td>therapist</td>"))
        #expect(!html.contains("(therapist)"))
        #expect(!html.contains("<h2>Alerts</h2>"))
        #expect(!html.contains("rupture"))
        #expect(!html.contains("note</span>"))
    }

    @Test func svgLineChartBreaksAtGapsAndDrawsBandCutoffAndMarkers() throws {
        let chart = LineChartFixture.make()
        let svg = SVGChart.line(chart, title: "PHQ-9 — client")
        // Values 10, 12, nil, 8, 7: two runs, the first of 2 points, the second of 2 points.
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains("cut-off 10"))
        #expect(svg.contains("no reliable change"))
        #expect(svg.contains("▼"))
        #expect(svg.contains("◇"))
        #expect(svg.contains("<title>PHQ-9 — client</title>"))
    }
}

enum LineChartFixture {
    static func make() -> LineChart {
        LineChart(
            series: [ChartSeries(name: "Total", values: [10, 12, nil, 8, 7])], yRange: 0...27, firstSession: 1,
            title: "PHQ-9",
            cutoffs: [ChartCutoff(value: 10, label: "cut-off 10")],
            markers: [ChartPointMarker(session: 2, symbol: "▼", label: "possible rupture", seriesIndex: 0)],
            events: [ChartEventMarker(session: 4, symbol: "◇", label: "note")],
            band: ChartBand(range: 4...16, label: "no reliable change from session 1"))
    }
}
