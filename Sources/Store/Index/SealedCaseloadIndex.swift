import Crypto
import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One line of the caseload index of a sealed directory (`caseload/index.jsonl`, version 3;
/// docs/data-format.md, "Caseload index"). Clinical content is sealed per caseload:
///
///     {"box":"…","client":"C001","gen":7,"to":"t1","v":3}
///     {"clients":2,"gen":8,"stale":{"C002":"t2"},"stats":{"t1":"…","t2":"…"},"v":3}
///
/// A client line's `box` is ChaCha20-Poly1305 (the caseload's index key) over the plaintext
/// index line of the client (summary without notes, feedback), bound to client and therapist. The
/// end line (the last line of the file and of every append) carries the number of clients, each
/// caseload's statistics sealed with that caseload's index key, and the clients whose line is
/// stale (a process without the caseload key saved for them: a kiosk); client ids, therapist
/// account ids and counters are visible, as they are in the directory names and `client.json`.
struct SealedIndexLine: Codable, Sendable, Equatable {
    var v: Int
    var gen: Int
    var client: ClientID?
    var to: AccountID?
    var box: Data?
    var clients: Int?
    var stats: [String: Data]?
    var stale: [String: String]?

    /// A client line.
    init(gen: Int, client: ClientID, to: AccountID, box: Data) {
        v = SealedIndex.version
        self.gen = gen
        self.client = client
        self.to = to
        self.box = box
    }

    /// An end line.
    init(gen: Int, clients: Int, stats: [String: Data], stale: [String: String]) {
        v = SealedIndex.version
        self.gen = gen
        self.clients = clients
        self.stats = stats.isEmpty ? nil : stats
        self.stale = stale.isEmpty ? nil : stale
    }

    /// Whether this is an end line.
    var isEnd: Bool { clients != nil && client == nil }

    /// The stale clients and the caseload each belongs to.
    var staleClients: [ClientID: AccountID] {
        var out: [ClientID: AccountID] = [:]
        for (c, t) in stale ?? [:] {
            if let c = try? ClientID(c), let t = try? AccountID(t) { out[c] = t }
        }
        return out
    }
}

/// The sealed caseload index: keys, sealing and the line format.
enum SealedIndex {
    /// 3: the sealed index (plaintext indexes were version 2); 4: its summaries are derived by
    /// rules 2 (corrected records' risk flags kept; plaintext indexes are version 3). Sealed
    /// indexes of an older version are rebuilt.
    static let version = 4

    /// A caseload's index key: HKDF-SHA256 of the caseload private key with info
    /// "rapport/caseload-index/<therapist>". Only a holder of the caseload key derives it.
    static func key(_ privateKey: Curve25519.KeyAgreement.PrivateKey, therapist: AccountID) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: privateKey.rawRepresentation),
            info: Data("rapport/caseload-index/\(therapist.rawValue)".utf8), outputByteCount: 32)
    }

    static func clientInfo(_ client: ClientID, _ therapist: AccountID) -> Data {
        Data("rapport/caseload-index/\(therapist.rawValue)/\(client.rawValue)".utf8)
    }

    static func statsInfo(_ therapist: AccountID) -> Data {
        Data("rapport/caseload-stats/\(therapist.rawValue)".utf8)
    }

    static func seal(_ plain: Data, key: SymmetricKey, info: Data) -> Data? {
        try? ChaChaPoly.seal(plain, using: key, authenticating: info).combined
    }

    static func open(_ box: Data, key: SymmetricKey, info: Data) -> Data? {
        guard let sealed = try? ChaChaPoly.SealedBox(combined: box) else { return nil }
        return try? ChaChaPoly.open(sealed, using: key, authenticating: info)
    }

    /// A client line's plaintext opened with its caseload's index key; nil when it does not open.
    static func openClient(_ line: SealedIndexLine, key: SymmetricKey) -> CaseloadIndexLine? {
        guard let c = line.client, let t = line.to, let box = line.box,
            let plain = open(box, key: key, info: clientInfo(c, t)),
            let inner = CaseloadIndex.decodeLine(plain), let summary = inner.summary, summary.clientId == c
        else { return nil }
        return inner
    }

    /// A client line: the client's plaintext index line sealed with its caseload's index key.
    static func sealClient(
        _ summary: ClientSummary, feedback: CaseloadFeedback?, to t: AccountID, gen: Int, key: SymmetricKey,
        summaryJSON: ArraySlice<UInt8>? = nil
    ) -> SealedIndexLine? {
        guard
            let plain = CaseloadIndex.encode(
                CaseloadIndexLine(gen: gen, summary: summary, feedback: feedback), summaryJSON: summaryJSON),
            let box = seal(plain, key: key, info: clientInfo(summary.clientId, t))
        else { return nil }
        return SealedIndexLine(gen: gen, client: summary.clientId, to: t, box: box)
    }

    static func encode(_ line: SealedIndexLine) -> Data? {
        guard var data = try? StoreCoding.encoder().encode(line) else { return nil }
        data.append(0x0A)
        return data
    }

    /// Every line of `data` with its bytes (without the newline); nil when any line is damaged.
    static func decodeLines(_ data: Data) -> [(line: SealedIndexLine, raw: Data)]? {
        var out: [(line: SealedIndexLine, raw: Data)] = []
        for part in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let raw = Data(part)
            guard let line = decodeLine(raw) else { return nil }
            out.append((line, raw))
        }
        return out
    }

    /// Decodes one line (scanner; JSONDecoder when the scanner refuses it).
    static func decodeLine(_ data: Data) -> SealedIndexLine? {
        let scanned = try? JSONScanner.scan(data) { s throws(JSONScanner.Failure) in
            let line = try scanLine(&s)
            guard s.atEnd() else { throw .init() }
            return line
        }
        return scanned ?? (try? StoreCoding.decoder().decode(SealedIndexLine.self, from: data))
    }

    /// Scans one line. With `columnsOnly` the sealed parts (`box`, `stats`) are passed over and
    /// left nil: only the clear columns are read.
    static func scanLine(
        _ s: inout JSONScanner, columnsOnly: Bool = false
    ) throws(JSONScanner.Failure) -> SealedIndexLine {
        var v: Int?
        var gen: Int?
        var line = SealedIndexLine(gen: 0, clients: 0, stats: [:], stale: [:])
        line.clients = nil
        func base64(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> Data {
            guard let d = Data(base64Encoded: try s.string()) else { throw JSONScanner.Failure() }
            return d
        }
        try s.object { s, key throws(JSONScanner.Failure) in
            switch key {
            case "v": v = try s.int()
            case "gen": gen = try s.int()
            case "clients": line.clients = try s.int()
            case "client":
                guard let c = try? ClientID(try s.string()) else { throw JSONScanner.Failure() }
                line.client = c
            case "to":
                guard let t = try? AccountID(try s.string()) else { throw JSONScanner.Failure() }
                line.to = t
            case "box" where columnsOnly, "stats" where columnsOnly: try s.skip()
            case "box": line.box = try base64(&s)
            case "stats":
                var stats: [String: Data] = [:]
                try s.object { s, t throws(JSONScanner.Failure) in stats[t] = try base64(&s) }
                line.stats = stats
            case "stale":
                var stale: [String: String] = [:]
                try s.object { s, c throws(JSONScanner.Failure) in stale[c] = try s.string() }
                line.stale = stale
            default: throw JSONScanner.Failure()
            }
        }
        guard let v, let gen else { throw JSONScanner.Failure() }
        line.v = v
        line.gen = gen
        return line
    }
}

