import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// Risk items answered above threshold or left unanswered are flagged, and stay flagged until a
/// therapist acknowledges them; acknowledgements are keyed by record and item.
@Suite("Risk flags and acknowledgements")
struct RiskFlagTests {
    let fixture: OneClientStore
    var dir: TemporaryDirectory { fixture.dir }
    var store: DataStore { fixture.store }
    var phq: Instrument { fixture.phq }
    var id: ClientID { fixture.id }

    init() throws { fixture = try OneClientStore() }

    @Test func aSkippedRiskItemIsFlaggedAsUnanswered() throws {
        defer { dir.remove() }
        let phqResult = try phq.score([1, 1, 1, 1, 1, 1, 1, 1, nil])
        #expect(phqResult.valid && phqResult.prorated)
        #expect(phqResult.risk.isEmpty)
        #expect(phqResult.riskUnanswered == [9])
        let core = try Fixtures.instrument("core-10")
        let coreResult = try core.score([1, 1, 1, 1, 1, nil, 1, 1, 1, 1])
        #expect(coreResult.valid && coreResult.riskUnanswered == [6])
        #expect(try phq.score([1, 1, 1, 1, nil, 1, 1, 1, 0]).riskUnanswered.isEmpty)

        let record = try fixture.save("2026-11-24", [1, 1, 1, 1, 1, 1, 1, 1, nil])
        let summary = try store.summary(id)
        #expect(
            summary.risk == [RiskFlag(session: 1, instrument: "phq-9", item: 9, recordId: record.id, unanswered: true)])
        // The flag survives a round trip through the file and the fast decoder.
        let data = try Data(contentsOf: URL(fileURLWithPath: store.layout.summary(id)))
        #expect(SummaryDecoder.decode(data)?.risk == summary.risk)
    }

    @Test func anAcknowledgementIsAuditedSurvivesLaterSessionsAndRenumbering() throws {
        defer { dir.remove() }
        let risky = try fixture.save("2026-11-10", [2, 2, 2, 2, 2, 2, 2, 2, 2])
        try fixture.save("2026-11-17", [1, 1, 1, 1, 1, 1, 1, 1, 0])
        #expect(try store.summary(id).openRisk.map(\.session) == [1])
        do {
            try store.acknowledgeRisk(id, session: 2)
            Issue.record("a session without risk was acknowledged")
        } catch {
            #expect(error == .conflict("client C1 has no risk item in session 2 (2026-11-17)"))
        }
        let acks = try store.acknowledgeRisk(id, session: 1)
        #expect(acks.map(\.key) == ["\(risky.id)#9"])
        #expect(try store.summary(id).openRisk.isEmpty)
        #expect(try store.summary(id).risk.map(\.acknowledged) == [true])
        let data = try Data(contentsOf: URL(fileURLWithPath: store.layout.summary(id)))
        #expect(SummaryDecoder.decode(data)?.risk.map(\.acknowledged) == [true])
        #expect(SummaryDecoder.decode(data) == (try StoreCoding.decode(ClientSummary.self, from: data, path: "s")))
        let lines = try String(contentsOfFile: store.layout.root + "/audit.log", encoding: .utf8)
        #expect(lines.contains("\"event\":\"riskAcknowledged\""))
        #expect(lines.contains("\"record\":\"\(risky.id)\""))
        // A second acknowledgement of the same session is refused.
        #expect(throws: StoreError.self) { try store.acknowledgeRisk(id, session: 1) }

        // A backdated form renumbers the sessions: the acknowledgement stays with its record.
        try fixture.save("2026-10-01", [1, 1, 1, 1, 1, 1, 1, 1, 0])
        try fixture.save("2026-11-24", [0, 0, 0, 0, 0, 0, 0, 0, 0])
        let summary = try store.summary(id)
        #expect(summary.risk.map(\.session) == [2])
        #expect(summary.risk.map(\.acknowledged) == [true])
        #expect(summary == (try store.rebuiltSummary(id, generation: summary.generation)))
        #expect(try store.acknowledgements(id).map(\.sessionDate.rawValue) == ["2026-11-10"])
    }

    @Test func aLaterSessionDoesNotClearAnOpenFlag() throws {
        defer { dir.remove() }
        try fixture.save("2026-10-01", [2, 2, 2, 2, 2, 2, 2, 2, 2])
        for day in ["2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29", "2026-11-05"] {
            try fixture.save(day, [0, 0, 0, 0, 0, 0, 0, 0, 0])
        }
        #expect(try store.summary(id).openRisk.map(\.session) == [1])
    }
}
