import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The append-only audit trail, `<data-dir>/audit.log`: one JSON object per line (`AuditEntry`),
/// each carrying the SHA-256 of the line before it, so that an edited or deleted line breaks the
/// chain and `verify()` finds it. `<data-dir>/audit.head` records the number and hash of the last
/// line, so that deleting lines at the end is found as well.
///
/// Appends take an exclusive `flock` on the log, write one line with `O_APPEND`, and fsync it
/// before returning; several processes can log at once. The log never holds answers, scores,
/// names, passphrases or codes: only event, role, time and ids.
///
/// ```swift
/// try store.audit.append(.kioskCodeIssued, role: .therapist, client: id)
/// ```
public struct AuditLog: Sendable {
    /// `<data-dir>/audit.log`.
    public let path: String
    /// `<data-dir>/audit.head`.
    public let headPath: String
    /// The clock that dates each line.
    public let clock: any WallClock
    /// When false, appends skip fsync (bulk generation only).
    public var durable: Bool

    /// The `prev` of the first line.
    public static let genesis = String(repeating: "0", count: 64)
    /// Longest line `append` reads back when looking for the last entry.
    static let maxLine = 64 * 1024

    /// The audit log of the data directory at `root`; with `durable`, every append is fsynced.
    public init(root: String, clock: any WallClock = SystemClock(), durable: Bool = true) {
        let layout = DataLayout(root: root)
        path = layout.root + "/audit.log"
        headPath = layout.root + "/audit.head"
        self.clock = clock
        self.durable = durable
    }

    /// Appends one event; returns the entry as written.
    @discardableResult
    public func append(
        _ event: AuditEvent, role: AuditRole, client: ClientID? = nil, session: Int? = nil, record: String? = nil,
        supersedes: String? = nil, count: Int? = nil, path relative: String? = nil
    ) throws(StoreError) -> AuditEntry {
        try append(
            AuditFacts(
                event, role: role, client: client, session: session, record: record, supersedes: supersedes,
                count: count, path: relative))
    }

    /// Appends one event; returns the entry as written.
    @discardableResult
    public func append(_ facts: AuditFacts) throws(StoreError) -> AuditEntry {
        if let relative = facts.path, relative.hasPrefix("/") || relative.split(separator: "/").contains("..") {
            throw .invalid("an audit path must be relative to the data directory")
        }
        var st = stat()
        let existed = lstat(path, &st) == 0
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 {
            let code = errno
            if code == ELOOP { throw .corrupt(path: path, reason: "is a symbolic link; rapport does not follow links") }
            throw .io(path: path, operation: "open audit log", errno: code)
        }
        defer { close(fd) }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            throw .io(path: path, operation: "lock audit log", errno: errno)
        }
        defer { flock(fd, LOCK_UN) }
        if fstat(fd, &st) != 0 { throw .io(path: path, operation: "stat", errno: errno) }
        if (st.st_mode & S_IFMT) != S_IFREG { throw .corrupt(path: path, reason: "is not a regular file") }

