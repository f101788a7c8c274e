import Analytics
import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

@Suite struct ReviewModelTests {
    @Test(arguments: [
        ([4.0, 4.0, 4.1, 4.0], AllianceTrend.Direction.steady),
        ([4.6, 4.4, 4.1, 3.9, 3.6], .falling),
        ([3.0, 3.3, 3.5], .rising),
        ([4.0, 3.0], .unknown),
    ])
    func trendDirection(values: [Double], direction: AllianceTrend.Direction) {
        let trend = AllianceTrend.of(values.enumerated().map { ($0.offset + 1, $0.element) })
        #expect(trend.direction == direction)
        #expect(trend.latest == values.last)
    }

    @Test func trendSkipsMissedSessionsAndReadsTheLastFive() {
        let points: [(session: Int, value: Double?)] = [
            (1, 1.0), (2, 1.0), (3, 4.0), (4, nil), (5, 4.0), (6, 4.1), (7, 4.0), (8, 2.9),
        ]
        let trend = AllianceTrend.of(points)
        #expect(trend.latestSession == 8)
        #expect(trend.isLow)
        #expect(trend.direction == .falling)
    }

    /// A summary with a clear dip in the client's alliance at session 5 that is back by 6.
    func summary() throws -> ClientSummary {
        let total = [4.2, 4.2, 4.3, 4.2, 3.1, 4.2, 4.3, 4.3]
        let bond = total.map { $0 - 0.6 }
        var series: [String: [ScorePoint]] = [:]
        func add(_ key: String, _ values: [Double]) {
            series[key] = values.enumerated().map { ScorePoint(session: $0.offset + 1, value: $0.element) }
        }
        add("wai-sr/client/total", total)
        add("wai-sr/client/goal", total)
        add("wai-sr/client/task", total.map { $0 + 0.1 })
        add("wai-sr/client/bond", bond)
        add("wai-sr-therapist/therapist/total", total.map { $0 - 1.2 })
        add("phq-9/client/total", [18, 16, 14, 12, 11, 9, 8, 7])
        let sessions = try (1...8).map {
            SessionInfo(session: $0, date: try SessionDate(String(format: "2026-01-%02d", $0)))
        }
        return ClientSummary(
            clientId: try ClientID("C7"), recordCount: 40, sessions: sessions, series: series,
            risk: [RiskFlag(session: 7, instrument: "phq-9", item: 9, recordId: "r")], notes: [])
    }

