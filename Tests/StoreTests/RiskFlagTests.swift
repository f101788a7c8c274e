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
    /// The summary on disk is the one rebuilt from the records, and both decoders and the fast
    /// encoder agree with Foundation's on it.
    func expectSummaryOnDiskIsRebuilt() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: store.layout.summary(id)))
        let stored = try StoreCoding.decode(ClientSummary.self, from: data, path: "s")
        #expect(stored == (try store.rebuiltSummary(id, generation: stored.generation)))
        #expect(SummaryDecoder.decode(data) == stored)
        #expect(SummaryEncoder.encode(stored).map { $0 + [0x0A] } == (try StoreCoding.encode(stored, path: "s")))
    }

    @Test func aCorrectionDoesNotClearAnOpenRiskAlert() throws {
        defer { dir.remove() }
        let risky = try fixture.save("2026-11-10", [2, 2, 2, 2, 2, 2, 2, 2, 2])
        fixture.clock.advance(by: 60)
        let lower = try fixture.save("2026-11-10", [2, 2, 2, 2, 2, 2, 2, 2, 0], replace: true)
        #expect(lower.supersedes == risky.id && lower.result.risk.isEmpty)
        let kept = RiskFlag(session: 1, instrument: "phq-9", item: 9, recordId: risky.id, corrected: true)
        #expect(try store.summary(id).risk == [kept])
        #expect(try store.caseload().summaries.map(\.risk) == [[kept]])
        try expectSummaryOnDiskIsRebuilt()
        // A second correction keeps the one alert; a later session does not clear it either.
        fixture.clock.advance(by: 60)
        try fixture.save("2026-11-10", [1, 1, 1, 1, 1, 1, 1, 1, 0], replace: true)
        try fixture.save("2026-11-17", [0, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(try store.summary(id).openRisk == [kept])
        try expectSummaryOnDiskIsRebuilt()
        // Acknowledged, it stays in the history as acknowledged.
        let acks = try store.acknowledgeRisk(id, session: 1)
        #expect(acks.map(\.key) == ["\(risky.id)#9"])
        var acknowledged = kept
        acknowledged.acknowledged = true
        #expect(try store.summary(id).risk == [acknowledged])
        try expectSummaryOnDiskIsRebuilt()
        // A correction that answers the item above its threshold again raises its own flag instead.
        fixture.clock.advance(by: 60)
        let again = try fixture.save("2026-11-10", [1, 1, 1, 1, 1, 1, 1, 1, 1], replace: true)
        #expect(
            try store.summary(id).risk == [RiskFlag(session: 1, instrument: "phq-9", item: 9, recordId: again.id)])
        try expectSummaryOnDiskIsRebuilt()
    }

    @Test func aCorrectionThatAnswersASkippedRiskItemKeepsTheUnansweredFlag() throws {
        defer { dir.remove() }
        let skipped = try fixture.save("2026-11-10", [1, 1, 1, 1, 1, 1, 1, 1, nil])
        fixture.clock.advance(by: 60)
        try fixture.save("2026-11-10", [1, 1, 1, 1, 1, 1, 1, 1, 0], replace: true)
        #expect(
            try store.summary(id).openRisk == [
                RiskFlag(
                    session: 1, instrument: "phq-9", item: 9, recordId: skipped.id, unanswered: true, corrected: true)
            ])
        try expectSummaryOnDiskIsRebuilt()
        // An alert acknowledged before the correction needs no new acknowledgement.
        try store.acknowledgeRisk(id, session: 1)
        let risky = try fixture.save("2026-11-17", [2, 2, 2, 2, 2, 2, 2, 2, 2])
        try store.acknowledgeRisk(id, session: 2)
        fixture.clock.advance(by: 60)
        try fixture.save("2026-11-17", [2, 2, 2, 2, 2, 2, 2, 2, 0], replace: true)
        let summary = try store.summary(id)
        #expect(summary.openRisk.isEmpty)
        #expect(summary.risk.map(\.recordId) == [skipped.id, risky.id])
        #expect(summary.risk.allSatisfy { $0.corrected && $0.acknowledged })
    }

    @Test func aSummaryDerivedByTheOlderRulesIsRebuiltAndWrittenBack() throws {
        defer { dir.remove() }
        let risky = try fixture.save("2026-11-10", [2, 2, 2, 2, 2, 2, 2, 2, 2])
        fixture.clock.advance(by: 60)
        try fixture.save("2026-11-10", [2, 2, 2, 2, 2, 2, 2, 2, 0], replace: true)
        // What an earlier rapport wrote: no derivation, no flag for the corrected record.
        var old = try store.summary(id)
        old.derivation = nil
        old.risk = []
        try StoreCoding.encode(old, path: "s").write(to: URL(fileURLWithPath: store.layout.summary(id)))
        let check = try StoreChecker(store: store, catalog: try Fixtures.catalog()).run()
        #expect(check.problems.contains { $0.reason.hasPrefix("stale") })
        let summary = try store.summary(id)
        #expect(summary.derivation == ClientSummary.currentDerivation)
        #expect(summary.openRisk.map(\.recordId) == [risky.id])
        try expectSummaryOnDiskIsRebuilt()
    }
}