/// The index keys of the caseloads this process holds, derived once each.
struct IndexKeys {
    let keyring: (any Keyring)?
    private var cache: [AccountID: SymmetricKey?] = [:]

    init(_ keyring: (any Keyring)?) { self.keyring = keyring }

    mutating func key(_ therapist: AccountID) -> SymmetricKey? {
        if let known = cache[therapist] { return known }
        let key = keyring?.caseloadPrivateKey(of: therapist).map { SealedIndex.key($0, therapist: therapist) }
        cache[therapist] = key
        return key
    }

    /// A client line's plaintext (the plaintext index's line of the client); nil when it does not open.
    mutating func openClient(_ line: SealedIndexLine) -> CaseloadIndexLine? {
        guard let t = line.to, let key = key(t) else { return nil }
        return SealedIndex.openClient(line, key: key)
    }

    /// A caseload's statistics from an end line: nil when absent, `.failure` when it does not open.
    mutating func openStats(_ end: SealedIndexLine, _ t: AccountID) -> Result<CaseloadStats, IndexDamage>? {
        guard let box = end.stats?[t.rawValue], let key = key(t) else { return nil }
        guard let plain = SealedIndex.open(box, key: key, info: SealedIndex.statsInfo(t)),
            let inner = CaseloadIndex.decodeLine(plain), let stats = inner.stats
        else { return .failure(IndexDamage(reason: "the statistics of caseload \(t) do not open")) }
        return .success(stats)
    }

    mutating func sealClient(
        _ summary: ClientSummary, feedback: CaseloadFeedback?, to t: AccountID, gen: Int,
        summaryJSON: ArraySlice<UInt8>? = nil
    )
        -> SealedIndexLine?
    {
        guard let key = key(t) else { return nil }
        return SealedIndex.sealClient(summary, feedback: feedback, to: t, gen: gen, key: key, summaryJSON: summaryJSON)
    }