    @Test func entryAlertsInSeverityOrder() throws {
        let catalog = try Fixtures.catalog()
        let s = try summary()
        let analysis = ClientAnalysis.build(summary: s, catalog: catalog)
        let entry = CaseloadEntry(summary: s, analysis: analysis, catalog: catalog, options: .standard)
        #expect(entry.alerts.map(\.kind) == [.risk, .largeGap])
        #expect(entry.alerts[0].wording == "risk item answered (PHQ-9 item 9, session 7) — check in with the client")
        // A risk item many sessions back is still an alert until acknowledged.
        var older = s
        older.risk[0].session = 1
        let olderEntry = CaseloadEntry(
            summary: older, analysis: ClientAnalysis.build(summary: older, catalog: catalog), catalog: catalog,
            options: .standard)
        #expect(olderEntry.alerts.map(\.kind) == [.risk, .largeGap])
        #expect(olderEntry.alerts[0].shortText == "risk s1")
        var acknowledged = older
        acknowledged.risk[0].acknowledged = true
        let acknowledgedEntry = CaseloadEntry(
            summary: acknowledged, analysis: ClientAnalysis.build(summary: acknowledged, catalog: catalog),
            catalog: catalog, options: .standard)
        #expect(acknowledgedEntry.alerts.map(\.kind) == [.largeGap])
        #expect(acknowledgedEntry.risk)
        // A skipped risk item has its own alert.
        var skipped = s
        skipped.risk[0].unanswered = true
        let skippedEntry = CaseloadEntry(
            summary: skipped, analysis: ClientAnalysis.build(summary: skipped, catalog: catalog), catalog: catalog,
            options: .standard)
        #expect(skippedEntry.alerts.map(\.kind) == [.riskNotAnswered, .largeGap])
        #expect(skippedEntry.alerts[0].wording == "risk item not answered (PHQ-9 item 9, session 7) — ask in person")
        #expect(skippedEntry.alerts[0].shortText == "risk unanswered s7")
        #expect(
            ReviewAlert(kind: .possibleRupture, session: 10, wording: "w", raters: "client, therapist").shortText
                == "rupture s10 (client, therapist)")
        #expect(entry.allianceClient == 4.3)
        #expect(entry.outcome == "phq-9")
        #expect(entry.outcomeBand == "mild")
        #expect(entry.risk)
        #expect(entry.lastSession?.rawValue == "2026-01-08")
    }

    @Test func sentencesSayWhatChanged() throws {
        let catalog = try Fixtures.catalog()
        let s = try summary()
        let charts = ReviewCharts(
            summary: s, analysis: ClientAnalysis.build(summary: s, catalog: catalog), catalog: catalog)
        #expect(
            charts.chartData(.alliance).sentence
                == "Alliance fell from 4.2 to 3.1 at session 5 and came back by session 7 (now 4.3); bond is the lowest subscale."
        )
        #expect(
            charts.chartData(.outcome).sentence
                == "PHQ-9 fell from 18 at session 1 to 7 at session 8 — recovered (reliable improvement, now below the clinical cutoff); within the expected band at session 8 — on track."
        )
        #expect(
            charts.chartData(.gap).sentence
                == "Latest gap +1.2 at session 8 (client higher); 8 sessions ≥ 1 apart.")
        // `chart --client --rater both` (every scale, subscales first) says what the dashboard says.
        let both = try charts.trendData(
            "wai-sr", scales: ["goal", "task", "bond", "total"], raters: [.client, .therapist])
        #expect(both.sentence == charts.chartData(.gap).sentence)
        #expect(charts.chartData(.identification).sentence == "No Identification scores yet.")
        #expect(charts.chartData(.attachment).sentence == "No attachment questionnaire yet.")
    }

    @Test func chartOverlaysComeFromTheAnalysis() throws {
        let catalog = try Fixtures.catalog()
        var s = try summary()
        s.notes = [EventNote(session: 4, text: "holiday", createdAt: Fixtures.referenceDate)]
        let charts = ReviewCharts(
            summary: s, analysis: ClientAnalysis.build(summary: s, catalog: catalog), catalog: catalog)
        guard case .trend(let alliance) = charts.chartData(.alliance).plot,
            case .trend(let outcome) = charts.chartData(.outcome).plot
        else {
            Issue.record("line charts expected")
            return
        }
        #expect(alliance.series.map(\.name) == ["Goal", "Task", "Bond", "Total"])
        #expect(alliance.yRange == 1...5)
        #expect(alliance.valueLabels[5] == "Always")
        let dip = try #require(alliance.ruptures.first { $0.session == 5 })
        #expect(dip.seriesIndex == 3)
        #expect(!dip.open, "repaired")
        #expect(alliance.noteSessions == [4])
        #expect(outcome.cutoffs == [TrendChartData.Cutoff(value: 10, label: "cut-off 10")])
        // From two scores the expected course replaces the reliable-change band: tier 1, whose edge
        // is baseline + RC (18 + 6) before session 6 and max(baseline − RC, cut-off) = 12 from it.
        #expect(outcome.band == nil)
        let expected = try #require(outcome.expectation)
        #expect(expected.bandLabel == "band: tier 1, rational rules (no clinic data)")
        #expect(expected.high[1] == 24)
        #expect(expected.high[7] == 12)
        #expect(expected.expected[0] == 18)
        #expect(outcome.yRange == 0...27)
        #expect(alliance.series[0].values.count == 8)
    }

    @Test func unknownNamesAreProblems() throws {
        let catalog = try Fixtures.catalog()
        let s = try summary()
        let charts = ReviewCharts(
            summary: s, analysis: ClientAnalysis.build(summary: s, catalog: catalog), catalog: catalog)
        #expect(throws: ReviewCharts.Problem.unknownInstrument("nope")) {
            try charts.trendData("nope", scales: ["total"], raters: [.client])
        }
        #expect(throws: ReviewCharts.Problem.unknownScale(instrument: "wai-sr", scale: "mood")) {
            try charts.trendData("wai-sr", scales: ["mood"], raters: [.client])
        }
        #expect(throws: ReviewCharts.Problem.noPairedInstrument("phq-9", .therapist)) {
            try charts.trendData("phq-9", scales: ["total"], raters: [.client, .therapist])
        }
    }

    @Test func sessionDetailPutsRiskFirstAndMarksMoves() throws {
        let catalog = try Fixtures.catalog()
        let phq = try catalog.instrument("phq-9")
        let client = try ClientID("C1")
        func record(_ session: Int, _ answers: [Int?]) throws -> AdministrationRecord {
            AdministrationRecord(
                id: "s\(session)", clientId: client, session: session,
                sessionDate: try SessionDate("2026-01-0\(session)"),
                rater: .client, instrument: InstrumentRef(id: "phq-9", version: phq.version), answers: answers,
                result: try phq.score(answers), administeredAt: Fixtures.referenceDate, savedAt: Fixtures.referenceDate,
                source: .cli)
        }
        let records = [try record(1, [1, 1, 1, 1, 1, 1, 1, 1, 0]), try record(2, [1, 3, 1, 2, 1, 1, nil, 1, 1])]
        let detail = SessionDetail.build(client: client, session: 2, records: records, catalog: catalog)
        #expect(detail.previousSession == 1)
        #expect(detail.rows.count == 9)
        #expect(detail.rows[0].item == 9)
        #expect(detail.rows[0].riskFlagged)
        #expect(detail.rows[0].change == 1)
        #expect(detail.rows.filter(\.movedMost).map(\.item) == [2])
        #expect(detail.rows.first { $0.item == 7 }?.change == nil)
        #expect(detail.rows.first { $0.item == 2 }?.answerLabel == "Nearly every day")
    }
    @Test func sessionDetailKeepsTheRiskAnswerOfACorrectedForm() throws {
        let catalog = try Fixtures.catalog()
        let phq = try catalog.instrument("phq-9")
        let client = try ClientID("C1")
        func record(_ id: String, _ answers: [Int?], supersedes: String? = nil) throws -> AdministrationRecord {
            AdministrationRecord(
                id: id, clientId: client, session: 1, sessionDate: try SessionDate("2026-01-01"), rater: .client,
                instrument: InstrumentRef(id: "phq-9", version: phq.version), answers: answers,
                result: try phq.score(answers), administeredAt: Fixtures.referenceDate,
                savedAt: Fixtures.referenceDate, source: .cli, supersedes: supersedes)
        }
        let records = [
            try record("a", [1, 1, 1, 1, 1, 1, 1, 1, 2]),
            try record("b", [1, 1, 1, 1, 1, 1, 1, 1, 0], supersedes: "a"),
        ]
        let open = SessionDetail.build(client: client, session: 1, records: records, catalog: catalog)
        #expect(open.risk == ["PHQ-9 item 9 answered, then corrected — check in with the client; not yet acknowledged"])
        #expect(open.riskOpen)
        // The rows are the correction's.
        #expect(open.rows.first { $0.item == 9 }?.answer == 0)
        let ack = RiskAcknowledgement(
            recordId: "a", item: 9, instrument: "phq-9", sessionDate: try SessionDate("2026-01-01"),
            acknowledgedAt: Fixtures.referenceDate, role: .therapist)
        let done = SessionDetail.build(
            client: client, session: 1, records: records, catalog: catalog, acknowledgements: [ack])
        #expect(!done.riskOpen)
        #expect(
            done.risk.count == 1 && done.risk[0].contains("then corrected — check in with the client; acknowledged"))
    }
}
