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
    /// The format version of the index (``CaseloadIndex/version`` when written).
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
    /// With `summary`: the client's discharges, answers to alerts and baseline choices, when it
    /// has any (absent: none), so that the caseload reads no file per client.
    public var feedback: CaseloadFeedback?

    public init(
        gen: Int, summary: ClientSummary? = nil, stats: CaseloadStats? = nil, clients: Int? = nil,
        feedback: CaseloadFeedback? = nil
    ) {
        v = CaseloadIndex.version
        self.gen = gen
        self.summary = summary
        self.stats = stats
        self.clients = clients
        self.feedback = feedback.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A client's files that the caseload rows read besides the summary: discharges (episodes),
/// the therapist's answers to alerts, baseline choices. Kept in the caseload index.
public struct CaseloadFeedback: Codable, Sendable, Equatable {
    public var discharges: [Discharge]
    public var responses: [AlertResponse]
    public var baselines: [BaselineChoice]

    public init(discharges: [Discharge] = [], responses: [AlertResponse] = [], baselines: [BaselineChoice] = []) {
        self.discharges = discharges
        self.responses = responses
        self.baselines = baselines
    }

    /// Nothing recorded.
    public var isEmpty: Bool { discharges.isEmpty && responses.isEmpty && baselines.isEmpty }
}

/// What the caseload needs, read from the caseload index (one file) or, when the index is
/// missing, damaged or stale, from every client's summary (and the index rewritten).
public struct CaseloadIndexRead: Sendable, CaseloadFeedbackByClient {
    /// Every client's summary without notes, in client-id order.
    public var summaries: [ClientSummary]
    /// Caseload statistics per series key.
    public var stats: CaseloadStats
    /// Problems met (directory entries that are not clients; unreadable summaries).
    public var problems: [StoreProblem]
    /// Whether the index was found stale and rebuilt from the summaries.
    public var rebuilt: Bool
    /// Discharges, answers to alerts and baseline choices of the clients that have any.
    public var feedback: [ClientID: CaseloadFeedback]
    /// Where the index stood when read (nil when it could not be written): for
    /// `caseloadIndexTail(since:)`.
    public var position: CaseloadIndexPosition?
    /// A sealed directory's index: the therapist account each client of `summaries` belongs to
    /// (the caseload its index line is sealed to, which follows `client.json`: every move rewrites
    /// the index), so that need-to-know filtering reads no file per client. Empty for a plaintext
    /// index (which does not record therapists).
    public var therapists: [ClientID: AccountID] = [:]

    public init(
        summaries: [ClientSummary], stats: CaseloadStats, problems: [StoreProblem], rebuilt: Bool,
        feedback: [ClientID: CaseloadFeedback] = [:]
    ) {
        self.summaries = summaries
        self.stats = stats
        self.problems = problems
        self.rebuilt = rebuilt
        self.feedback = feedback
    }
}

/// A caseload read's feedback files by client (`CaseloadIndexRead`, `CaseloadIndexStream`), in the
/// shapes the expected-recovery reference and the alert answers take.
public protocol CaseloadFeedbackByClient {
    /// Each client's discharges, answers to alerts and baseline choices.
    var feedback: [ClientID: CaseloadFeedback] { get }
}

extension CaseloadFeedbackByClient {
    /// Discharges by client id (the `TrackReference`'s input).
    public var discharges: [String: [Discharge]] {
        var out: [String: [Discharge]] = [:]
        for (id, f) in feedback where !f.discharges.isEmpty { out[id.rawValue] = f.discharges }
        return out
    }

    /// Answers to alerts by client id.
    public var responses: [String: [AlertResponse]] {
        var out: [String: [AlertResponse]] = [:]
        for (id, f) in feedback where !f.responses.isEmpty { out[id.rawValue] = f.responses }
        return out
    }
}

/// The caseload index: reading, rebuilding, and the per-save update.
public enum CaseloadIndex {
    /// 2: client lines carry `feedback`; 3: their summaries are derived by rules 2 (corrected
    /// records' risk flags kept). Indexes of an older version are rebuilt.
    public static let version = 3
    /// How much of the file's end is read first to find the last line (four times as much again
    /// while it is longer).
    static let tailBytes = 1 << 16
    /// The most that is read of what was appended since a position (`caseloadIndexTail(since:)`):
    /// past it (hundreds of saves, or a caseload's refresh after a rebuild by another therapist)
    /// the whole caseload is read instead, one summary at a time, rather than every appended line
    /// held at once.
    static let tailLimit = 8 << 20

    /// The notes are left out of the index (they are clinical text the caseload never shows), and
    /// the client's own change counter (a note changes it, not the caseload row).
    static func indexed(_ summary: ClientSummary) -> ClientSummary {
        var s = summary
        s.notes = []
        s.generation = 0
        return s
    }

    /// One line and its newline: `CaseloadIndexLineEncoder`'s bytes (JSONEncoder's, without it),
    /// else JSONEncoder's.
    /// `summaryJSON`: the line's summary already encoded (``EncodedSummary/indexed``).
    static func encode(_ line: CaseloadIndexLine, summaryJSON: ArraySlice<UInt8>? = nil) -> Data? {
        if let fast = CaseloadIndexLineEncoder.encode(line, summaryJSON: summaryJSON) { return fast }
        guard var data = try? StoreCoding.encoder().encode(line) else { return nil }
        data.append(0x0A)
        return data
    }

    /// Decodes every line; nil when any line is damaged. Fast scanner first, JSONDecoder otherwise.
    static func decodeLines(_ data: Data) -> [CaseloadIndexLine]? {
        var lines: [CaseloadIndexLine] = []
        do throws(JSONScanner.Failure) {
            return try JSONScanner.scan(data) { s throws(JSONScanner.Failure) in
                while !s.atEnd() { lines.append(try scanLine(&s)) }
                return lines
            }
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
        let scanned = try? JSONScanner.scan(data) { s throws(JSONScanner.Failure) in
            let line = try scanLine(&s)
            guard s.atEnd() else { throw .init() }
            return line
        }
        return scanned ?? (try? StoreCoding.decoder().decode(CaseloadIndexLine.self, from: data))
    }

    /// The last line's counter, statistics and client count (what a change and the caseload
    /// statistics need), its summary and feedback passed over, not decoded: the last line of a
    /// plaintext index is the last changed client's, whole summary included.
    static func decodeEnd(_ data: Data) -> CaseloadIndexLine? {
        let scanned = try? JSONScanner.scan(data) { s throws(JSONScanner.Failure) in
            let line = try scanLine(&s, endOnly: true)
            guard s.atEnd() else { throw .init() }
            return line
        }
        guard let scanned else { return decodeLine(data) }
        return scanned
    }

    /// Scans one line; with `endOnly` its summary and feedback are passed over (left nil).
    static func scanLine(
        _ s: inout JSONScanner, endOnly: Bool = false
    ) throws(JSONScanner.Failure)
        -> CaseloadIndexLine
    {
        var v: Int?
        var gen: Int?
        var summary: ClientSummary?
        var stats: CaseloadStats?
        var clients: Int?
        var feedback: CaseloadFeedback?
        try s.object { s, key throws(JSONScanner.Failure) in
            switch key {
            case "summary" where endOnly, "feedback" where endOnly: try s.skip()
            case "feedback":
                let raw = try s.rawValue()
                guard let f = try? StoreCoding.decoder().decode(CaseloadFeedback.self, from: raw) else {
                    throw JSONScanner.Failure()
                }
                feedback = f
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
        var line = CaseloadIndexLine(gen: gen, summary: summary, stats: stats, clients: clients, feedback: feedback)
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
            want = min(size, want * 4)  // (a long last line: many stale clients)
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
    /// In a sealed directory: the index's end line when it was fresh.
    private let sealedTail: SealedIndexLine?

    /// The sync of the bumped counter when `syncCounter` was false and the store is durable: the
    /// caller runs it with its own (``counterSyncs``), or starts it (``startCounterSync()``) and
    /// waits for it, before its change becomes visible.
    private let counterSync: FileSync?

    init(store: DataStore, syncCounter: Bool = true) throws(StoreError) {
        self.store = store
        CaseloadIndex.makeDirectory(store.layout.caseload)
        lock = try FileLock(path: store.layout.caseloadIndexLock)
        let counter = lock.readCounter()
        let lastLine = CaseloadIndex.lastLine(store.layout.caseloadIndex)
        if store.isSealed() {
            tail = nil
            let end = lastLine.flatMap(SealedIndex.decodeLine)
            if let end, end.v == SealedIndex.version, end.isEnd, end.gen == counter {
                sealedTail = end
            } else {
                sealedTail = nil
            }
        } else {
            sealedTail = nil
            let last = lastLine.flatMap(CaseloadIndex.decodeEnd)
            if let last, last.v == CaseloadIndex.version, last.gen == counter, last.stats != nil, last.clients != nil {
                tail = last
            } else {
                tail = nil
            }
        }
        generation = counter + 1
        counterSync = store.durable && !syncCounter ? lock.counterSync : nil
        do {
            try lock.writeCounter(generation, durable: store.durable && syncCounter)
        } catch {
            lock.unlock()
            throw error
        }
    }

    /// Appends the client's new summary (derived data: not fsynced; a lost or torn line leaves
    /// the counter ahead of the file, and the next read rebuilds). Releases the lock. `encoded`,
    /// when given, is `new` already encoded (a save writes it to `summary.json` too).
    func commit(old: ClientSummary?, new: ClientSummary, encoded: EncodedSummary? = nil) {
        commit(prepared: prepare(old: old, new: new, encoded: encoded))
    }

    /// The counter sync a record's write runs alongside its own: this index's, when the counter
    /// was left to sync with it; none otherwise.
    var counterSyncs: [FileSync] {
        counterSync.map { [$0] } ?? []
    }

    /// This index's counter sync, started now (``FileSystem/startSyncs(_:)``), when the counter was left
    /// to the caller to sync (`syncCounter` false in a durable store); nil otherwise. The caller
    /// waits for it before its change becomes visible.
    func startCounterSync() -> StartedSyncs? {
        counterSync.map { store.fs.startSyncs([$0]) }
    }

    /// Appends what ``prepare(old:new:encoded:)`` made (nothing when nil); releases the lock.
    func commit(prepared: Data?) {
        defer { lock.unlock() }
        if let prepared { try? store.fs.append(prepared, to: store.layout.caseloadIndex) }
    }

    /// The bytes `commit(old:new:encoded:)` appends, without appending them: a save computes them
    /// while its record's syncs run. Nil: nothing to append (the index stays stale).
    func prepare(old: ClientSummary?, new: ClientSummary, encoded: EncodedSummary? = nil) -> Data? {
        if store.isSealed() { return prepareSealed(old: old, new: new, encoded: encoded) }
        guard let tail, var stats = tail.stats, let clients = tail.clients else { return nil }
        if let old, old.sessions != new.sessions || old.clientId != new.clientId {
            stats.remove(CaseloadStats(summary: old))
            stats.add(CaseloadStats(summary: new))
        } else if old == nil {
            stats.add(CaseloadStats(summary: new))
        }
        // The client's feedback files, read under its lock (the caller holds it); an unreadable
        // one leaves the index stale (the counter is ahead) and the next read rebuilds.
        guard let feedback = try? store.caseloadFeedback(new.clientId) else { return nil }
        let line = CaseloadIndexLine(
            gen: generation, summary: CaseloadIndex.indexed(new), stats: stats, clients: clients + (old == nil ? 1 : 0),
            feedback: feedback)
        return CaseloadIndex.encode(line, summaryJSON: encoded?.indexed)
    }

    /// Leaves the index stale (the counter is already ahead); releases the lock.
    func abandon() { lock.unlock() }

    /// A sealed directory: the client's line sealed with its caseload's index key and the
    /// caseload's statistics updated, when this process holds that key, the client's line is not
    /// already stale and the caseload has its statistics; otherwise the client is listed stale (a
    /// non-clinical end line) for the next reader holding the key to refresh.
    private func prepareSealed(old: ClientSummary?, new: ClientSummary, encoded: EncodedSummary?) -> Data? {
        guard let end = sealedTail, let clients = end.clients,
            let therapist = try? store.sealingTherapist(new.clientId)
        else { return nil }
        let id = new.clientId
        let count = clients + (old == nil ? 1 : 0)
        var stale = end.stale ?? [:]
        var boxes = end.stats ?? [:]
        var keys = IndexKeys(store.keyring)
        var out = Data()
        if stale[id.rawValue] == nil, case .success(var stats)? = keys.openStats(end, therapist),
            let feedback = try? store.caseloadFeedback(id)
        {
            if let old, old.sessions != new.sessions || old.clientId != new.clientId {
                stats.remove(CaseloadStats(summary: old))
                stats.add(CaseloadStats(summary: new))
            } else if old == nil {
                stats.add(CaseloadStats(summary: new))
            }
            if let line = keys.sealClient(
                CaseloadIndex.indexed(new), feedback: feedback, to: therapist, gen: generation,
                summaryJSON: encoded?.indexed),
                let bytes = SealedIndex.encode(line), let box = keys.sealStats(stats, therapist, gen: generation)
            {
                out.append(bytes)
                boxes[therapist.rawValue] = box
            } else {
                stale[id.rawValue] = therapist.rawValue
            }
        } else {
            stale[id.rawValue] = therapist.rawValue
        }
        guard
            let endBytes = SealedIndex.encode(
                SealedIndexLine(gen: generation, clients: count, stats: boxes, stale: stale))
        else { return nil }
        out.append(endBytes)
        return out
    }

    /// A save by a process without the caseload key (a kiosk): the client is listed stale in a
    /// new end line, nothing clinical is written; the next reader holding the key refreshes just
    /// that client. Releases the lock.
    func markStale(_ id: ClientID, therapist: AccountID) {
        defer { lock.unlock() }
        guard let end = sealedTail, let clients = end.clients else { return }
        var stale = end.stale ?? [:]
        stale[id.rawValue] = therapist.rawValue
        guard
            let bytes = SealedIndex.encode(
                SealedIndexLine(gen: generation, clients: clients, stats: end.stats ?? [:], stale: stale))
        else { return }
        try? store.fs.append(bytes, to: store.layout.caseloadIndex)
    }
}

extension DataStore {
    /// Starts a change the caseload index must follow (call after taking the client's lock).
    /// With `syncCounter` false the bumped counter is written but not yet synced: the caller
    /// runs the update's `counterSync` before its change is visible (a save, with its record's).
    func beginIndexUpdate(syncCounter: Bool = true) throws(StoreError) -> CaseloadIndexUpdate {
        try CaseloadIndexUpdate(store: self, syncCounter: syncCounter)
    }

    /// A client's discharges, answers to alerts and baseline choices (the caseload index's copy
    /// of them comes from here).
    public func caseloadFeedback(_ id: ClientID) throws(StoreError) -> CaseloadFeedback {
        CaseloadFeedback(
            discharges: try discharges(id), responses: try alertResponses(id), baselines: try baselineChoices(id))
    }

    /// Runs `change` (a write of one of `id`'s feedback files, under the client's lock) so that
    /// the caseload index follows it: the counter is bumped first, and the client's line is
    /// appended after the change succeeded.
    func followingIndex<T>(_ id: ClientID?, _ change: () throws(StoreError) -> T) throws(StoreError) -> T {
        guard let id else { return try change() }
        let index = try beginIndexUpdate()
        let result: T
        do {
            result = try change()
        } catch {
            index.abandon()
            throw error
        }
        if let summary = try? freshSummary(id) {
            index.commit(old: summary, new: summary)
        } else {
            index.abandon()
        }
        return result
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
        if isSealed() { return try sealedCaseload(ids: ids, idProblems: idProblems) }
        CaseloadIndex.makeDirectory(layout.caseload)
        do {
            let lock = try FileLock(path: layout.caseloadIndexLock, shared: true)
            let counter = lock.readCounter()
            let data = try? fs.read(layout.caseloadIndex)
            var position: CaseloadIndexPosition?
            if let data {
                let fd = open(layout.caseloadIndex, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
                if fd >= 0 {
                    position = caseloadIndexPosition(fd: fd, counter: counter).flatMap {
                        $0.size == data.count ? $0 : nil
                    }
                    close(fd)
                }
            }
            lock.unlock()
            // A client directory replaced by a symbolic link is never read through the index.
            let real = ids.allSatisfy { (try? requireRealDirectory(layout.client($0))) != nil }
            if real, let data, let read = Self.fresh(data, counter: counter, ids: ids) {
                let compact = read.lines > 2 * read.summaries.count + 64
                if compact {
                    // (The file is rewritten: its old position is of no use to a reader.)
                    if (try? compactCaseloadIndex(
                        read.summaries, stats: read.stats, counter: counter, feedback: read.feedback)) != nil
                    {
                        position = caseloadIndexPosition().flatMap { $0.gen == counter ? $0 : nil }
                    }
                }
                var result = CaseloadIndexRead(
                    summaries: read.summaries, stats: read.stats, problems: idProblems, rebuilt: false,
                    feedback: read.feedback)
                result.position = position
                return result
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
        if isSealed() {
            if let stats = sealedCaseloadStats(ids: ids) { return stats }
            return try caseload().stats
        }
        if let lock = try? FileLock(path: layout.caseloadIndexLock, shared: true) {
            let counter = lock.readCounter()
            let last = CaseloadIndex.lastLine(layout.caseloadIndex).flatMap(CaseloadIndex.decodeEnd)
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
        if isSealed() { return try rebuildSealedIndex(ids: ids, idProblems: idProblems) }
        // The counter is read under the shared lock (no change half-way), the summaries without the
        // index lock (reading one may migrate it under its client's lock: a save holds its client's
        // lock, then waits for the index lock), and the index is written only if the counter has
        // not moved meanwhile.
        CaseloadIndex.makeDirectory(layout.caseload)
        let counter = indexCounter()
        let results = Slots(count: ids.count)
        let feedbacks = FeedbackSlots(count: ids.count)
        let workers = ids.count >= 64 ? min(ProcessInfo.processInfo.activeProcessorCount, 8) : 1
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < ids.count {
                do throws(StoreError) {
                    results.set(i, .success(CaseloadIndex.indexed(try freshSummary(ids[i], migrate: true))))
                    feedbacks.set(i, try caseloadFeedback(ids[i]))
                } catch {
                    results.set(i, .failure(error))
                }
                i += workers
            }
        }
        var summaries: [ClientSummary] = []
        summaries.reserveCapacity(ids.count)
        var problems = idProblems
        var feedback: [ClientID: CaseloadFeedback] = [:]
        let feedbackValues = feedbacks.values()
        var complete = true
        for (i, result) in results.values().enumerated() {
            if case .success = result, let f = feedbackValues[i], !f.isEmpty { feedback[ids[i]] = f }
            if case .success = result, feedbackValues[i] == nil { complete = false }
            switch result {
            case .success(let s): summaries.append(s)
            case .failure(let error): problems.append(StoreProblem(error, path: layout.client(ids[i])))
            case nil: break
            }
        }
        let stats = CaseloadStats(summaries: summaries)
        // Written only when every client was read: an index without a client is never fresh.
        var position: CaseloadIndexPosition?
        if let counter, complete, summaries.count == ids.count, let lock = try? FileLock(path: layout.caseloadIndexLock)
        {
            if lock.readCounter() == counter,
                (try? writeCaseloadIndex(summaries, stats: stats, counter: counter, feedback: feedback)) != nil
            {
                let fd = open(layout.caseloadIndex, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
                if fd >= 0 {
                    position = caseloadIndexPosition(fd: fd, counter: counter)
                    close(fd)
                }
            }
            lock.unlock()
        }
        var result = CaseloadIndexRead(
            summaries: summaries, stats: stats, problems: problems, rebuilt: true, feedback: feedback)
        result.position = position
        return result
    }

    /// Writes an empty index in a data directory without clients and without an index, so that
    /// the first clients and saves are followed line by line from the start.
    func startCaseloadIndex() {
        guard !fs.exists(layout.caseloadIndex),
            (try? fs.list(layout.clients).allSatisfy({ $0.hasPrefix(".") })) == true,
            let lock = try? FileLock(path: layout.caseloadIndexLock)
        else { return }
        defer { lock.unlock() }
        if isSealed() {
            if let end = SealedIndex.encode(
                SealedIndexLine(gen: lock.readCounter(), clients: 0, stats: [:], stale: [:]))
            {
                try? fs.writeAtomically(end, to: layout.caseloadIndex, durable: false)
            }
            return
        }
        try? writeCaseloadIndex([], stats: CaseloadStats(), counter: lock.readCounter())
    }

    /// Rewrites a fresh index without its superseded lines (when the counter has not moved).
    func compactCaseloadIndex(
        _ summaries: [ClientSummary], stats: CaseloadStats, counter: Int, feedback: [ClientID: CaseloadFeedback]
    ) throws(StoreError) {
        let lock = try FileLock(path: layout.caseloadIndexLock)
        defer { lock.unlock() }
        guard lock.readCounter() == counter else { return }
        try writeCaseloadIndex(summaries, stats: stats, counter: counter, feedback: feedback)
    }

    /// One line per client, then the statistics; atomic (derived data: not fsynced).
    func writeCaseloadIndex(
        _ summaries: [ClientSummary], stats: CaseloadStats, counter: Int, feedback: [ClientID: CaseloadFeedback] = [:]
    ) throws(StoreError) {
        var out = Data()
        for summary in summaries {
            let line = CaseloadIndexLine(gen: counter, summary: summary, feedback: feedback[summary.clientId])
            guard let line = CaseloadIndex.encode(line) else {
                throw .invalid("\(layout.caseloadIndex): cannot encode")
            }
            out.append(line)
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
        summaries: [ClientSummary], stats: CaseloadStats, lines: Int, feedback: [ClientID: CaseloadFeedback]
    )? {
        guard let lines = CaseloadIndex.decodeLines(data), let last = lines.last, last.gen == counter,
            let stats = last.stats, last.clients == ids.count
        else { return nil }
        var latest: [ClientID: ClientSummary] = [:]
        latest.reserveCapacity(ids.count)
        var feedback: [ClientID: CaseloadFeedback] = [:]
        for line in lines {
            guard line.v == CaseloadIndex.version else { return nil }
            if let s = line.summary {
                latest[s.clientId] = s
                feedback[s.clientId] = line.feedback  // a later line replaces it (nil: none)
            }
        }
        guard latest.count == ids.count else { return nil }
        var summaries: [ClientSummary] = []
        summaries.reserveCapacity(ids.count)
        for id in ids {
            guard let s = latest[id] else { return nil }
            summaries.append(s)
        }
        return (summaries, stats, lines.count, feedback)
    }
}

/// Feedback read by several threads, one slot each.
private final class FeedbackSlots: @unchecked Sendable {
    private var values_: [CaseloadFeedback?]
    private let lock = NSLock()
    init(count: Int) { values_ = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: CaseloadFeedback) { lock.withLock { values_[i] = value } }
    func values() -> [CaseloadFeedback?] { lock.withLock { values_ } }
}

/// Results written by several threads, one slot each.
private final class Slots: @unchecked Sendable {
    private var values_: [Result<ClientSummary, StoreError>?]
    private let lock = NSLock()
    init(count: Int) { values_ = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: Result<ClientSummary, StoreError>) { lock.withLock { values_[i] = value } }
    func values() -> [Result<ClientSummary, StoreError>?] { lock.withLock { values_ } }
}
