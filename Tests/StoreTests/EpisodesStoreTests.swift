import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

@Suite("Episodes in the store")
struct EpisodesStoreTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
        try store.addClient(try ClientID("C1"))
    }

    func record(_ date: String) throws {
        let phq = try Fixtures.instrument("phq-9")
        _ = try store.save(
            NewAdministration(
                clientId: try ClientID("C1"), session: nil, sessionDate: try SessionDate(date), rater: .client,
                instrument: phq, answers: [1, 1, 1, 1, 1, 1, 1, 1, 0], administeredAt: clock.now(), source: .cli,
                replace: false))
    }

    @Test func dischargeSplitsEpisodesAndIsAudited() throws {
        let id = try ClientID("C1")
        #expect(try store.discharges(id).isEmpty)
        #expect(try store.episodes(id).count == 1)
        try record("2026-09-01")
        try record("2026-09-08")
        try record("2026-10-20")
        let d = try store.discharge(id, date: try SessionDate("2026-09-30"), reason: .completed)
        #expect(d.reason == .completed)
        let episodes = try store.episodes(id)
        #expect(episodes.map(\.firstSession) == [1, 3])
        #expect(episodes.map(\.lastSession) == [2, 3])
        let entries = try store.audit.entries().filter { $0.event == .episodeClosed }
        #expect(entries.count == 1 && entries.first?.session == 2 && entries.first?.client?.rawValue == "C1")
        let raw = try String(contentsOfFile: store.layout.episodes(id), encoding: .utf8)
        #expect(raw.contains("\"schemaVersion\":1"))
        // Default date: the latest session's.
        let second = try store.discharge(id, reason: .dropout)
        #expect(second.date.rawValue == "2026-10-20")
        #expect(try store.episodes(id).count == 2)
    }

    @Test func refusals() throws {
        let id = try ClientID("C1")
        // No session in the episode.
        #expect(throws: StoreError.self) { try store.discharge(id, reason: .completed) }
        try record("2026-09-01")
        // After today (the fixed clock is 2026-11-24).
        #expect(throws: StoreError.self) {
            try store.discharge(id, date: try SessionDate("2026-12-30"), reason: .other)
        }
        try store.discharge(id, date: try SessionDate("2026-09-01"), reason: .completed)
        // Not later than the previous discharge.
        #expect(throws: StoreError.self) {
            try store.discharge(id, date: try SessionDate("2026-09-01"), reason: .other)
        }
        // A later date with no session after the previous discharge.
        #expect(throws: StoreError.self) {
            try store.discharge(id, date: try SessionDate("2026-10-01"), reason: .other)
        }
        #expect(try store.discharges(id).count == 1)
        #expect(try store.audit.entries().filter { $0.event == .episodeClosed }.count == 1)
    }

    @Test func newerEpisodesFileIsRefused() throws {
        let id = try ClientID("C1")
        try Data(#"{"discharges":[],"schemaVersion":9}"#.utf8).write(
            to: URL(fileURLWithPath: store.layout.episodes(id)))
        #expect(throws: StoreError.self) { try store.discharges(id) }
    }
}
