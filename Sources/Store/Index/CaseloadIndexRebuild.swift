import Crypto
import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A new caseload index written a line at a time to a temporary file beside the index, then put
/// in its place: a rebuild or a compaction never holds the whole file, or every summary, in
/// memory. The temporary file (`caseload/.index-rebuild-<pid>-<random>`, 0600) stays open for
/// reading after it is renamed or removed, so the caseload is read back from it one line at a time.
struct IndexFileWriter {
    static let prefix = ".index-rebuild-"

    let fs: any FileSystem
    /// The temporary file.
    let path: String
    private var pending = Data()
    /// The bytes added so far.
    private(set) var size = 0
    private var failed = false

    /// A new temporary file in `directory`; the leftovers of rebuilds whose process is gone are
    /// removed first (a kill during a rebuild leaves one behind).
    init(fs: any FileSystem, directory: String) {
        self.fs = fs
        for name in (try? fs.list(directory)) ?? [] where name.hasPrefix(Self.prefix) {
            let pid = name.dropFirst(Self.prefix.count).prefix { $0 != "-" }
            if let pid = Int32(pid), kill(pid, 0) != 0, errno == ESRCH { try? fs.remove(directory + "/" + name) }
        }
        path = directory + "/" + Self.prefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? fs.remove(path)
    }

    /// Adds one line (with its newline); where it is in the file.
    mutating func add(_ line: Data) -> CaseloadIndexFile.Line {
        let at = CaseloadIndexFile.Line(offset: size, length: max(line.count - 1, 0))
        pending.append(line)
        size += line.count
        if pending.count >= CaseloadIndexFile.chunkBytes { flush() }
        return at
    }

