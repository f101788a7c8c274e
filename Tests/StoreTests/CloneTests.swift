import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// `DataStore.cloneClient`, the bench caseload's copy of a client without its records.
@Suite("Bench clones")
struct CloneTests {
    /// A clone has no record file, so its summary must count none: a summary is trusted only when
    /// its record count equals the record files, and one that counts the source's would be rebuilt
    /// from no records at every read (an empty row where the bench means a 50-session client).
    @Test func aClonesSummaryIsTrustedAsCopied() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = FixedClock(Fixtures.referenceDate)
        let source = DataStore(root: dir.appending("source"), clock: clock)
        try source.initialize()
        let id = try ClientID("C1")
        try source.addClient(id)
        let phq = try Fixtures.instrument("phq-9")
        for (n, day) in ["2026-11-03", "2026-11-10", "2026-11-17"].enumerated() {
            try source.save(
                NewAdministration(
                    clientId: id, sessionDate: try SessionDate(day), rater: .client, instrument: phq,
                    answers: [n, 1, 1, 1, 1, 1, 1, 1, 0], administeredAt: clock.now(), source: .cli))
        }
        let dest = DataStore(root: dir.appending("dest"), clock: clock, durable: false)
        try dest.initialize()
        let copy = try ClientID("C1x1")
        try dest.cloneClient(id, from: source, as: copy)

        #expect(try dest.recordNames(copy).isEmpty)
        let read = try dest.freshSummaryNotingFile(copy)
        #expect(read.storedIntact)
        #expect(read.summary.recordCount == 0)
        let original = try source.summary(id)
        #expect(read.summary.sessions == original.sessions)
        #expect(read.summary.series == original.series)
        #expect(read.summary.series("phq-9", .client, "total").map(\.value) == [7, 8, 9])
    }
}
