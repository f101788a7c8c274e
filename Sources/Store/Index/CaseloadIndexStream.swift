import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The caseload as `DataStore.caseload()` reads it, with the summaries left in the index file
/// and decoded one at a time (`summary(at:)`) instead of all held at once: what the caseload rows
/// read when there is no rows cache, so that 10,000 clients' summaries are never in memory
/// together. The index is read through in a bounded buffer first (every line checked as
/// `caseload()` checks it, the latest line of each client located), then each client's latest
/// line is read again when its summary is asked for. When the index was rebuilt, or the read took
/// a path that needs every summary (a refresh of stale clients, a compaction), the summaries are
/// held in memory as `caseload()` returns them.
public struct CaseloadIndexStream: Sendable, CaseloadFeedbackByClient {
    /// The clients whose summaries this read covers, in client-id order (`summary(at:)`'s order).
    public var clients: [ClientID]
    /// Caseload statistics per series key.
    public var stats: CaseloadStats
    /// Problems met (as `CaseloadIndexRead.problems`).
    public var problems: [StoreProblem]
    /// Whether the index was found stale and rebuilt from the summaries.
    public var rebuilt: Bool
    /// Discharges, answers to alerts and baseline choices of the clients that have any.
    public var feedback: [ClientID: CaseloadFeedback]
    /// Where the index stood when read (as `CaseloadIndexRead.position`).
    public var position: CaseloadIndexPosition?
    /// A sealed index: each client's caseload (as `CaseloadIndexRead.therapists`).
    public var therapists: [ClientID: AccountID]

    enum Source: Sendable {
        /// Summaries held in memory (a rebuild, a refresh, a compaction).
        case memory([ClientSummary])
        /// A plaintext index: each client's latest line.
        case plain(CaseloadIndexFile, [CaseloadIndexFile.Line])
        /// A sealed index: each client's latest line, and the index keys of their caseloads.
        case sealed(CaseloadIndexFile, [CaseloadIndexFile.Line], Keys)
    }

    /// The index keys of the caseloads read, never changed after they are made.
    final class Keys: @unchecked Sendable {
        let keys: [AccountID: SymmetricKey]
        init(_ keys: [AccountID: SymmetricKey]) { self.keys = keys }
    }

    let source: Source

    /// A read whose summaries are all in memory.
    public init(_ read: CaseloadIndexRead) {
        clients = read.summaries.map(\.clientId)
        stats = read.stats
        problems = read.problems
        rebuilt = read.rebuilt
        feedback = read.feedback
        position = read.position
        therapists = read.therapists
        source = .memory(read.summaries)
    }

    init(
        clients: [ClientID], stats: CaseloadStats, problems: [StoreProblem], feedback: [ClientID: CaseloadFeedback],
        position: CaseloadIndexPosition?, therapists: [ClientID: AccountID], source: Source
    ) {
        self.clients = clients
        self.stats = stats
        self.problems = problems
        rebuilt = false
        self.feedback = feedback
        self.position = position
        self.therapists = therapists
        self.source = source
    }

    /// How many summaries.
    public var count: Int { clients.count }

    /// Whether the summaries are decoded from the index file one at a time (else all are held).
    public var isStreamed: Bool {
        if case .memory = source { return false }
        return true
    }

    /// The summary (without notes) of `clients[i]`, read again from its index line; nil when
    /// that line no longer reads as it did (the caller then reads the caseload whole with
    /// `DataStore.caseload()`). Safe from several threads.
    public func summary(at i: Int) -> ClientSummary? {
        switch source {
        case .memory(let summaries):
            return summaries[i]
        case .plain(let file, let lines):
            guard let line = file.read(lines[i]).flatMap(CaseloadIndex.decodeLine), line.v == CaseloadIndex.version,
                let summary = line.summary, summary.clientId == clients[i]
            else { return nil }
            return summary
        case .sealed(let file, let lines, let keys):
            guard let line = file.read(lines[i]).flatMap(SealedIndex.decodeLine), line.client == clients[i],
                let t = line.to, let key = keys.keys[t]
            else { return nil }
            return SealedIndex.openClient(line, key: key)?.summary
        }
    }
}

