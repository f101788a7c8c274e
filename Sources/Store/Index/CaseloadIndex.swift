import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One line of the caseload index (`caseload/index.jsonl`, JSON Lines; docs/data-format.md).
///
/// The file is a snapshot (one line per client, the last line carrying the statistics) followed
/// by lines appended per save (each with the changed client and the statistics after the change).
/// A later line for a client replaces the earlier one. The last line's `gen` must equal the
/// counter in `caseload/.lock`, which every change bumps (durably) before it writes
/// anything: an index that missed a change is recognised as stale and rebuilt.
public struct CaseloadIndexLine: Codable, Sendable, Equatable {
    /// The format version of the index (this is 1).
    public var v: Int
    /// The index counter this line reflects.
    public var gen: Int
    /// A client's summary, without its notes (the caseload does not read them).
    public var summary: ClientSummary?
    /// The caseload statistics after this line (on the last line of a snapshot and on every
    /// appended line).
    public var stats: CaseloadStats?
    /// How many clients the index holds after this line (with `stats`).
    public var clients: Int?

    public init(gen: Int, summary: ClientSummary? = nil, stats: CaseloadStats? = nil, clients: Int? = nil) {
        v = CaseloadIndex.version
        self.gen = gen
        self.summary = summary
        self.stats = stats
        self.clients = clients
    }
}

/// What the caseload needs, read from the caseload index (one file) or, when the index is
/// missing, damaged or stale, from every client's summary (and the index rewritten).
public struct CaseloadIndexRead: Sendable {
    /// Every client's summary without notes, in client-id order.
    public var summaries: [ClientSummary]
    /// Caseload statistics per series key.
    public var stats: CaseloadStats
    /// Problems met (directory entries that are not clients; unreadable summaries).
    public var problems: [StoreProblem]
    /// Whether the index was found stale and rebuilt from the summaries.
    public var rebuilt: Bool

    public init(summaries: [ClientSummary], stats: CaseloadStats, problems: [StoreProblem], rebuilt: Bool) {
        self.summaries = summaries
        self.stats = stats
        self.problems = problems
        self.rebuilt = rebuilt
    }
}

/// The caseload index: reading, rebuilding, and the per-save update.
public enum CaseloadIndex {
    public static let version = 1
    /// How much of the file's end is read to find the last line (larger lines read the whole file).
    static let tailBytes = 1 << 16

    /// The notes are left out of the index (they are clinical text the caseload never shows), and
    /// the client's own change counter (a note changes it, not the caseload row).
    static func indexed(_ summary: ClientSummary) -> ClientSummary {
        var s = summary
        s.notes = []
        s.generation = 0
        return s
    }

    static func encode(_ line: CaseloadIndexLine) -> Data? {
        guard var data = try? StoreCoding.encoder().encode(line) else { return nil }
        data.append(0x0A)
        return data
    }