        let tail = try lastLine(fd: fd, size: Int(st.st_size))
        let prev = tail.map { AuditLog.sha256Hex($0) } ?? AuditLog.genesis
        let seq: Int
        if let tail, let last = try? AuditLog.decoder.decode(AuditEntry.self, from: tail) {
            seq = last.seq + 1
        } else if tail != nil {
            // The last line is damaged (check reports it); continue numbering from the head record.
            seq = (readHead()?.seq ?? 0) + 1
        } else {
            seq = 1
        }
        let entry = AuditEntry(
            seq: seq, time: clock.now(), event: facts.event, role: facts.role, client: facts.client,
            session: facts.session, record: facts.record, supersedes: facts.supersedes, count: facts.count,
            path: facts.path, prev: prev)
        let line: Data
        do {
            line = try AuditLog.encoder.encode(entry)
        } catch {
            throw .invalid("cannot encode an audit entry")
        }
        try writeAll(fd: fd, line + Data([0x0A]))
        if durable, fdatasync(fd) != 0 { throw .io(path: path, operation: "fsync audit log", errno: errno) }
        if durable, !existed { try PosixFileSystem().syncDirectory((path as NSString).deletingLastPathComponent) }
        // The line is safely in the log. The head may lag behind it (a full disk, a crash: it is
        // written atomically but not fsynced, so it can never get ahead of the fsynced log);
        // verify() accepts a head older than the log and only flags one ahead of it or disagreeing.
        let head = AuditHead(seq: seq, hash: AuditLog.sha256Hex(line))
        if let data = try? StoreCoding.encode(head, path: headPath) {
            try? PosixFileSystem().writeAtomically(data, to: headPath, durable: false)
        }
        return entry
    }

    /// Every entry that parses, in order (damaged lines are left out; `verify()` reports them).
    public func entries() throws(StoreError) -> [AuditEntry] {
        guard PosixFileSystem().exists(path) else { return [] }
        return AuditLog.lines(of: try PosixFileSystem().read(path)).lines.compactMap {
            try? AuditLog.decoder.decode(AuditEntry.self, from: $0)
        }
    }

    // MARK: Helpers

    /// The last complete line (without its newline), or nil for an empty log. An incomplete last
    /// line (an append interrupted mid-write) is cut off first, unless it is a whole entry that
    /// only lacks its newline, which is then completed.
    private func lastLine(fd: Int32, size: Int) throws(StoreError) -> Data? {
        if size == 0 { return nil }
        let chunkSize = min(size, AuditLog.maxLine)
        let start = size - chunkSize
        var chunk = Data(count: chunkSize)
        var got = 0
        var readError: Int32 = 0
        chunk.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            while got < chunkSize {
                let n = pread(fd, buffer.baseAddress.map { $0 + got }, chunkSize - got, off_t(start + got))
                if n < 0 {
                    if errno == EINTR { continue }
                    readError = errno
                    return
                }
                if n == 0 { break }
                got += n
            }
        }
        if readError != 0 { throw .io(path: path, operation: "read audit log", errno: readError) }
        var bytes = [UInt8](chunk.prefix(got))
        if bytes.last != 0x0A {
            let cut = bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
            let fragment = Data(bytes[cut...])
            if (try? AuditLog.decoder.decode(AuditEntry.self, from: fragment)) != nil {
                try writeAll(fd: fd, Data([0x0A]))
                bytes.append(0x0A)
            } else {
                if cut == 0 && start > 0 {
                    throw .corrupt(path: path, reason: "last line is longer than \(AuditLog.maxLine) bytes")
                }
                if ftruncate(fd, off_t(start + cut)) != 0 {
                    throw .io(path: path, operation: "truncate interrupted audit line", errno: errno)
                }
                bytes.removeSubrange(cut...)
            }
        }
        if bytes.isEmpty { return nil }
        bytes.removeLast()  // the newline
        let begin = bytes.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        if begin == 0 && start > 0 {
            throw .corrupt(path: path, reason: "last line is longer than \(AuditLog.maxLine) bytes")
        }
        return Data(bytes[begin...])
    }

    private func writeAll(fd: Int32, _ data: Data) throws(StoreError) {
        var failed: Int32 = 0
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                offset += n
            }
        }
        if failed != 0 { throw .io(path: path, operation: "append to audit log", errno: failed) }
    }

    func readHead() -> AuditHead? {
        guard let data = try? PosixFileSystem().read(headPath) else { return nil }
        return try? StoreCoding.decode(AuditHead.self, from: data, path: headPath)
    }

    static func sha256Hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// Splits the log into lines (without newlines); `incomplete` is a final fragment with no newline.
    static func lines(of data: Data) -> (lines: [Data], incomplete: Data?) {
        var lines: [Data] = []
        var start = data.startIndex
        for index in data.indices where data[index] == 0x0A {
            lines.append(data[start..<index])
            start = index + 1
        }
        let rest = data[start..<data.endIndex]
        return (lines.map { Data($0) }, rest.isEmpty ? nil : Data(rest))
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    static var decoder: JSONDecoder { StoreCoding.decoder() }
}

/// `<data-dir>/audit.head`: the number and hash of the last audit line.
struct AuditHead: Codable, Equatable {
    var schemaVersion: Int = currentSchemaVersion
    var seq: Int
    var hash: String
    init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }
}