extension DataStore {
    /// The caseload as `caseload()` reads it (the same checks, rebuilds, refreshes and problems),
    /// with the summaries left in the index file: see `CaseloadIndexStream`.
    public func caseloadStream() throws(StoreError) -> CaseloadIndexStream {
        let (ids, idProblems) = try clientIDs()
        if isSealed() { return try sealedCaseloadStream(ids: ids, idProblems: idProblems) }
        CaseloadIndex.makeDirectory(layout.caseload)
        var file: CaseloadIndexFile?
        var counter = 0
        var position: CaseloadIndexPosition?
        do {
            let lock = try FileLock(path: layout.caseloadIndexLock, shared: true)
            counter = lock.readCounter()
            file = CaseloadIndexFile(path: layout.caseloadIndex)
            if let file { position = caseloadIndexPosition(fd: file.fd, counter: counter) }
            lock.unlock()
        } catch {
            file = nil  // an index that cannot be locked is rebuilt below (as `caseload()` does)
        }
        // A client directory replaced by a symbolic link is never read through the index.
        let real = ids.allSatisfy { (try? requireRealDirectory(layout.client($0))) != nil }
        if let file, real {
            switch Self.freshLines(file, counter: counter, ids: ids) {
            case .fresh(let lines, let stats, let count, let feedback):
                if count > 2 * ids.count + 64,
                    compactCaseloadIndex(file, lines: lines, stats: stats, counter: counter, clients: ids.count)
                {
                    // (The lines are read from the file as it was: `file` stays open.)
                    position = caseloadIndexPosition().flatMap { $0.gen == counter ? $0 : nil }
                }
                var out: [ClientID: CaseloadFeedback] = [:]
                for (id, f) in feedback { if let f { out[id] = f } }
                return CaseloadIndexStream(
                    clients: ids, stats: stats, problems: idProblems, feedback: out, position: position,
                    therapists: [:], source: .plain(file, lines))
            case .undecided:
                return CaseloadIndexStream(try caseload())
            case .stale:
                break
            }
        }
        return try rebuildCaseloadIndexStream(ids: ids, idProblems: idProblems)
    }

    /// Rewrites a long index with each client's latest line copied as it is (`lines`, one at a
    /// time) and a new last line with the statistics, when nothing changed since it was read.
    /// (A copied line that was appended by a save keeps its own counter and statistics, which
    /// only the last line's count.) True when rewritten.
    func compactCaseloadIndex(
        _ file: CaseloadIndexFile, lines: [CaseloadIndexFile.Line], stats: CaseloadStats, counter: Int, clients: Int
    ) -> Bool {
        guard let last = CaseloadIndex.encode(CaseloadIndexLine(gen: counter, stats: stats, clients: clients)) else {
            return false
        }
        return compactIndex(file, copying: lines, last: last, counter: counter)
    }

    enum FreshLines {
        /// Fresh: each client's latest line (in `ids` order), the statistics, how many lines, the
        /// latest feedback of each client.
        case fresh([CaseloadIndexFile.Line], CaseloadStats, Int, [ClientID: CaseloadFeedback?])
        /// Stale, damaged or of another version: rebuild.
        case stale
        /// A line the scanner does not read line by line: left to `caseload()`, which reads the
        /// file whole (and falls back to JSONDecoder for every line).
        case undecided
    }

    /// `fresh(_:counter:ids:)` read line by line, keeping where each client's latest line is
    /// instead of its summary.
    static func freshLines(_ file: CaseloadIndexFile, counter: Int, ids: [ClientID]) -> FreshLines {
        var latest: [ClientID: CaseloadIndexFile.Line] = [:]
        latest.reserveCapacity(ids.count)
        var feedback: [ClientID: CaseloadFeedback?] = [:]
        var last: CaseloadIndexLine?
        var count = 0
        var undecided = false
        var otherVersion = false
        let read = file.forEachLine { at, bytes in
            guard
                let line = try? JSONScanner.scan(
                    bytes,
                    { s throws(JSONScanner.Failure) in
                        let line = try CaseloadIndex.scanLine(&s)
                        guard s.atEnd() else { throw .init() }
                        return line
                    })
            else {
                undecided = true
                return false
            }
            count += 1
            guard line.v == CaseloadIndex.version else {
                otherVersion = true
                return false
            }
            if let s = line.summary {
                latest[s.clientId] = at
                feedback[s.clientId] = line.feedback  // a later line replaces it (nil: none)
            }
            last = line
            return true
        }
        if undecided { return .undecided }
        guard read, !otherVersion, let last, last.gen == counter, let stats = last.stats, last.clients == ids.count,
            latest.count == ids.count
        else { return .stale }
        var lines: [CaseloadIndexFile.Line] = []
        lines.reserveCapacity(ids.count)
        for id in ids {
            guard let at = latest[id] else { return .stale }
            lines.append(at)
        }
        return .fresh(lines, stats, count, feedback)
    }
}