    /// Decodes every line; nil when any line is damaged. Fast scanner first, JSONDecoder otherwise.
    static func decodeLines(_ data: Data) -> [CaseloadIndexLine]? {
        var s = JSONScanner(data)
        var lines: [CaseloadIndexLine] = []
        do throws(JSONScanner.Failure) {
            while !s.atEnd() { lines.append(try scanLine(&s)) }
            return lines
        } catch {
            lines = []
        }
        let decoder = StoreCoding.decoder()
        for part in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            guard let line = try? decoder.decode(CaseloadIndexLine.self, from: Data(part)) else { return nil }
            lines.append(line)
        }
        return lines
    }

    /// Decodes one line (the last one, read from the file's end).
    static func decodeLine(_ data: Data) -> CaseloadIndexLine? {
        var s = JSONScanner(data)
        do throws(JSONScanner.Failure) {
            let line = try scanLine(&s)
            if s.atEnd() { return line }
        } catch {}
        return try? StoreCoding.decoder().decode(CaseloadIndexLine.self, from: data)
    }

    static func scanLine(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> CaseloadIndexLine {
        var v: Int?
        var gen: Int?
        var summary: ClientSummary?
        var stats: CaseloadStats?
        var clients: Int?
        try s.object { s, key throws(JSONScanner.Failure) in
            switch key {
            case "v": v = try s.int()
            case "gen": gen = try s.int()
            case "clients": clients = try s.int()
            case "summary": summary = try SummaryDecoder.scan(&s)
            case "stats":
                var series: [String: SeriesStats] = [:]
                try s.object { s, k throws(JSONScanner.Failure) in
                    guard k == "series" else { throw JSONScanner.Failure() }
                    try s.object { s, name throws(JSONScanner.Failure) in
                        try s.expect(0x5B)
                        let n = try s.int()
                        try s.expect(0x2C)
                        let mean = try s.double()
                        try s.expect(0x2C)
                        let m2 = try s.double()
                        try s.expect(0x5D)
                        series[name] = SeriesStats(n: n, mean: mean, m2: m2)
                    }
                }
                stats = CaseloadStats(series: series)
            default: throw JSONScanner.Failure()
            }
        }
        guard let v, let gen else { throw JSONScanner.Failure() }
        var line = CaseloadIndexLine(gen: gen, summary: summary, stats: stats, clients: clients)
        line.v = v
        return line
    }

    /// Creates the index's directory (0700) in a data directory made before it existed.
    static func makeDirectory(_ path: String) {
        if mkdir(path, 0o700) == 0 { _ = chmod(path, 0o700) }
    }

    /// The last line of a file (without its newline); nil when the file is missing or empty.
    static func lastLine(_ path: String) -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        var want = min(size, tailBytes)
        while true {
            var buffer = [UInt8](repeating: 0, count: want)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(size - want)) }
            guard n == want else { return nil }
            var end = buffer.count
            while end > 0, buffer[end - 1] == 0x0A { end -= 1 }
            if let nl = buffer[..<end].lastIndex(of: 0x0A) { return Data(buffer[(nl + 1)..<end]) }
            if want == size { return end > 0 ? Data(buffer[..<end]) : nil }
            want = size
        }
    }
}

/// The index's counter and freshness, under its lock, for one change (save, acknowledgement,
/// new client): `begin` bumps the counter before the change writes anything; `commit` appends the
/// changed client with the statistics updated, if the index was fresh when the change began.
final class CaseloadIndexUpdate {
    private let lock: FileLock
    private let store: DataStore
    private let generation: Int
    private let tail: CaseloadIndexLine?

    init(store: DataStore) throws(StoreError) {
        self.store = store
        CaseloadIndex.makeDirectory(store.layout.caseload)
        lock = try FileLock(path: store.layout.caseloadIndexLock)
        let counter = lock.readCounter()
        let last = CaseloadIndex.lastLine(store.layout.caseloadIndex).flatMap(CaseloadIndex.decodeLine)
        if let last, last.v == CaseloadIndex.version, last.gen == counter, last.stats != nil, last.clients != nil {
            tail = last
        } else {
            tail = nil
        }
        generation = counter + 1
        do {
            try lock.writeCounter(generation, durable: store.durable)
        } catch {
            lock.unlock()
            throw error
        }
    }

    /// Appends the client's new summary (derived data: not fsynced; a lost or torn line leaves
    /// the counter ahead of the file, and the next read rebuilds). Releases the lock.
    func commit(old: ClientSummary?, new: ClientSummary) {
        defer { lock.unlock() }
        guard let tail, var stats = tail.stats, let clients = tail.clients else { return }
        if let old { stats.remove(CaseloadStats(summary: old)) }
        stats.add(CaseloadStats(summary: new))
        let line = CaseloadIndexLine(
            gen: generation, summary: CaseloadIndex.indexed(new), stats: stats, clients: clients + (old == nil ? 1 : 0))
        guard let data = CaseloadIndex.encode(line) else { return }
        try? store.fs.append(data, to: store.layout.caseloadIndex)
    }

    /// Leaves the index stale (the counter is already ahead); releases the lock.
    func abandon() { lock.unlock() }
}

