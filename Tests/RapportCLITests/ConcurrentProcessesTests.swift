import Foundation
import Store
import TestSupport
import Testing

/// Several `rapport record` processes for the same client at once (the full-size run is
/// Scripts/concurrency-test.sh): no lost record, no duplicate session, no torn file.
@Suite("Concurrent processes")
struct ConcurrentProcessesTests {
    @Test func processesRecordingForOneClientLoseNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = dir.appending("data")
        let d = ["--data-dir", data]
        _ = try runRapport(["init", "--unsealed"] + d)
        _ = try runRapport(["client", "add", "C1"] + d)
        // Session 1 exists first, so that a new-session writer cannot take number 1 with its own date.
        let seed = try runRapport(
            [
                "record", "--client", "C1", "--instrument", "core-10", "--answers", "1,1,1,1,1,1,1,1,1,1", "--session",
                "1",
                "--date", "2026-01-05",
            ] + d)
        try #require(seed.status == 0)
        let workers = 3
        let each = 12
        let failures = ErrorList()
        DispatchQueue.concurrentPerform(iterations: workers * 2) { worker in
            for n in 0..<each {
                let args: [String]
                if worker < workers {
                    // Same session, each a correction of whatever is current.
                    args = [
                        "record", "--client", "C1", "--instrument", "gad-7", "--answers", "1,2,3,0,1,2,\(n % 4)",
                        "--session", "1", "--date", "2026-01-05", "--replace",
                    ]
                } else {
                    // A new session each (distinct dates, numbers assigned by the store).
                    let day = String(format: "2026-%02d-%02d", 2 + worker - workers, 1 + n)
                    args = [
                        "record", "--client", "C1", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,0", "--date",
                        day,
                    ]
                }
                do {
                    let r = try runRapport(args + d)
                    if r.status != 0 { failures.add(r.stderr) }
                } catch {
                    failures.add("\(error)")
                }
            }
        }
        #expect(failures.all.isEmpty)
        let store = DataStore(root: data)
        let id = try ClientID("C1")
        let (records, problems) = try store.records(id)
        #expect(problems.isEmpty)
        let gad = records.filter { $0.instrument.id == "gad-7" }
        let phq = records.filter { $0.instrument.id == "phq-9" }
        #expect(gad.count == workers * each)
        #expect(Set(gad.map(\.session)) == [1])
        #expect(gad.filter { $0.supersedes == nil }.count == 1)
        #expect(Set(gad.compactMap(\.supersedes)).count == workers * each - 1)
        #expect(phq.count == workers * each)
        // Sessions follow the dates (stored numbers are those at save time, which interleaved
        // writers of earlier and later dates make differ): no date twice, none lost.
        let numbers = AdministrationRecord.sessionNumbers(records)
        #expect(Set(phq.compactMap { numbers[$0.id] }) == Set(2...(workers * each + 1)))
        #expect(Set(phq.map(\.sessionDate)).count == workers * each)
        #expect(try store.summary(id).sessions.map(\.session) == Array(1...(workers * each + 1)))
        #expect(Set(records.map(\.id)).count == records.count)
        #expect(AdministrationRecord.current(gad).count == 1)
        let verification = try store.audit.verify()
        #expect(verification.problems.isEmpty)
        #expect(verification.lines == workers * each * 2 + 1)
        #expect(try runRapport(["check"] + d).status == 0)
    }
}

final class ErrorList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.withLock { items.append(s) } }
    var all: [String] { lock.withLock { items } }
}
