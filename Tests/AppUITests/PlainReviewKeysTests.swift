import AppCore
import Foundation
import Store
import TestSupport
import Testing

@testable import AppUI

/// `review --plain` offers what the dashboard's r and e keys do (answer an alert, end the
/// episode) as line prompts, and says that the client view needs the full-screen review.
@Suite("review --plain: alerts and episodes", .serialized)
struct PlainReviewKeysTests {
    static let passphrase = "correct horse"

    func run(_ demo: DemoCaseload, lines: [String]) throws -> (output: String, state: ReviewState) {
        let effects = ReviewEffects(
            store: demo.store, catalog: demo.catalog, passphrase: try Passphrase.hash(Self.passphrase, rounds: 1_000))
        var lines = lines
        var secrets = [Self.passphrase]
        var output = ""
        let runner = PlainReviewRunner(
            state: ReviewState(now: Fixtures.referenceDate), now: { Fixtures.referenceDate },
            perform: { effects.perform($0) }, readLine: { lines.isEmpty ? nil : lines.removeFirst() },
            readSecretLine: { secrets.isEmpty ? nil : secrets.removeFirst() }, write: { output += $0 })
        _ = runner.run()
        return (output, runner.state)
    }

    /// The first client of the caseload with an alert waiting for an answer.
    func clientWithAnAlert(_ demo: DemoCaseload) throws -> (row: Int, client: ClientID) {
        let effects = ReviewEffects(store: demo.store, catalog: demo.catalog, passphrase: nil)
        let entries = try effects.loadCaseload().visibleEntries
        for (i, entry) in entries.enumerated() {
            let data = try effects.openClient(entry.client, caseloadSDs: [:])
            if data.alertToAnswer != nil { return (i + 1, entry.client) }
        }
        throw Failure(message: "no client with an alert to answer")
    }

    struct Failure: Error { var message: String }

    @Test func answerAnAlertAsLines() throws {
        let demo = try DemoCaseload.make()
        defer { demo.remove() }
        let (row, client) = try clientWithAnAlert(demo)
        #expect(try demo.store.alertResponses(client).isEmpty)
        let (output, state) = try run(demo, lines: [String(row), "r", "zz", "p", "q"])
        #expect(output.contains("r to answer an alert, e to end the episode"))
        #expect(output.contains("the client view needs the full-screen review, key v"))
        let alert = try #require(output.range(of: "\nAlert: "))
        #expect(
            output[alert.upperBound...].contains(
                "s seen, d discussed, p plan changed, x disagree (empty line: cancel): "))
        #expect(output.contains("Not understood."), "two letters are not a response")
        #expect(try demo.store.alertResponses(client).map(\.response) == [.planChanged])
        #expect(state.dashboard == nil || state.dashboard?.answer == nil)
    }

    @Test func disagreeNeedsAReasonAndAnEmptyLineCancels() throws {
        let demo = try DemoCaseload.make()
        defer { demo.remove() }
        let (row, client) = try clientWithAnAlert(demo)
        _ = try run(demo, lines: [String(row), "r", "", "r", "x", "", "q"])
        #expect(try demo.store.alertResponses(client).isEmpty, "cancelled twice: nothing saved")
        let (output, _) = try run(demo, lines: [String(row), "r", "x", "not a real drop", "q"])
        #expect(output.contains("Why do you disagree? Type the reason (empty line: cancel): "))
        let saved = try demo.store.alertResponses(client)
        #expect(saved.map(\.response) == [.disagree])
        #expect(saved.first?.reason == "not a real drop")
    }

    @Test func endTheEpisodeAsLines() throws {
        let demo = try DemoCaseload.make()
        defer { demo.remove() }
        let effects = ReviewEffects(store: demo.store, catalog: demo.catalog, passphrase: nil)
        let client = try #require(try effects.loadCaseload().visibleEntries.first?.client)
        let lastDate = try #require(try demo.store.summary(client).sessions.last?.date)
        // 1: the first client; e; reason 2 (stopped attending); n goes back; 9 is no reason; 2, y ends it.
        let (output, state) = try run(demo, lines: ["1", "e", "2", "n", "9", "2", "y", "q"])
        #expect(output.contains("End episode 1 on \(lastDate.rawValue), its last session. Why did it end?\n"))
        #expect(output.contains("  2. stopped attending\n"))
        #expect(
            output.contains(
                "End episode 1 on \(lastDate.rawValue) (stopped attending)? y to end it, n to choose again: "))
        #expect(output.contains("Not understood."))
        let saved = try demo.store.discharges(client)
        #expect(saved.map(\.reason) == [.dropout])
        #expect(saved.map(\.date) == [lastDate])
        #expect(output.contains("Episode ended on \(lastDate) (stopped attending); saved and audited."))
        #expect(state.dashboard?.discharge == nil)
    }
}
