import AppCore
import Foundation
import Store
import TestSupport
import Testing

/// `rapport client list` builds its rows exactly as the review caseload does: with each client's
/// episodes and the caseload's expected-recovery reference.
@Suite("client list follows episodes", .serialized)
struct CaseloadListTests {
    struct Row: Decodable {
        struct Alert: Decodable { var kind: String }
        var client: String
        var alerts: [Alert]
    }

    func listed(_ demo: DemoCaseload) throws -> [String: [String]] {
        let r = try runRapport(["client", "list", "--json"] + demo.dataArguments)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try JSONDecoder().decode([Row].self, from: Data(r.stdout.utf8))
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.client, $0.alerts.map(\.kind)) })
    }

    @Test("a discharged client's closed episode raises no not-on-track alert in the list, as in review")
    func dischargedClientIsNotFlagged() throws {
        let demo = try DemoCaseload.make(clients: 40, sessions: 12, seed: 1)
        defer { demo.remove() }
        let before = try listed(demo)
        let review = try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows
        // The list and the review caseload agree row by row.
        #expect(
            Dictionary(uniqueKeysWithValues: review.map { ($0.client.rawValue, $0.alerts.map(\.kind.rawValue)) })
                == before)
        let flagged = try #require(before.first { $0.value.contains("notOnTrack") }?.key)
        _ = try demo.store.discharge(try ClientID(flagged), reason: .completed)
        let after = try listed(demo)
        #expect(after[flagged]?.contains("notOnTrack") == false, "\(after[flagged] ?? [])")
        let reviewAfter = try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows
        #expect(reviewAfter.first { $0.client.rawValue == flagged }?.alerts.map(\.kind.rawValue) == after[flagged])
    }
}