    mutating func sealStats(_ stats: CaseloadStats, _ t: AccountID, gen: Int) -> Data? {
        guard let key = key(t), let plain = CaseloadIndex.encode(CaseloadIndexLine(gen: gen, stats: stats)) else {
            return nil
        }
        return SealedIndex.seal(plain, key: key, info: SealedIndex.statsInfo(t))
    }
}

/// Why an index line was not used.
struct IndexDamage: Error {
    var reason: String
}

extension DataStore {
    /// The caseload of a sealed directory: the clients of the caseloads this process holds keys
    /// for (their lines opened), the statistics merged over those caseloads. Stale clients of
    /// those caseloads (saved by a process without the key) are refreshed from their summaries and
    /// their lines appended; a missing, damaged or outdated index is rebuilt from the summaries.
    func sealedCaseload(ids: [ClientID], idProblems: [StoreProblem]) throws(StoreError) -> CaseloadIndexRead {
        CaseloadIndex.makeDirectory(layout.caseload)
        for _ in 0..<3 {
            switch sealedRead(ids: ids, idProblems: idProblems, openAll: true) {
            case .read(let read): return read
            case .rebuild(let problems): return try rebuildSealedIndex(ids: ids, idProblems: idProblems + problems)
            case .retry: continue
            case .streamed: break  // (not in `.all` mode)
            }
        }
        return try rebuildSealedIndex(ids: ids, idProblems: idProblems)
    }

    /// The sealed caseload as `sealedCaseload` reads it, with the summaries of the held caseloads
    /// left in the index file (`CaseloadIndexStream`); a refresh of stale clients or a compaction
    /// takes `sealedCaseload`'s path, which holds them.
    func sealedCaseloadStream(ids: [ClientID], idProblems: [StoreProblem]) throws(StoreError) -> CaseloadIndexStream {
        CaseloadIndex.makeDirectory(layout.caseload)
        for _ in 0..<3 {
            switch sealedRead(ids: ids, idProblems: idProblems, mode: .stream) {
            case .streamed(let stream): return stream
            case .read(let read): return CaseloadIndexStream(read)
            case .rebuild(let problems):
                return try rebuildSealedIndexStream(ids: ids, idProblems: idProblems + problems)
            case .retry: continue
            }
        }
        return try rebuildSealedIndexStream(ids: ids, idProblems: idProblems)
    }

    enum SealedReadOutcome {
        case read(CaseloadIndexRead)
        /// `.stream` mode: the held clients' lines, checked, to be opened again one at a time.
        case streamed(CaseloadIndexStream)
        case rebuild([StoreProblem])
        case retry
    }

    /// What `sealedRead` opens and keeps.
    enum SealedReadMode {
        /// Every held client's line opened; the summaries returned.
        case all
        /// Only what the refresh of stale clients needs (the tail reader's refresh); no summaries.
        case refresh
        /// Every held client's line opened to check it, only its feedback kept: `.streamed`. Stale
        /// clients are refreshed first (as `.refresh` does), then the index is read again with
        /// `.streamAfterRefresh`; a long index is compacted (its lines copied, one at a time).
        case stream
        /// As `.stream`, but clients still stale (a summary that did not read) have the index read
        /// as `.all` reads it.
        case streamAfterRefresh

        var streams: Bool { self == .stream || self == .streamAfterRefresh }
    }

    /// One read of the sealed index (see `sealedCaseload`). With `openAll` false only what the
    /// refresh of stale clients needs is opened (the tail reader's refresh) and the read's
    /// summaries are left empty.
    func sealedRead(ids: [ClientID], idProblems: [StoreProblem], openAll: Bool) -> SealedReadOutcome {
        sealedRead(ids: ids, idProblems: idProblems, mode: openAll ? .all : .refresh)
    }

