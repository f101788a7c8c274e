import Analytics
import Foundation
import Store
import TestSupport
import Testing

@testable import Formats

/// The readable `rapport analyze` report, built in the library from a caseload report.
@Suite struct AnalyzeTextTests {
    @Test func demoCaseloadReport() throws {
        let demo = try DemoCaseload.make(clients: 12, sessions: 8, seed: 5)
        defer { demo.remove() }
        let (summaries, problems) = try demo.store.summaries()
        #expect(problems.isEmpty)
        var options = AnalysisOptions.standard
        options.resamples = 100
        let report = CaseloadReport.build(summaries: summaries, catalog: demo.catalog, options: options)
        let text = AnalyzeText.render(report)
        #expect(text.hasPrefix("Client D0001 — "))
        for c in report.clients { #expect(text.contains("Client \(c.clientID) — ")) }
        #expect(text.contains("Alliance–outcome (alliance at "))
        #expect(text.contains("Mediation: X = "))
        // Per client: the block of `client(_:)`, in order, each ending in a blank line.
        let blocks = report.clients.map { AnalyzeText.client($0) + "\n" }.joined()
        #expect(text.hasPrefix(blocks))
    }

    @Test func emptyCaseload() throws {
        let catalog = try Fixtures.catalog()
        let report = CaseloadReport.build(summaries: [], catalog: catalog)
        #expect(AnalyzeText.render(report).hasPrefix("No clients.\n\n"))
    }

    @Test func caseloadNumbers() {
        #expect(AnalyzeText.fmt3(0.1234) == "0.123")
        #expect(AnalyzeText.fmtP(nil) == "—")
        #expect(AnalyzeText.fmtP(0.0004) == "< .001")
        #expect(AnalyzeText.fmtP(0.04) == "0.040")
        #expect(AnalyzeText.excludedLines([]) == "")
    }

    @Test func obstacleText() throws {
        let check = ObstacleCheck(
            date: try SessionDate("2026-02-03"), answers: [.support: .no, .relationship: .yes],
            notes: [.relationship: "felt rushed"], recordedAt: Date(timeIntervalSince1970: 0))
        #expect(ObstacleText.answers(check) == "relationship yes, social support no")
        #expect(
            ObstacleText.line(check) == "2026-02-03  relationship yes, social support no\n  relationship: felt rushed")
    }
}