extension DataStore {
    /// Starts a change the caseload index must follow (call after taking the client's lock).
    func beginIndexUpdate() throws(StoreError) -> CaseloadIndexUpdate {
        try CaseloadIndexUpdate(store: self)
    }

    /// Marks the caseload index stale (after a change it does not follow client by client).
    public func invalidateCaseloadIndex() throws(StoreError) {
        try beginIndexUpdate().abandon()
    }

    /// The caseload from the index: one file read when it is fresh (its last counter equals the
    /// lock file's, every line reads, and it holds exactly the client directories); otherwise
    /// rebuilt from every client's summary and rewritten. Never a stale answer.
    public func caseload() throws(StoreError) -> CaseloadIndexRead {
        let (ids, idProblems) = try clientIDs()
        CaseloadIndex.makeDirectory(layout.caseload)
        do {
            let lock = try FileLock(path: layout.caseloadIndexLock, shared: true)
            let counter = lock.readCounter()
            let data = try? fs.read(layout.caseloadIndex)
            lock.unlock()
            // A client directory replaced by a symbolic link is never read through the index.
            let real = ids.allSatisfy { (try? requireRealDirectory(layout.client($0))) != nil }
            if real, let data, let read = Self.fresh(data, counter: counter, ids: ids) {
                let compact = read.lines > 2 * read.summaries.count + 64
                if compact { try? compactCaseloadIndex(read.summaries, stats: read.stats, counter: counter) }
                return CaseloadIndexRead(
                    summaries: read.summaries, stats: read.stats, problems: idProblems, rebuilt: false)
            }
        } catch {
            // An index that cannot be locked or read is rebuilt below (or read without it).
        }
        return try rebuildCaseloadIndex(ids: ids, idProblems: idProblems)
    }

    /// The caseload statistics from the index's last line when it is fresh (one small read at
    /// the file's end, and a listing of the client directories); else from a rebuilt index.
    public func caseloadStats() throws(StoreError) -> CaseloadStats {
        let (ids, _) = try clientIDs()
        if let lock = try? FileLock(path: layout.caseloadIndexLock, shared: true) {
            let counter = lock.readCounter()
            let last = CaseloadIndex.lastLine(layout.caseloadIndex).flatMap(CaseloadIndex.decodeLine)
            lock.unlock()
            if let last, last.v == CaseloadIndex.version, last.gen == counter, let stats = last.stats,
                last.clients == ids.count
            {
                return stats
            }
        }
        return try caseload().stats
    }

    /// Rebuilds the index from every client's summary (under the index lock) and returns it.
    @discardableResult
    public func rebuildCaseloadIndex() throws(StoreError) -> CaseloadIndexRead {
        let (ids, idProblems) = try clientIDs()
        return try rebuildCaseloadIndex(ids: ids, idProblems: idProblems)
    }

