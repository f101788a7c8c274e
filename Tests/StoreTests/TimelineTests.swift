import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// Sessions are numbered by date: a backdated form takes its place, later sessions move up, and
/// everything keyed to a session (notes, risk flags, acknowledgements, duplicates) follows.
@Suite("Session timeline")
struct TimelineTests {
    let fixture: OneClientStore
    var dir: TemporaryDirectory { fixture.dir }
    var store: DataStore { fixture.store }
    var clock: FixedClock { fixture.clock }
    var id: ClientID { fixture.id }

    init() throws { fixture = try OneClientStore() }

    /// PHQ-9 answers: 18 with item 9 endorsed, or 8 with item 9 at 0.
    static let severe: [Int?] = [2, 2, 2, 2, 2, 2, 2, 2, 2]
    static let mild: [Int?] = [1, 1, 1, 1, 1, 1, 1, 1, 0]

    @Test func backdatedFormsTakeTheirPlaceInDateOrder() throws {
        defer { dir.remove() }
        try fixture.save("2026-11-24", Self.severe)
        for date in ["2026-10-01", "2026-10-08", "2026-10-15"] { try fixture.save(date, Self.mild) }
        let summary = try store.summary(id)
        #expect(summary.sessions.map(\.date.rawValue) == ["2026-10-01", "2026-10-08", "2026-10-15", "2026-11-24"])
        #expect(summary.sessions.map(\.session) == [1, 2, 3, 4])
        #expect(
            summary.series("phq-9", .client, "total") == [
                ScorePoint(session: 1, value: 8), ScorePoint(session: 2, value: 8), ScorePoint(session: 3, value: 8),
                ScorePoint(session: 4, value: 18),
            ])
        #expect(summary.risk.map(\.session) == [4])
        #expect(summary.lastSessionDate?.rawValue == "2026-11-24")
        // The incrementally kept summary equals one rebuilt from the records.
        #expect(summary == (try store.rebuiltSummary(id, generation: summary.generation)))
        #expect(try store.session(for: id, on: try SessionDate("2026-10-10")) == 3)
    }

    @Test func aDateInTheFutureOrImplausiblyOldIsRefusedAndNothingWritten() throws {
        defer { dir.remove() }
        for date in ["2026-11-25", "2031-01-01", "1900-01-01", "1999-12-31"] {
            #expect(throws: StoreError.self) { try fixture.save(date, Self.mild) }
        }
        #expect(throws: StoreError.invalid("session date 2026-11-25 is in the future (today is 2026-11-24)")) {
            try fixture.save("2026-11-25", Self.mild)
        }
        #expect(
            throws: StoreError.invalid(
                "session date 1900-01-01 is implausibly old (the earliest accepted is 2000-01-01)")
        ) { try fixture.save("1900-01-01", Self.mild) }
        #expect(try store.recordNames(id).isEmpty)
        try fixture.save("2000-01-01", Self.mild)
        try fixture.save("2026-11-24", Self.mild)
    }

    @Test func anExplicitSessionMustAgreeWithTheDateOrder() throws {
        defer { dir.remove() }
        try fixture.save("2026-10-01", Self.mild)
        try fixture.save("2026-11-24", Self.mild)
        #expect(
            throws: StoreError.conflict(
                "session 99 contradicts the date order: client C1's form dated 2026-11-20 would be session 2")
        ) { try fixture.save("2026-11-20", Self.mild, session: 99) }
        #expect(
            throws: StoreError.conflict(
                "session 1 contradicts the date order: client C1's form dated 2026-11-24 belongs to session 2")
        ) {
            try fixture.save(
                "2026-11-24", [0, 0, 0, 0, 0, 0, 0], session: 1, instrument: try Fixtures.instrument("gad-7"))
        }
        #expect(try store.recordNames(id).count == 2)
        // The number the date gets is accepted.
        try fixture.save("2026-11-20", Self.mild, session: 2)
        try fixture.save("2026-11-24", [0, 0, 0, 0, 0, 0, 0], session: 3, instrument: try Fixtures.instrument("gad-7"))
        #expect(try store.summary(id).sessions.map(\.session) == [1, 2, 3])
    }

    @Test func duplicatesAreFoundByDateEvenWhenNumbersMoved() throws {
        defer { dir.remove() }
        let first = try fixture.save("2026-11-24", Self.mild)  // saved as session 1
        try fixture.save("2026-10-01", Self.mild)  // also saved as session 1; the first is now session 2
        #expect(
            throws: StoreError.duplicateRecord(
                client: "C1", instrument: "phq-9", rater: "client", session: 2, date: "2026-11-24")
        ) { try fixture.save("2026-11-24", Self.severe) }
        let fixed = try fixture.save("2026-11-24", Self.severe, replace: true)
        #expect(fixed.supersedes == first.id)
        #expect(fixed.session == 2)
        let summary = try store.summary(id)
        #expect(summary.series("phq-9", .client, "total").map(\.value) == [8, 18])
        #expect(summary.sessions.count == 2)
    }

    @Test func notesStayWithTheirSessionWhenABackdatedFormArrives() throws {
        defer { dir.remove() }
        try fixture.save("2026-11-24", Self.mild)
        try store.addNote(id, session: 1, text: "talked about work")
        try fixture.save("2026-10-01", Self.mild)
        let summary = try store.summary(id)
        #expect(summary.notes.map(\.session) == [2])
        #expect(summary.notes.first?.date?.rawValue == "2026-11-24")
        #expect(summary == (try store.rebuiltSummary(id, generation: summary.generation)))
        #expect(throws: StoreError.self) { try store.addNote(id, session: 3, text: "no such session") }
    }

    @Test func draftsAreFoundByDate() throws {
        defer { dir.remove() }
        let today = try SessionDate("2026-11-24")
        try store.saveDraft(
            Draft(
                clientId: id, session: 1, sessionDate: today, rater: .client, battery: ["phq-9"], updatedAt: clock.now()
            ))
        try fixture.save("2026-10-01", Self.mild)
        let draft = try #require(try store.draft(id, on: today, rater: .client))
        #expect(draft.session == 1)
        #expect(try store.draft(id, on: today, rater: .therapist) == nil)
        #expect(try store.session(for: id, on: today) == 2)
    }
}
