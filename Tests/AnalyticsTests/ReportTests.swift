import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import Analytics

/// A summary with the given series (keys as `SeriesKey` text, values for sessions 1, 2, …).
func summary(_ id: String, _ series: [String: [Double?]]) throws -> ClientSummary {
    let count = series.values.map(\.count).max() ?? 0
    let date = try SessionDate("2026-01-05")
    var stored: [String: [ScorePoint]] = [:]
    for (key, values) in series {
        stored[key] = values.enumerated().compactMap { i, v in v.map { ScorePoint(session: i + 1, value: $0) } }
    }
    return ClientSummary(
        clientId: try ClientID(id), recordCount: 0,
        sessions: (1...Swift.max(1, count)).map { SessionInfo(session: $0, date: date) }, series: stored, risk: [],
        notes: [])
}

struct ReportTests {
    static let sds = ["wai-sr/client/total": 0.5, "wai-sr-therapist/therapist/total": 0.5]

    @Test func repairedRuptureRecoveredOutcomeNoAlerts() throws {
        let a = try summary(
            "A",
            [
                "wai-sr/client/total": [4.0, 4.2, 4.0, 4.1, 2.5, 3.0, 4.2],
                "wai-sr-therapist/therapist/total": [3.8, 3.9, 4.0, 4.0, 3.8, 3.9, 4.0],
                "phq-9/client/total": [15, nil, 12, nil, nil, nil, 9],
                "ecr-rs/client/anxiety": [5, nil, nil, nil, nil, 3, nil],
                "ecr-rs/client/avoidance": [2, nil, nil, nil, nil, 2, nil],
            ])
        let analysis = ClientAnalysis.build(summary: a, catalog: try Fixtures.catalog(), caseloadSDs: Self.sds)
        #expect(analysis.ruptures.map(\.rule) == [.stiles, .strauss])
        #expect(analysis.ruptures.allSatisfy { $0.series == "wai-sr/client/total" && $0.repairedAt == 7 })
        #expect(analysis.outcomes.map(\.instrument) == ["phq-9"])
        #expect(analysis.outcomes.first?.change.status == .recovered)
        #expect(analysis.attachmentInstrument == "ecr-rs")
        #expect(analysis.attachment?.points.map(\.quadrant) == [.preoccupied, .secure])
        let total = analysis.gap.scales.first { $0.scale == "total" }
        #expect(total?.sessions.count == 7)
        #expect(close(total?.sessions.last?.gap, 0.2))
        // A large gap at the trough (2.5 vs 3.8) but not at the latest session: no alert.
        #expect(total?.largeGapSessions == [5])
        #expect(analysis.alerts.isEmpty)
    }

