import AppCore
import Foundation
import Instruments
import Store
import TestSupport
import Testing

/// An answered alert stops nagging in the caseload too, until a later session triggers it again.
@Suite("answered alerts in the caseload")
struct AnsweredAlertCaseloadTests {
    func row(_ store: DataStore, _ catalog: InstrumentCatalog, _ id: ClientID) throws -> CaseloadEntry {
        try #require(try CaseloadReader.rows(store, catalog: catalog).rows.first { $0.client == id })
    }

    @Test("a not-on-track alert answered 'seen' leaves the row, and a later off-track score brings it back")
    func notOnTrackQuietsUntilANewSession() throws {
        let demo = try DemoCaseload.make(clients: 40, sessions: 12, seed: 1)
        defer { demo.remove() }
        let rows = try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows
        let flagged = try #require(rows.first { $0.alerts.contains { $0.kind == .notOnTrack } })
        let id = flagged.client
        let effects = ReviewEffects(store: demo.store, catalog: demo.catalog, passphrase: nil)
        let dashboard = try effects.openClient(id, caseloadSDs: [:])
        let offTrack = try #require(dashboard.analysis.feedback?.alerts.filter { $0.kind == .notOnTrack })
        #expect(!offTrack.isEmpty)
        // Answering only some of the measures keeps the alert for the others.
        for alert in offTrack {
            _ = try demo.store.answerAlert(
                id, alert: alert.id, response: .seen, reason: nil, evidenceDate: alert.evidenceDate)
        }
        let quiet = try row(demo.store, demo.catalog, id)
        #expect(!quiet.alerts.contains { $0.kind == .notOnTrack }, "\(quiet.alerts.map(\.bareText))")
        // Still off track, only answered: "stuck" does not take its place.
        #expect(!quiet.alerts.contains { $0.kind == .outcomeNotImproving && offTrack.map(\.source).contains("phq-9") })
        // The dashboard's alert row agrees with the caseload.
        #expect(try effects.openClient(id, caseloadSDs: [:]).entry.alerts.map(\.kind) == quiet.alerts.map(\.kind))

        // A later session with the highest scores: new evidence, and the client nags again (as not on
        // track, or as reliably worse, which takes its place).
        let phq = try demo.catalog.instrument("phq-9")
        let answers: [Int?] = [3, 3, 3, 3, 3, 3, 3, 3, 0]
        _ = try demo.store.save(
            NewAdministration(
                clientId: id, sessionDate: try SessionDate("2026-11-20"), rater: .client, instrument: phq,
                answers: answers, administeredAt: demo.clock.now(), source: .cli))
        let back = try row(demo.store, demo.catalog, id)
        #expect(
            back.alerts.contains { $0.kind == .notOnTrack || $0.kind == .reliableDeterioration },
            "\(back.alerts.map(\.bareText))")
    }
}