    func rebuildCaseloadIndex(ids: [ClientID], idProblems: [StoreProblem]) throws(StoreError) -> CaseloadIndexRead {
        // The counter is read under the shared lock (no change half-way), the summaries without the
        // index lock (reading one may migrate it under its client's lock: a save holds its client's
        // lock, then waits for the index lock), and the index is written only if the counter has
        // not moved meanwhile.
        CaseloadIndex.makeDirectory(layout.caseload)
        let counter: Int? = {
            guard let shared = try? FileLock(path: layout.caseloadIndexLock, shared: true) else { return nil }
            defer { shared.unlock() }
            return shared.readCounter()
        }()
        let results = Slots(count: ids.count)
        let workers = ids.count >= 64 ? min(ProcessInfo.processInfo.activeProcessorCount, 8) : 1
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < ids.count {
                do throws(StoreError) {
                    results.set(i, .success(CaseloadIndex.indexed(try freshSummary(ids[i], migrate: true))))
                } catch {
                    results.set(i, .failure(error))
                }
                i += workers
            }
        }
        var summaries: [ClientSummary] = []
        summaries.reserveCapacity(ids.count)
        var problems = idProblems
        for (i, result) in results.values().enumerated() {
            switch result {
            case .success(let s): summaries.append(s)
            case .failure(let error): problems.append(StoreProblem(error, path: layout.client(ids[i])))
            case nil: break
            }
        }
        let stats = CaseloadStats(summaries: summaries)
        // Written only when every client was read: an index without a client is never fresh.
        if let counter, summaries.count == ids.count, let lock = try? FileLock(path: layout.caseloadIndexLock) {
            if lock.readCounter() == counter { try? writeCaseloadIndex(summaries, stats: stats, counter: counter) }
            lock.unlock()
        }
        return CaseloadIndexRead(summaries: summaries, stats: stats, problems: problems, rebuilt: true)
    }

    /// Writes an empty index in a data directory without clients and without an index, so that
    /// the first clients and saves are followed line by line from the start.
    func startCaseloadIndex() {
        guard !fs.exists(layout.caseloadIndex),
            (try? fs.list(layout.clients).allSatisfy({ $0.hasPrefix(".") })) == true,
            let lock = try? FileLock(path: layout.caseloadIndexLock)
        else { return }
        defer { lock.unlock() }
        try? writeCaseloadIndex([], stats: CaseloadStats(), counter: lock.readCounter())
    }

    /// Rewrites a fresh index without its superseded lines (when the counter has not moved).
    func compactCaseloadIndex(_ summaries: [ClientSummary], stats: CaseloadStats, counter: Int) throws(StoreError) {
        let lock = try FileLock(path: layout.caseloadIndexLock)
        defer { lock.unlock() }
        guard lock.readCounter() == counter else { return }
        try writeCaseloadIndex(summaries, stats: stats, counter: counter)
    }

    /// One line per client, then the statistics; atomic (derived data: not fsynced).
    func writeCaseloadIndex(_ summaries: [ClientSummary], stats: CaseloadStats, counter: Int) throws(StoreError) {
        var out = Data()
        let encoder = StoreCoding.encoder()
        for summary in summaries {
            guard let line = try? encoder.encode(CaseloadIndexLine(gen: counter, summary: summary)) else {
                throw .invalid("\(layout.caseloadIndex): cannot encode")
            }
            out.append(line)
            out.append(0x0A)
        }
        guard let last = CaseloadIndex.encode(CaseloadIndexLine(gen: counter, stats: stats, clients: summaries.count))
        else { throw .invalid("\(layout.caseloadIndex): cannot encode") }
        out.append(last)
        try fs.writeAtomically(out, to: layout.caseloadIndex, durable: false)
    }

    /// The index's summaries when it is fresh for `counter` and exactly `ids`.
    static func fresh(
        _ data: Data, counter: Int, ids: [ClientID]
    ) -> (
        summaries: [ClientSummary], stats: CaseloadStats, lines: Int
    )? {
        guard let lines = CaseloadIndex.decodeLines(data), let last = lines.last, last.gen == counter,
            let stats = last.stats, last.clients == ids.count
        else { return nil }
        var latest: [ClientID: ClientSummary] = [:]
        latest.reserveCapacity(ids.count)
        for line in lines {
            guard line.v == CaseloadIndex.version else { return nil }
            if let s = line.summary { latest[s.clientId] = s }
        }
        guard latest.count == ids.count else { return nil }
        var summaries: [ClientSummary] = []
        summaries.reserveCapacity(ids.count)
        for id in ids {
            guard let s = latest[id] else { return nil }
            summaries.append(s)
        }
        return (summaries, stats, lines.count)
    }
}

/// Results written by several threads, one slot each.
private final class Slots: @unchecked Sendable {
    private var values_: [Result<ClientSummary, StoreError>?]
    private let lock = NSLock()
    init(count: Int) { values_ = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Result<ClientSummary, StoreError>) { lock.withLock { values_[i] = value } }
    func values() -> [Result<ClientSummary, StoreError>?] { lock.withLock { values_ } }
}