    @Test func alertsForOpenRuptureDeteriorationCeilingGapAndDivergence() throws {
        let b = try summary(
            "B",
            [
                "wai-sr/client/total": [5, 5, 5, 5],
                "wai-sr/client/goal": [5, 5, 5, 3.5],
                "wai-sr/client/bond": [5, 5, 5, 5],
                "wai-sr-therapist/therapist/total": [4, 4, 4, 2],
                "phq-9/client/total": [8, 11, 14, nil],
            ])
        let analysis = ClientAnalysis.build(summary: b, catalog: try Fixtures.catalog(), caseloadSDs: Self.sds)
        #expect(analysis.ceilings == [CeilingFinding(series: "wai-sr/client/total", sessions: 4, scaleMaximum: 5)])
        #expect(analysis.ruptures.map(\.rule) == [.stiles, .strauss])
        #expect(analysis.ruptures.allSatisfy { $0.open && !$0.repaired && $0.start == 4 })
        #expect(
            analysis.alerts.map(\.kind) == [
                .possibleRupture, .reliableDeterioration, .largeGap, .subscaleDivergence, .ceiling,
            ])
        #expect(analysis.alerts.first?.wording == RuptureRule.stiles.therapistWording)
        #expect(
            analysis.alerts.first { $0.kind == .subscaleDivergence }?.wording
                == "bond high, goal low — worth talking about goal")
    }

    @Test func caseloadReportCountsAndListsExcludedClients() throws {
        // Alliance at session 3 = 3, 1, 4, 2, 5; PHQ-9 pre/post = the worked table of CorrelationTests.
        var summaries: [ClientSummary] = []
        let alliance: [Double] = [3, 1, 4, 2, 5]
        let pre: [Double] = [1, 2, 3, 4, 5]
        let post: [Double] = [2, 1, 4, 3, 5]
        for i in 0..<5 {
            summaries.append(
                try summary(
                    "C\(i)",
                    [
                        "wai-sr/client/total": [3, 3, alliance[i]],
                        "si-therapist/client/identification": [4, 4, Double(i + 1) + (i == 2 ? 0.5 : 0)],
                        "phq-9/client/total": [pre[i], nil, post[i]],
                    ]))
        }
        summaries.append(
            try summary("X-no-session-3", ["wai-sr/client/total": [3, 3], "phq-9/client/total": [5, 4]]))
        summaries.append(
            try summary(
                "Y-one-outcome",
                [
                    "wai-sr/client/total": [3, 3, 3], "si-therapist/client/identification": [4, 4, 4],
                    "phq-9/client/total": [5],
                ]))
        let report = CaseloadReport.build(
            summaries: summaries, catalog: try Fixtures.catalog(), options: AnalysisOptions(resamples: 200))
        let ao = try #require(report.allianceOutcome)
        #expect(ao.n == 5 && close(ao.r, 5.0 / 6, 1e-12))
        #expect(ao.excluded.map(\.clientID) == ["X-no-session-3", "Y-one-outcome"])
        let mediation = try #require(report.mediation)
        #expect(mediation.n == 5)
        #expect(
            mediation.excluded.map(\.reason) == [
                "no identification score (session 3)", "fewer than two outcome scores",
            ])
        let expected = Mediation.paths(
            x: [1, 2, 3.5, 4, 5], m: alliance,
            y: try #require(ResidualGain.compute(pre: pre, post: post)))
        #expect(close(mediation.indirect, try #require(expected?.indirect), 1e-12))

        let one = CaseloadReport.build(summaries: summaries, catalog: try Fixtures.catalog(), only: "C1")
        #expect(one.clients.map(\.clientID) == ["C1"] && one.allianceOutcome == nil && one.mediation == nil)
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let b = try summary("B", ["wai-sr-therapist/therapist/total": [4, 4, 4, 2]])
        let report = CaseloadReport.build(
            summaries: [b], catalog: try Fixtures.catalog(),
            options: AnalysisOptions(rupture: RuptureConfig(caseloadSD: 0.5), resamples: 10))
        let data = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let clients = try #require(object["clients"] as? [[String: Any]])
        let ruptures = try #require(clients.first?["ruptures"] as? [[String: Any]])
        #expect(ruptures.count == 2)
        for key in ["rule", "start", "trough", "depth", "length", "repaired", "repairedAt"] {
            #expect(ruptures.first?.keys.contains(key) == true, "missing \(key)")
        }
        #expect(ruptures.first?["repairedAt"] is NSNull)
        let ao = try #require(object["allianceOutcome"] as? [String: Any])
        for key in ["r", "n", "ci", "p", "excluded"] {
            #expect(ao.keys.contains(key), "missing \(key)")
        }
        #expect(object["mediation"] is [String: Any])
        #expect(try JSONDecoder().decode(CaseloadReport.self, from: data) == report)
    }
}

/// Rupture alerts name their raters; risk flags are alerts until acknowledged.
struct ReportAlertTests {
    @Test func aRuptureSeenByClientAndTherapistIsOneAlertNamingBoth() throws {
        let s = try summary(
            "R",
            [
                "wai-sr/client/total": [4, 4.1, 4, 4.1, 4, 2],
                "wai-sr-therapist/therapist/total": [4, 4.1, 4, 4.1, 4, 2],
            ])
        let analysis = ClientAnalysis.build(summary: s, catalog: try Fixtures.catalog(), caseloadSDs: ReportTests.sds)
        #expect(Set(analysis.ruptures.map(\.series)) == ["wai-sr/client/total", "wai-sr-therapist/therapist/total"])
        let ruptures = analysis.alerts.filter { $0.kind == .possibleRupture }
        #expect(ruptures.count == 1)
        #expect(ruptures.first?.session == 6)
        #expect(ruptures.first?.raters == "client, therapist")
        #expect(ruptures.first?.source == "wai-sr/client/total,wai-sr-therapist/therapist/total")

        let therapistOnly = try summary(
            "T",
            ["wai-sr/client/total": [4, 4, 4, 4, 4, 4], "wai-sr-therapist/therapist/total": [4, 4.1, 4, 4.1, 4, 2]])
        let t = ClientAnalysis.build(
            summary: therapistOnly, catalog: try Fixtures.catalog(), caseloadSDs: ReportTests.sds)
        #expect(t.alerts.filter { $0.kind == .possibleRupture }.map(\.raters) == ["therapist"])
    }

    @Test func unacknowledgedRiskFlagsAreAlertsFirst() throws {
        var s = try summary("K", ["wai-sr/client/total": [4, 4, 4, 4, 4]])
        s.risk = [
            RiskFlag(session: 1, instrument: "phq-9", item: 9, recordId: "a"),
            RiskFlag(session: 2, instrument: "core-10", item: 6, recordId: "b", unanswered: true),
            RiskFlag(session: 3, instrument: "phq-9", item: 9, recordId: "c", acknowledged: true),
        ]
        let analysis = ClientAnalysis.build(summary: s, catalog: try Fixtures.catalog())
        #expect(analysis.risk.map(\.recordId) == ["a", "b"])
        #expect(analysis.alerts.map(\.kind) == [.risk, .riskNotAnswered])
        #expect(
            analysis.alerts.map(\.wording) == [
                "risk item answered (PHQ-9 item 9, session 1) — check in with the client",
                "risk item not answered (CORE-10 item 6, session 2) — ask in person",
            ])
    }
}