    private mutating func flush() {
        if !failed, !pending.isEmpty || size == 0 {
            do throws(StoreError) {
                try fs.append(pending, to: path)
            } catch {
                failed = true
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// The file as written, open for reading; nil, and the file removed, when a write failed.
    mutating func finish() -> CaseloadIndexFile? {
        flush()
        if !failed, let file = CaseloadIndexFile(path: path), file.size == size { return file }
        discard()
        return nil
    }

    /// Removes the temporary file (an open `CaseloadIndexFile` on it still reads).
    func discard() { try? fs.remove(path) }
}

/// Keys shared by the threads of a rebuild.
final class SharedIndexKeys: @unchecked Sendable {
    private var keys: IndexKeys
    private let lock = NSLock()
    init(_ keyring: (any Keyring)?) { keys = IndexKeys(keyring) }
    func key(_ t: AccountID) -> SymmetricKey? { lock.withLock { keys.key(t) } }
}

extension DataStore {
    /// The index counter, read under the index's shared lock; nil when the lock cannot be taken.
    func indexCounter() -> Int? {
        guard let shared = try? FileLock(path: layout.caseloadIndexLock, shared: true) else { return nil }
        defer { shared.unlock() }
        return shared.readCounter()
    }

    /// Computes `make(i)` for every `i` in `0..<count` on up to 8 threads (one below 64), `batch`
    /// at a time, and hands each result to `take` in order: only one batch's results are held.
    func inBatches<T>(count: Int, batch: Int = 512, make: @Sendable (Int) -> T, take: (Int, T?) -> Void) {
        let workers = count >= 64 ? min(ProcessInfo.processInfo.activeProcessorCount, 8) : 1
        var start = 0
        while start < count {
            let n = min(batch, count - start)
            let slots = EntrySlots<T>(count: n)
            let first = start
            DispatchQueue.concurrentPerform(iterations: min(workers, n)) { w in
                var i = w
                while i < n {
                    slots.set(i, make(first + i))
                    i += workers
                }
            }
            for (i, value) in slots.values().enumerated() { take(first + i, value) }
            start += n
        }
    }

    /// Ends a rebuild's file: with `end` (the index may be written) the end line is added and the
    /// file put in the index's place if the counter is still `counter` (under the index's exclusive
    /// lock), else the file is removed. Either way it stays open for reading: the file and where
    /// the index now stands; nil when it could not be written.
    func finishRebuild(
        _ writer: inout IndexFileWriter, end: Data?, counter: Int?
    ) -> (file: CaseloadIndexFile, position: CaseloadIndexPosition?)? {
        var install = false
        if let end, counter != nil {
            _ = writer.add(end)
            install = true
        }
        guard let file = writer.finish() else { return nil }
        guard install, let counter, let lock = try? FileLock(path: layout.caseloadIndexLock) else {
            writer.discard()
            return (file, nil)
        }
        defer { lock.unlock() }
        guard lock.readCounter() == counter, (try? fs.rename(writer.path, to: layout.caseloadIndex)) != nil else {
            writer.discard()
            return (file, nil)
        }
        return (file, positionIfUnchanged(size: writer.size, counter: counter))
    }

    /// Rewrites the index, when it is still `file` for `counter` (under the index's exclusive
    /// lock), with `lines` of `file` copied one at a time and then `last`; true when rewritten.
    func compactIndex(
        _ file: CaseloadIndexFile, copying lines: [CaseloadIndexFile.Line], last: Data?, counter: Int
    ) -> Bool {
        guard let lock = try? FileLock(path: layout.caseloadIndexLock) else { return false }
        defer { lock.unlock() }
        guard lock.readCounter() == counter, fileSize(layout.caseloadIndex) == file.size else { return false }
        var writer = IndexFileWriter(fs: fs, directory: layout.caseload)
        for at in lines {
            guard var raw = file.read(at) else {
                writer.discard()
                return false
            }
            raw.append(0x0A)
            _ = writer.add(raw)
        }
        if let last { _ = writer.add(last) }
        guard writer.finish() != nil else { return false }
        guard (try? fs.rename(writer.path, to: layout.caseloadIndex)) != nil else {
            writer.discard()
            return false
        }
        return true
    }

    /// `rebuildCaseloadIndex(ids:idProblems:)` for a caseload read one summary at a time: the
    /// lines are written to the new index as they are made (a batch of clients at a time) and read
    /// back from it, so the summaries are never all in memory. When the new file cannot be written,
    /// the rebuild that holds every summary.
    func rebuildCaseloadIndexStream(
        ids: [ClientID], idProblems: [StoreProblem]
    ) throws(StoreError)
        -> CaseloadIndexStream
    {
        if isSealed() { return try rebuildSealedIndexStream(ids: ids, idProblems: idProblems) }
        CaseloadIndex.makeDirectory(layout.caseload)
        // The counter first; the summaries without the index lock (see `rebuildCaseloadIndex`).
        let counter = indexCounter()
        var writer = IndexFileWriter(fs: fs, directory: layout.caseload)
        var problems = idProblems
        var clients: [ClientID] = []
        var lines: [CaseloadIndexFile.Line] = []
        var stats = CaseloadStats()
        var feedback: [ClientID: CaseloadFeedback] = [:]
        var complete = true
        typealias Made = Result<(line: Data, stats: CaseloadStats, feedback: CaseloadFeedback), StoreError>
        inBatches(count: ids.count) { i -> Made in
            do throws(StoreError) {
                let summary = CaseloadIndex.indexed(try freshSummary(ids[i], migrate: true))
                let f = try caseloadFeedback(ids[i])
                guard
                    let line = CaseloadIndex.encode(CaseloadIndexLine(gen: counter ?? 0, summary: summary, feedback: f))
                else { throw .invalid("\(layout.caseloadIndex): cannot encode") }
                return .success((line, CaseloadStats(summary: summary), f))
            } catch {
                return .failure(error)
            }
        } take: { i, made in
            switch made {
            case .success(let m)?:
                lines.append(writer.add(m.line))
                clients.append(ids[i])
                stats.add(m.stats)  // (in client-id order, as `CaseloadStats(summaries:)` adds)
                if !m.feedback.isEmpty { feedback[ids[i]] = m.feedback }
            case .failure(let error)?: problems.append(StoreProblem(error, path: layout.client(ids[i])))
            case nil: complete = false
            }
        }
        // Written only when every client was read: an index without a client is never fresh.
        let end =
            complete && clients.count == ids.count
            ? CaseloadIndex.encode(CaseloadIndexLine(gen: counter ?? 0, stats: stats, clients: clients.count)) : nil
        guard let (file, position) = finishRebuild(&writer, end: end, counter: counter) else {
            return CaseloadIndexStream(try rebuildCaseloadIndex(ids: ids, idProblems: idProblems))
        }
        var stream = CaseloadIndexStream(
            clients: clients, stats: stats, problems: problems, feedback: feedback, position: position,
            therapists: [:], source: .plain(file, lines))
        stream.rebuilt = true
        return stream
    }

    /// `rebuildSealedIndex(ids:idProblems:)` for a caseload read one summary at a time (see
    /// `rebuildCaseloadIndexStream`): each held client's line is sealed as it is made and written
    /// to the new index, then opened again from it when its row is built.
    func rebuildSealedIndexStream(
        ids: [ClientID], idProblems: [StoreProblem]
    ) throws(StoreError)
        -> CaseloadIndexStream
    {
        CaseloadIndex.makeDirectory(layout.caseload)
        let counter = indexCounter()
        var writer = IndexFileWriter(fs: fs, directory: layout.caseload)
        let built = rebuildSealedLines(ids: ids, idProblems: idProblems, gen: counter ?? 0, keepSummaries: false) {
            writer.add($0)
        }
        let end = built.endLine(ids: ids, gen: counter ?? 0)
        guard let (file, position) = finishRebuild(&writer, end: end, counter: counter) else {
            return CaseloadIndexStream(try rebuildSealedIndex(ids: ids, idProblems: idProblems))
        }
        var keys = IndexKeys(keyring)
        var keyOf: [AccountID: SymmetricKey] = [:]
        for t in Set(built.therapists.values) { keyOf[t] = keys.key(t) }
        var stream = CaseloadIndexStream(
            clients: built.clients, stats: merged(built.stats), problems: built.problems, feedback: built.feedback,
            position: position, therapists: built.therapists,
            source: .sealed(file, built.lines, CaseloadIndexStream.Keys(keyOf)))
        stream.rebuilt = true
        return stream
    }
}