    /// One read of the sealed index. The file is read through once in a bounded buffer (every line
    /// decoded, where each client's latest line is kept), then the held clients' latest lines are
    /// read again one at a time to be opened.
    func sealedRead(ids: [ClientID], idProblems: [StoreProblem], mode: SealedReadMode) -> SealedReadOutcome {
        let openAll = mode != .refresh
        let path = layout.caseloadIndex
        guard let lock = try? FileLock(path: layout.caseloadIndexLock, shared: true) else { return .rebuild([]) }
        let counter = lock.readCounter()
        let file = CaseloadIndexFile(path: path)
        lock.unlock()
        guard let file else { return .rebuild([]) }
        guard ids.allSatisfy({ (try? requireRealDirectory(layout.client($0))) != nil }) else { return .rebuild([]) }
        var latest: [ClientID: (line: CaseloadIndexFile.Line, to: AccountID?)] = [:]
        latest.reserveCapacity(ids.count)
        var last: (line: SealedIndexLine, at: CaseloadIndexFile.Line)?
        var lineCount = 0
        var allOfThisVersion = true
        var damagedLine = false
        let complete = file.forEachLine { at, raw in
            guard let line = SealedIndex.decodeLine(raw) else {
                damagedLine = true
                return false
            }
            lineCount += 1
            if line.v != SealedIndex.version { allOfThisVersion = false }
            if let c = line.client { latest[c] = (at, line.to) }
            last = (line, at)
            return true
        }
        guard complete else { return .rebuild([]) }  // (a read error: as when the file does not read)
        if damagedLine {
            return .rebuild([
                StoreProblem(path: path, reason: "a damaged line in the caseload index; rebuilt", isWarning: true)
            ])
        }
        guard let end = last?.line, end.v == SealedIndex.version, end.isEnd, end.gen == counter,
            end.clients == ids.count, allOfThisVersion
        else { return .rebuild([]) }
        let stale = end.staleClients
        guard ids.allSatisfy({ latest[$0] != nil || stale[$0] != nil }),
            Set(latest.keys).union(stale.keys).count == ids.count
        else { return .rebuild([]) }
        var keys = IndexKeys(keyring)
        var members: [AccountID: [ClientID]] = [:]
        var caseloadOf: [ClientID: AccountID] = [:]
        var held: [ClientID] = []
        for id in ids {
            guard let t = stale[id] ?? latest[id]?.to else { return .rebuild([]) }
            if keys.key(t) != nil {
                members[t, default: []].append(id)
                caseloadOf[id] = t
                held.append(id)
            }
        }
        let damaged = { (id: ClientID) in
            SealedReadOutcome.rebuild([
                StoreProblem(
                    path: path,
                    reason: "the caseload index line of client \(id) does not open (changed on disk?); rebuilt")
            ])
        }
        var opened: [ClientID: CaseloadIndexLine] = [:]
        opened.reserveCapacity(mode == .all ? held.count : stale.count)
        let heldStale = held.filter { stale[$0] != nil }
        var stats: [AccountID: CaseloadStats] = [:]
        for (t, _) in members {
            switch keys.openStats(end, t) {
            case .success(let s)?: stats[t] = s
            case .failure(let damage)?:
                return .rebuild([StoreProblem(path: path, reason: damage.reason + "; rebuilt")])
            case nil: break
            }
        }
        let missingStats = members.keys.filter { stats[$0] == nil }
        let compact = lineCount > 2 * ids.count + 64
        if mode.streams && !(heldStale.isEmpty && missingStats.isEmpty) {
            guard mode == .stream else { return sealedRead(ids: ids, idProblems: idProblems, mode: .all) }
            // The stale clients refreshed (their lines appended), then the index read again.
            switch sealedRead(ids: ids, idProblems: idProblems, mode: .refresh) {
            case .read: return sealedRead(ids: ids, idProblems: idProblems, mode: .streamAfterRefresh)
            case let other: return other
            }
        }
        // Which lines to open: all held ones, or for a refresh the stale ones and, for a caseload
        // whose statistics are missing, all of that caseload.
        let toOpen: [ClientID] =
            openAll ? held : held.filter { stale[$0] != nil || caseloadOf[$0].map { stats[$0] == nil } == true }
        // `.stream`: where each opened line is, and its feedback (the summary is opened again later).
        var streamed: [CaseloadIndexFile.Line] = []
        var streamedClients: [ClientID] = []
        var streamedFeedback: [ClientID: CaseloadFeedback] = [:]
        for id in toOpen {
            guard let at = latest[id]?.line else { continue }
            guard let bytes = file.read(at), let line = SealedIndex.decodeLine(bytes), line.client == id else {
                return .rebuild([])  // (the file no longer reads as it did under the lock: never here)
            }
            guard let t = stale[id] ?? line.to, line.to == t else { continue }  // sealed to another caseload
            guard let inner = keys.openClient(line) else { return damaged(id) }
            if mode.streams {
                streamed.append(at)
                streamedClients.append(id)
                if let f = inner.feedback, !f.isEmpty { streamedFeedback[id] = f }
            } else {
                opened[id] = inner
            }
        }
        if mode.streams {
            // No held client is stale here: every held line was opened (and is sealed to its caseload).
            var keyOf: [AccountID: SymmetricKey] = [:]
            for t in members.keys { keyOf[t] = keys.key(t) }
            let table = CaseloadIndexStream.Keys(keyOf)
            var therapists: [ClientID: AccountID] = [:]
            for id in streamedClients { therapists[id] = caseloadOf[id] }
            var position = positionIfUnchanged(size: file.size, counter: counter)
            if compact, let end = last?.at {
                // (The lines are read from the file as it was: `file` stays open.)
                compactSealedIndex(file, latest: latest.mapValues(\.line), end: end, ids: ids, counter: counter)
                position = caseloadIndexPosition().flatMap { $0.gen == counter ? $0 : nil }
            }
            return .streamed(
                CaseloadIndexStream(
                    clients: streamedClients, stats: merged(stats), problems: idProblems, feedback: streamedFeedback,
                    position: position, therapists: therapists, source: .sealed(file, streamed, table)))
        }
        if heldStale.isEmpty && missingStats.isEmpty {
            var read = CaseloadIndexRead(
                summaries: openAll ? held.compactMap { opened[$0]?.summary } : [],
                stats: merged(stats), problems: idProblems, rebuilt: false,
                feedback: openAll ? feedbackOf(opened) : [:])
            if openAll {
                read.therapists = caseloadOf.filter { opened[$0.key]?.summary != nil }
                read.position = positionIfUnchanged(size: file.size, counter: counter)
                if compact, let end = last?.at {
                    compactSealedIndex(file, latest: latest.mapValues(\.line), end: end, ids: ids, counter: counter)
                    read.position = caseloadIndexPosition().flatMap { $0.gen == counter ? $0 : nil }
                }
            }
            return .read(read)
        }
        // Refresh the stale clients of held caseloads (read without the index lock: reading a
        // summary may take the client's lock), a batch at a time on several threads: each new line
        // is sealed and spooled to a temporary file, and only its statistics are kept (its whole
        // line too for `.all`); then the spool is appended under the lock.
        var problems = idProblems
        var refreshed: [ClientID: CaseloadStats] = [:]
        var refreshedLines: [ClientID: CaseloadIndexLine] = [:]
        var newStale = end.stale ?? [:]
        var spool = IndexFileWriter(fs: fs, directory: layout.caseload)
        defer { spool.discard() }
        let shared = SharedIndexKeys(keyring)
        enum Made {
            /// The new line sealed (nil when it could not be), the client's statistics, its line.
            case made(Data?, CaseloadStats, CaseloadIndexLine?)
            case failed(StoreError)
        }
        inBatches(count: heldStale.count) { [caseloadOf] i -> Made in
            let id = heldStale[i]
            do throws(StoreError) {
                let summary = CaseloadIndex.indexed(try freshSummary(id, migrate: true))
                let feedback = try caseloadFeedback(id)
                let sealed = caseloadOf[id].flatMap { t in
                    shared.key(t).flatMap {
                        SealedIndex.sealClient(summary, feedback: feedback, to: t, gen: counter, key: $0)
                    }
                }
                let line = openAll ? CaseloadIndexLine(gen: counter, summary: summary, feedback: feedback) : nil
                return .made(sealed.flatMap(SealedIndex.encode), CaseloadStats(summary: summary), line)
            } catch {
                return .failed(error)
            }
        } take: { i, made in
            let id = heldStale[i]
            switch made {
            case .made(let bytes, let s, let line)?:
                refreshed[id] = s
                if let line { refreshedLines[id] = line }
                if let bytes {
                    _ = spool.add(bytes)
                    newStale[id.rawValue] = nil
                }
            case .failed(let error)?: problems.append(StoreProblem(error, path: layout.client(id)))
            case nil: break
            }
        }
        var newStats = end.stats ?? [:]
        for (t, ids) in members {
            var caseload = stats[t]
            if var s = caseload {
                for id in ids where refreshed[id] != nil {
                    if let old = opened[id]?.summary { s.remove(CaseloadStats(summary: old)) }
                    s.add(refreshed[id]!)
                }
                caseload = s
            } else if ids.allSatisfy({ refreshed[$0] != nil || (stale[$0] == nil && opened[$0] != nil) }) {
                // (In client-id order, as `CaseloadStats(summaries:)` adds.)
                var s = CaseloadStats()
                for id in ids {
                    if let r = refreshed[id] {
                        s.add(r)
                    } else if let old = opened[id]?.summary {
                        s.add(CaseloadStats(summary: old))
                    }
                }
                caseload = s
            }
            if let caseload, let box = keys.sealStats(caseload, t, gen: counter) {
                newStats[t.rawValue] = box
                stats[t] = caseload
            }
        }
        guard
            let endBytes = SealedIndex.encode(
                SealedIndexLine(gen: counter, clients: ids.count, stats: newStats, stale: newStale))
        else { return .rebuild(problems) }
        _ = spool.add(endBytes)
        guard let spooled = spool.finish() else { return .retry }
        guard let exclusive = try? FileLock(path: layout.caseloadIndexLock) else { return .retry }
        defer { exclusive.unlock() }
        // (A failure half-way leaves the index without its end line: the next reader rebuilds it.)
        guard exclusive.readCounter() == counter, fileSize(path) == file.size,
            appendFile(spooled, to: path)
        else { return .retry }
        for id in heldStale { opened[id] = refreshedLines[id] }  // a client not refreshed is a problem, not old data
        var read = CaseloadIndexRead(
            summaries: openAll ? held.compactMap { opened[$0]?.summary } : [], stats: merged(stats),
            problems: problems, rebuilt: false, feedback: openAll ? feedbackOf(opened) : [:])
        if openAll { read.therapists = caseloadOf.filter { opened[$0.key]?.summary != nil } }
        read.position = positionIfUnchanged(size: file.size + spooled.size, counter: counter)
        return .read(read)
    }

