import Analytics
import Foundation
import Instruments
import Store
import TestSupport
import Testing

/// The feedback report and the demo's feedback seeding, as library code (no CLI).
@Suite("Feedback report (library)")
struct FeedbackReportTests {
    func library() throws -> PromptLibrary {
        try PromptLoader.loadDirectory(Fixtures.repositoryRoot.appendingPathComponent("assets/prompts"))
    }

    @Test func demoSeedingAnswersAlertsAndRecordsObstacleChecks() throws {
        let demo = try DemoCaseload.make(clients: 12, sessions: 14)
        defer { demo.remove() }
        let seeded = try DemoFeedback.seed(demo.store, catalog: demo.catalog, library: try library())
        #expect(seeded.checks == 4)  // every third of 12 clients
        #expect(seeded.answered > 0)
        let built = try FeedbackReport.build(
            store: demo.store, catalog: demo.catalog, library: try library(), only: nil)
        #expect(built.warnings.isEmpty)
        let answered = try #require(built.report.feedback?.answered)
        #expect(answered > 0 && answered <= seeded.answered)
    }

    @Test func aDamagedEpisodesFileIsAWarningAndTheClientOneOpenEpisode() throws {
        let demo = try DemoCaseload.make(clients: 3, sessions: 6)
        defer { demo.remove() }
        let id = try demo.store.clientIDs().ids[0]
        try Data("{".utf8).write(to: URL(fileURLWithPath: demo.store.layout.client(id) + "/episodes.json"))
        let built = try FeedbackReport.build(
            store: demo.store, catalog: demo.catalog, library: try library(), only: nil)
        #expect(built.warnings.count == 1)
        #expect(built.warnings.first?.hasSuffix("\(id) treated as one open episode") == true)
        #expect(built.report.clients.count == 3)
    }

    @Test func onlyTheVisibleClientsAreReported() throws {
        let demo = try DemoCaseload.make(clients: 4, sessions: 4)
        defer { demo.remove() }
        let first = try demo.store.clientIDs().ids[0]
        _ = try demo.store.updateClient(first) { $0.therapist = "t9" }
        let built = try FeedbackReport.build(
            store: demo.store, catalog: demo.catalog, library: try library(), only: nil,
            visibility: .therapists(["t9"]))
        #expect(built.report.clients.map(\.clientID) == [first.rawValue])
    }
}
