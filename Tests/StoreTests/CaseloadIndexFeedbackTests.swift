import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// The caseload index keeps each client's discharges, answers to alerts and baseline choices, so
/// that the caseload reads one file, not one (or three) per client (issue 13, "Speed").
@Suite("Caseload index feedback")
struct CaseloadIndexFeedbackTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let wai: Instrument

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
        wai = try Fixtures.instrument("wai-sr")
    }

    func save(_ client: String, _ date: String) throws {
        try store.save(
            NewAdministration(
                clientId: try ClientID(client), sessionDate: try SessionDate(date), rater: .client, instrument: wai,
                answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4], administeredAt: clock.now(), source: .cli))
    }

    func makeCaseload() throws {
        for c in ["A1", "B2", "C3"] {
            try store.addClient(try ClientID(c))
            try save(c, "2026-10-01")
            try save(c, "2026-10-08")
        }
    }

    @Test func dischargesAnswersAndBaselinesAreFollowedWithoutARebuild() throws {
        defer { dir.remove() }
        try makeCaseload()
        #expect(try store.caseload().feedback.isEmpty)
        let a1 = try ClientID("A1")
        let b2 = try ClientID("B2")
        let discharge = try store.discharge(a1, date: try SessionDate("2026-10-08"), reason: .completed)
        let answer = try store.answerAlert(
            b2, alert: "rupture:wai-sr:2", response: .seen, reason: nil, evidenceDate: try SessionDate("2026-10-08"))
        let baseline = try store.chooseBaseline(
            b2, episode: 1, action: .invalid, date: try SessionDate("2026-10-01"))
        let read = try store.caseload()
        #expect(!read.rebuilt)
        #expect(read.feedback[a1] == CaseloadFeedback(discharges: [discharge]))
        #expect(read.feedback[b2] == CaseloadFeedback(responses: [answer], baselines: [baseline]))
        #expect(read.feedback[try ClientID("C3")] == nil)
        #expect(read.discharges == ["A1": [discharge]])
        #expect(read.responses == ["B2": [answer]])
        // A save after the discharge keeps the client's feedback on its new line.
        try save("A1", "2026-10-15")
        let again = try store.caseload()
        #expect(!again.rebuilt)
        #expect(again.feedback[a1] == CaseloadFeedback(discharges: [discharge]))
        // A rebuild reads the same from the files.
        let rebuilt = try store.rebuildCaseloadIndex()
        #expect(rebuilt.feedback == again.feedback)
        #expect(try store.caseload().feedback == again.feedback)
    }

    @Test func theCaseloadDoesNotReadTheClientsFeedbackFiles() throws {
        defer { dir.remove() }
        try makeCaseload()
        let a1 = try ClientID("A1")
        let discharge = try store.discharge(a1, date: try SessionDate("2026-10-08"), reason: .completed)
        #expect(!(try store.caseload().rebuilt))
        // The episodes file made unreadable behind the index's back: the caseload still has the
        // discharge, so it did not read the file.
        try Data("not json".utf8).write(to: URL(fileURLWithPath: store.layout.episodes(a1)))
        #expect(throws: StoreError.self) { try store.discharges(a1) }
        let read = try store.caseload()
        #expect(!read.rebuilt)
        #expect(read.discharges == ["A1": [discharge]])
    }

    @Test func aVersion1IndexIsRebuilt() throws {
        defer { dir.remove() }
        try makeCaseload()
        _ = try store.discharge(try ClientID("A1"), date: try SessionDate("2026-10-08"), reason: .completed)
        _ = try store.caseload()
        // The same index as version 1 wrote it (no feedback): not trusted, rebuilt with it.
        let text = try String(contentsOfFile: store.layout.caseloadIndex, encoding: .utf8)
        let v1 = text.split(separator: "\n").map {
            $0.replacingOccurrences(of: "\"v\":\(CaseloadIndex.version)", with: "\"v\":1")
                .replacingOccurrences(of: #"^\{"feedback":.*?\},"gen""#, with: "{\"gen\"", options: .regularExpression)
        }
        try (v1.joined(separator: "\n") + "\n").write(
            toFile: store.layout.caseloadIndex, atomically: true, encoding: .utf8)
        let read = try store.caseload()
        #expect(read.rebuilt)
        #expect(read.discharges.keys.sorted() == ["A1"])
    }
}