    /// Appends the whole of `file` to `path`, a chunk at a time; false when a read or write failed.
    func appendFile(_ file: CaseloadIndexFile, to path: String) -> Bool {
        var offset = 0
        while offset < file.size {
            let n = min(CaseloadIndexFile.chunkBytes, file.size - offset)
            guard let chunk = file.read(.init(offset: offset, length: n)), (try? fs.append(chunk, to: path)) != nil
            else { return false }
            offset += n
        }
        return true
    }

    func merged(_ stats: [AccountID: CaseloadStats]) -> CaseloadStats {
        var out = CaseloadStats()
        for t in stats.keys.sorted() { out.add(stats[t]!) }
        return out
    }

    func feedbackOf(_ opened: [ClientID: CaseloadIndexLine]) -> [ClientID: CaseloadFeedback] {
        var out: [ClientID: CaseloadFeedback] = [:]
        for (id, line) in opened {
            if let f = line.feedback, !f.isEmpty { out[id] = f }
        }
        return out
    }

    func fileSize(_ path: String) -> Int? {
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// The index's position when it still is `size` bytes long for `counter`.
    func positionIfUnchanged(size: Int, counter: Int) -> CaseloadIndexPosition? {
        let fd = open(layout.caseloadIndex, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { return nil }
        defer { close(fd) }
        return caseloadIndexPosition(fd: fd, counter: counter).flatMap { $0.size == size ? $0 : nil }
    }

    /// Rewrites the index with the latest line of each client and the end line, copied as they
    /// are (no key needed), when nothing changed since it was read.
    func compactSealedIndex(
        _ file: CaseloadIndexFile, latest: [ClientID: CaseloadIndexFile.Line], end: CaseloadIndexFile.Line,
        ids: [ClientID], counter: Int
    ) {
        _ = compactIndex(file, copying: ids.compactMap { latest[$0] } + [end], last: nil, counter: counter)
    }

    /// Rebuilds the sealed index from the summaries of the caseloads this process holds; the
    /// clients of other caseloads are listed stale (with their therapist, from `client.json`),
    /// for a holder of their key to refresh. Written only if the counter has not moved. Holds every
    /// summary and the whole file: the caseload's open uses `rebuildSealedIndexStream`.
    func rebuildSealedIndex(ids: [ClientID], idProblems: [StoreProblem]) throws(StoreError) -> CaseloadIndexRead {
        CaseloadIndex.makeDirectory(layout.caseload)
        let counter = indexCounter()
        var out = Data()
        let built = rebuildSealedLines(ids: ids, idProblems: idProblems, gen: counter ?? 0, keepSummaries: true) {
            out.append($0)
            return nil
        }
        var position: CaseloadIndexPosition?
        if let counter, let end = built.endLine(ids: ids, gen: counter),
            let lock = try? FileLock(path: layout.caseloadIndexLock)
        {
            out.append(end)
            if lock.readCounter() == counter,
                (try? fs.writeAtomically(out, to: layout.caseloadIndex, durable: false)) != nil
            {
                position = positionIfUnchanged(size: out.count, counter: counter)
            }
            lock.unlock()
        }
        var result = CaseloadIndexRead(
            summaries: built.summaries, stats: merged(built.stats), problems: built.problems, rebuilt: true,
            feedback: built.feedback)
        result.position = position
        result.therapists = built.therapists
        return result
    }

    /// What a sealed rebuild gathered: each held client's line (made by `add`), in client-id order.
    struct SealedRebuild {
        var problems: [StoreProblem]
        /// The held clients whose line was made, and where `add` put it.
        var clients: [ClientID] = []
        var lines: [CaseloadIndexFile.Line] = []
        /// With `keepSummaries`: their summaries.
        var summaries: [ClientSummary] = []
        var feedback: [ClientID: CaseloadFeedback] = [:]
        var therapists: [ClientID: AccountID] = [:]
        /// The statistics of each held caseload all of whose clients were read.
        var stats: [AccountID: CaseloadStats] = [:]
        /// Those statistics sealed, for the end line.
        var boxes: [String: Data] = [:]
        var stale: [String: String] = [:]
        /// Whether every client has a line or a stale mark (else the index is not written).
        var complete = true

        /// The end line, when the index may be written.
        func endLine(ids: [ClientID], gen: Int) -> Data? {
            guard complete else { return nil }
            return SealedIndex.encode(SealedIndexLine(gen: gen, clients: ids.count, stats: boxes, stale: stale))
        }
    }

    /// The lines of a sealed rebuild: the summaries of the held caseloads read a batch at a time on
    /// several threads (without the index lock: reading a summary may take the client's lock),
    /// each client's line sealed by its worker and handed to `add` in client-id order; the other
    /// caseloads' clients listed stale. Statistics are added in client-id order, as
    /// `CaseloadStats(summaries:)` adds them.
    func rebuildSealedLines(
        ids: [ClientID], idProblems: [StoreProblem], gen: Int, keepSummaries: Bool,
        add: (Data) -> CaseloadIndexFile.Line?
    ) -> SealedRebuild {
        enum Made {
            /// A client of a held caseload: its sealed line (nil when it could not be sealed).
            case held(AccountID, Data?, CaseloadStats, CaseloadFeedback, ClientSummary?)
            /// A client of a caseload this process holds no key for.
            case other(AccountID)
            case failed(AccountID?, StoreError)
        }
        let shared = SharedIndexKeys(keyring)
        var built = SealedRebuild(problems: idProblems)
        var members: [AccountID: CaseloadStats] = [:]
        var incomplete = Set<AccountID>()
        inBatches(count: ids.count) { i -> Made in
            var therapist: AccountID?
            do throws(StoreError) {
                let t = try sealingTherapist(ids[i])
                therapist = t
                guard let key = shared.key(t) else { return .other(t) }
                let summary = CaseloadIndex.indexed(try freshSummary(ids[i], migrate: true))
                let f = try caseloadFeedback(ids[i])
                let line = SealedIndex.sealClient(summary, feedback: f, to: t, gen: gen, key: key)
                return .held(
                    t, line.flatMap(SealedIndex.encode), CaseloadStats(summary: summary), f,
                    keepSummaries ? summary : nil)
            } catch {
                return .failed(therapist, error)
            }
        } take: { i, made in
            let id = ids[i]
            switch made {
            case .held(let t, let bytes?, let s, let f, let summary)?:
                if let at = add(bytes) { built.lines.append(at) }
                built.clients.append(id)
                if let summary { built.summaries.append(summary) }
                built.therapists[id] = t
                members[t, default: CaseloadStats()].add(s)
                if !f.isEmpty { built.feedback[id] = f }
            case .held(_, nil, _, _, _)?:
                built.complete = false
            case .other(let t)?:
                built.stale[id.rawValue] = t.rawValue
            case .failed(let t, let error)?:
                built.problems.append(StoreProblem(error, path: layout.client(id)))
                if let t {
                    built.stale[id.rawValue] = t.rawValue
                    incomplete.insert(t)
                } else {
                    built.complete = false
                }
            case nil:
                built.complete = false
            }
        }
        var keys = IndexKeys(keyring)
        for (t, s) in members where !incomplete.contains(t) {
            built.stats[t] = s
            if let box = keys.sealStats(s, t, gen: gen) { built.boxes[t.rawValue] = box }
        }
        return built
    }

    /// The caseload statistics of a sealed directory from the end line alone, when it is fresh,
    /// no client of a held caseload is stale and every held caseload has its statistics.
    func sealedCaseloadStats(ids: [ClientID]) -> CaseloadStats? {
        guard let lock = try? FileLock(path: layout.caseloadIndexLock, shared: true) else { return nil }
        let counter = lock.readCounter()
        let last = CaseloadIndex.lastLine(layout.caseloadIndex).flatMap(SealedIndex.decodeLine)
        lock.unlock()
        guard let end = last, end.v == SealedIndex.version, end.isEnd, end.gen == counter, end.clients == ids.count
        else { return nil }
        var keys = IndexKeys(keyring)
        guard !end.staleClients.values.contains(where: { keys.key($0) != nil }) else { return nil }
        var stats: [AccountID: CaseloadStats] = [:]
        for t in keyring?.readableCaseloads ?? [] {
            switch keys.openStats(end, t) {
            case .success(let s)?: stats[t] = s
            case .failure?: return nil
            case nil: continue  // no client in this caseload, or its statistics to be recomputed
            }
        }
        // (A held caseload without statistics has a stale client: refused above.)
        return merged(stats)
    }

    /// What was appended to a sealed index since `since` (see `caseloadIndexTail(since:)`): the
    /// changed clients of held caseloads, opened. Stale clients of held caseloads are refreshed
    /// first (their lines appended), reading only them.
    func sealedIndexTail(
        since: CaseloadIndexPosition, refreshed: Bool = false, limit: Int = CaseloadIndex.tailLimit
    ) -> CaseloadIndexTail? {
        guard let lock = try? FileLock(path: layout.caseloadIndexLock, shared: true) else { return nil }
        let counter = lock.readCounter()
        let fd = open(layout.caseloadIndex, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            lock.unlock()
            return nil
        }
        defer { close(fd) }
        guard let now = caseloadIndexPosition(fd: fd, counter: counter), now.inode == since.inode,
            now.size >= since.size, counter >= since.gen,
            let before = Self.lineEnding(at: since.size, fd: fd), AuditLog.sha256Hex(before) == since.lastLine
        else {
            lock.unlock()
            return nil
        }
        if now.size == since.size {
            lock.unlock()
            var tail = CaseloadIndexTail(position: now, changed: [])
            tail.sealed = true
            return counter == since.gen ? tail : nil
        }
        let count = now.size - since.size
        guard count <= limit else {
            lock.unlock()
            return nil
        }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(since.size)) }
        lock.unlock()
        guard n == count, let lines = SealedIndex.decodeLines(Data(bytes)), let end = lines.last?.line, end.isEnd,
            end.gen == counter, let clients = end.clients,
            lines.allSatisfy({ $0.line.v == SealedIndex.version && $0.line.gen >= since.gen })
        else { return nil }
        var keys = IndexKeys(keyring)
        if end.staleClients.values.contains(where: { keys.key($0) != nil }) {
            guard !refreshed, let (ids, problems) = try? clientIDs() else { return nil }
            guard case .read = sealedRead(ids: ids, idProblems: problems, openAll: false) else { return nil }
            return sealedIndexTail(since: since, refreshed: true, limit: limit)
        }
        var order: [ClientID] = []
        var latest: [ClientID: (summary: ClientSummary, feedback: CaseloadFeedback?)] = [:]
        var therapists: [ClientID: AccountID] = [:]
        for (line, _) in lines {
            guard let c = line.client, let t = line.to, keys.key(t) != nil else { continue }
            guard let inner = keys.openClient(line), let s = inner.summary else { return nil }
            if latest[c] == nil { order.append(c) }
            latest[c] = (s, inner.feedback)
            therapists[c] = t
        }
        var stats: [AccountID: CaseloadStats] = [:]
        for t in keyring?.readableCaseloads ?? [] {
            switch keys.openStats(end, t) {
            case .success(let s)?: stats[t] = s
            case .failure?: return nil
            case nil: continue
            }
        }
        var tail = CaseloadIndexTail(
            position: now, changed: order.compactMap { latest[$0] }, stats: merged(stats), clients: clients)
        tail.sealed = true
        tail.therapists = therapists
        return tail
    }
}

