import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Where the caseload index stood when a reader read it: the file (inode), how much of it was
/// read, the counter it was fresh for and the hash of the line that ended there. A reader that
/// keeps something derived from the index (the caseload rows, `CaseloadRowsCache` in AppCore)
/// reads only what was appended after it (`caseloadIndexTail(since:)`).
public struct CaseloadIndexPosition: Codable, Sendable, Equatable {
    public var inode: UInt64
    public var size: Int
    public var gen: Int
    /// SHA-256 (hex) of the last line before `size`, without its newline.
    public var lastLine: String

    public init(inode: UInt64, size: Int, gen: Int, lastLine: String) {
        self.inode = inode
        self.size = size
        self.gen = gen
        self.lastLine = lastLine
    }
}

/// The clients changed since a position: their latest lines, the statistics after them.
public struct CaseloadIndexTail: Sendable {
    /// Where the index stands now.
    public var position: CaseloadIndexPosition
    /// The latest summary (without notes) and feedback of each client changed since, in the
    /// order of their last change.
    public var changed: [(summary: ClientSummary, feedback: CaseloadFeedback?)]
    /// The caseload statistics now (nil when nothing changed).
    public var stats: CaseloadStats?
    /// How many clients the index holds now (nil when nothing changed).
    public var clients: Int?
    /// A sealed directory's index: `changed` and `stats` cover only the caseloads this process
    /// holds keys for (`clients` counts every client).
    public var sealed = false
    /// A sealed directory's index: the therapist account (caseload) of each client in `changed`.
    public var therapists: [ClientID: AccountID] = [:]
}

extension DataStore {
    /// The index's position right now (for a reader that has just read it whole), when it is
    /// fresh and its last line is its statistics line.
    func caseloadIndexPosition(fd: Int32, counter: Int) -> CaseloadIndexPosition? {
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        guard let last = Self.lineEnding(at: size, fd: fd) else { return nil }
        return CaseloadIndexPosition(
            inode: UInt64(st.st_ino), size: size, gen: counter, lastLine: AuditLog.sha256Hex(last))
    }

    /// The index's current position, read under its shared lock (nil when it is missing or stale).
    public func caseloadIndexPosition() -> CaseloadIndexPosition? {
        if isSealed() { return sealedIndexPosition() }
        return readingIndex { fd, counter in
            guard let position = caseloadIndexPosition(fd: fd, counter: counter),
                let last = Self.lineEnding(at: position.size, fd: fd).flatMap(CaseloadIndex.decodeLine),
                last.v == CaseloadIndex.version, last.gen == counter, last.stats != nil
            else { return nil }
            return position
        }
    }

    /// Runs `body` on the index file, open for reading, and the counter, both under the index's
    /// shared lock; nil when the lock or the file cannot be opened.
    func readingIndex<T>(_ body: (_ fd: Int32, _ counter: Int) -> T?) -> T? {
        guard let lock = try? FileLock(path: layout.caseloadIndexLock, shared: true) else { return nil }
        defer { lock.unlock() }
        let counter = lock.readCounter()
        let fd = open(layout.caseloadIndex, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { return nil }
        defer { close(fd) }
        return body(fd, counter)
    }

    /// What was appended to the index since `since`; nil when the index was rewritten since
    /// (compacted, rebuilt), is stale, any appended line does not read, or more than
    /// `CaseloadIndex.tailLimit` bytes were appended: the caller then reads the whole caseload.
    /// Reads only the appended bytes (and the line before them).
    public func caseloadIndexTail(since: CaseloadIndexPosition) -> CaseloadIndexTail? {
        caseloadIndexTail(since: since, limit: CaseloadIndex.tailLimit)
    }

    func caseloadIndexTail(since: CaseloadIndexPosition, limit: Int) -> CaseloadIndexTail? {
        if isSealed() { return sealedIndexTail(since: since, limit: limit) }
        guard let lock = try? FileLock(path: layout.caseloadIndexLock, shared: true) else { return nil }
        defer { lock.unlock() }
        let counter = lock.readCounter()
        let fd = open(layout.caseloadIndex, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { return nil }
        defer { close(fd) }
        guard let now = caseloadIndexPosition(fd: fd, counter: counter), now.inode == since.inode,
            now.size >= since.size, counter >= since.gen,
            let before = Self.lineEnding(at: since.size, fd: fd), AuditLog.sha256Hex(before) == since.lastLine
        else { return nil }
        if now.size == since.size {
            // Nothing appended: fresh only if the counter has not moved either.
            return counter == since.gen ? CaseloadIndexTail(position: now, changed: []) : nil
        }
        let count = now.size - since.size
        guard count <= limit else { return nil }
        var bytes = [UInt8](repeating: 0, count: count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(since.size)) }
        guard n == count, let lines = CaseloadIndex.decodeLines(Data(bytes)), let last = lines.last,
            last.gen == counter, let stats = last.stats, let clients = last.clients,
            lines.allSatisfy({ $0.v == CaseloadIndex.version && $0.gen > since.gen })
        else { return nil }
        var order: [ClientID] = []
        var latest: [ClientID: (summary: ClientSummary, feedback: CaseloadFeedback?)] = [:]
        for line in lines {
            guard let s = line.summary else { continue }
            if latest[s.clientId] == nil { order.append(s.clientId) }
            latest[s.clientId] = (s, line.feedback)
        }
        return CaseloadIndexTail(
            position: now, changed: order.compactMap { latest[$0] }, stats: stats, clients: clients)
    }

    /// A sealed index's current position (its last line a fresh end line).
    func sealedIndexPosition() -> CaseloadIndexPosition? {
        readingIndex { fd, counter in
            guard let position = caseloadIndexPosition(fd: fd, counter: counter),
                let last = Self.lineEnding(at: position.size, fd: fd).flatMap(SealedIndex.decodeLine),
                last.v == SealedIndex.version, last.gen == counter, last.isEnd
            else { return nil }
            return position
        }
    }

    /// The line that ends (with its newline) at byte `end` of the file, without the newline.
    static func lineEnding(at end: Int, fd: Int32) -> Data? {
        guard end > 0 else { return nil }
        var want = min(end, CaseloadIndex.tailBytes)
        while true {
            var buffer = [UInt8](repeating: 0, count: want)
            let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, want, off_t(end - want)) }
            guard n == want, buffer.last == 0x0A else { return nil }
            let body = buffer.dropLast()
            if let nl = body.lastIndex(of: 0x0A) { return Data(body[(nl + 1)...]) }
            if want == end { return Data(body) }
            want = min(end, want * 4)  // (a long last line: many stale clients)
        }
    }
}
