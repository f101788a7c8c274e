import Foundation
import Instruments
import Store
import TestSupport
import Testing

/// ``DemoGenerator/write(into:workers:progress:)``: the demo worker pool of `rapport demo`.
@Suite("Demo writer")
struct DemoWriteTests {
    static func generator(clients: Int) throws -> DemoGenerator {
        DemoGenerator(
            catalog: try Fixtures.catalog(),
            options: .init(clients: clients, sessions: 6, seed: 9, start: try SessionDate("2026-01-05")))
    }

    static func store(_ dir: TemporaryDirectory, _ name: String) throws -> DataStore {
        let store = DataStore(root: dir.appending(name), clock: FixedClock(Fixtures.referenceDate), durable: false)
        try store.initialize(demo: true)
        return store
    }

    /// Every file under `root` (relative path → contents).
    static func files(_ root: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = URL(fileURLWithPath: root)
        let walker = FileManager.default.enumerator(atPath: root)
        while let path = walker?.nextObject() as? String {
            var isDir: ObjCBool = false
            let url = base.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), !isDir.boolValue {
                out[path] = try Data(contentsOf: url)
            }
        }
        return out
    }

    @Test func writesEveryClientTheSameWhateverTheWorkers() throws {
        let dir = try TemporaryDirectory("demo-write")
        defer { dir.remove() }
        let generator = try Self.generator(clients: 7)
        let expected = try (0..<7).reduce(0) { $0 + (try generator.client($1).administrations.count) }
        let one = try Self.store(dir, "one")
        let three = try Self.store(dir, "three")
        let progress = ProgressLog()
        #expect(try generator.write(into: one, workers: 1) == expected)
        #expect(try generator.write(into: three, workers: 3, progress: { progress.add($0) }) == expected)
        #expect(progress.all == Array(1...7))
        #expect(try three.clientIDs().ids.map(\.rawValue).sorted() == (0..<7).map(DemoGenerator.clientID))
        // Client files (records, summaries) are identical; only the audit log's order may differ.
        let a = try Self.files(one.layout.root).filter { $0.key.hasPrefix("clients/") }
        let b = try Self.files(three.layout.root).filter { $0.key.hasPrefix("clients/") }
        #expect(!a.isEmpty)
        #expect(a == b)
    }

    @Test func theFirstErrorStopsTheWorkersAndIsThrown() throws {
        let dir = try TemporaryDirectory("demo-write")
        defer { dir.remove() }
        let generator = try Self.generator(clients: 6)
        let store = try Self.store(dir, "data")
        let taken = try ClientID(DemoGenerator.clientID(0))
        try store.addClient(taken)
        #expect(throws: StoreError.clientExists(taken.rawValue)) {
            try generator.write(into: store, workers: 1)
        }
        // One worker: client 0 failed first, so no other client was written.
        #expect(try store.clientIDs().ids == [taken])
    }
}

/// Progress calls, in order (the writer calls it under its lock).
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Int] = []
    func add(_ n: Int) { lock.withLock { items.append(n) } }
    var all: [Int] { lock.withLock { items } }
}