extension DataStore {
    /// Where the caseload rows cache of this process's caseloads lives in a sealed directory, and
    /// the key it is sealed with: HKDF-SHA256 over the index keys of every caseload this process
    /// holds (info "rapport/caseload-rows"), so that only a process holding the same caseloads
    /// opens it. nil in a plaintext directory or without any caseload key.
    public func sealedRowsCache() -> (path: String, key: SymmetricKey, info: Data)? {
        guard isSealed() else { return nil }
        let held = keyring?.readableCaseloads ?? []
        guard !held.isEmpty else { return nil }
        var keys = IndexKeys(keyring)
        var material = Data()
        for t in held {
            guard let k = keys.key(t) else { return nil }
            k.withUnsafeBytes { material.append(contentsOf: $0) }
        }
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: material), info: Data("rapport/caseload-rows".utf8),
            outputByteCount: 32)
        let tag = SHA256.hash(data: Data(held.map(\.rawValue).joined(separator: ",").utf8)).prefix(8)
            .map { String(format: "%02x", $0) }.joined()
        return (layout.caseload + "/rows-\(tag).sealed", key, Data("rapport/caseload-rows/\(tag)".utf8))
    }

    /// Removes a plaintext caseload index and the plaintext rows cache (`migrate`).
    func removePlaintextCaseloadFiles() {
        if let last = CaseloadIndex.lastLine(layout.caseloadIndex),
            SealedIndex.decodeLine(last)?.v != SealedIndex.version
        {
            try? fs.remove(layout.caseloadIndex)
        }
        for name in ["rows.jsonl", "rows.bin"] {
            let rows = layout.caseload + "/" + name
            if fs.exists(rows) { try? fs.remove(rows) }
        }
    }
}

/// Values written by several threads, one slot each.
final class EntrySlots<T>: @unchecked Sendable {
    private var values_: [T?]
    private let lock = NSLock()
    init(count: Int) { values_ = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) { lock.withLock { values_[i] = value } }
    func values() -> [T?] { lock.withLock { values_ } }
}
