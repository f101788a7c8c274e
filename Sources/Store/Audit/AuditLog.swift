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
/// In a sealed data directory (the store's keyring holds the clinic key) each line also carries a
/// keyed MAC (`AuditEntry.mac`, HMAC-SHA256 with a key derived from the clinic key by HKDF, info
/// "rapport/audit") over the previous line's MAC and the line itself: someone without the clinic
/// key can still append garbage or cut the log, but cannot edit, insert or rewrite lines (and
/// recompute the SHA-256 chain) without `verify()` naming the first line changed.
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
    /// The account signed in to this process: every line appended without an `account` of its
    /// own names it. Nil when nobody signed in.
    public var actor: AccountID?
    /// The MAC key's bytes (derived from the clinic key); nil in a plaintext directory. (Bytes:
    /// this swift-crypto's `SymmetricKey` is not `Sendable`.)
    private let macKeyBytes: Data?
    /// The MAC key (derived from the clinic key); nil in a plaintext directory.
    var macKey: SymmetricKey? { macKeyBytes.map { SymmetricKey(data: $0) } }

    /// The `prev` of the first line.
    public static let genesis = String(repeating: "0", count: 64)
    /// Longest line `append` reads back when looking for the last entry.
    static let maxLine = 64 * 1024

    /// The audit log of the data directory at `root`; with `durable`, every append is fsynced.
    /// With `clinicKey` (a sealed directory), every appended line carries its MAC and `verify()`
    /// checks the MAC chain.
    public init(
        root: String, clock: any WallClock = SystemClock(), durable: Bool = true, clinicKey: SymmetricKey? = nil,
        actor: AccountID? = nil
    ) {
        let layout = DataLayout(root: root)
        path = layout.root + "/audit.log"
        headPath = layout.root + "/audit.head"
        self.clock = clock
        self.durable = durable
        self.actor = actor
        macKeyBytes = clinicKey.map { AuditLog.macKey(clinicKey: $0).withUnsafeBytes { Data($0) } }
    }

    /// The audit MAC key: HKDF-SHA256 of the clinic key, info "rapport/audit", 32 bytes.
    public static func macKey(clinicKey: SymmetricKey) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(inputKeyMaterial: clinicKey, info: Data("rapport/audit".utf8), outputByteCount: 32)
    }

    /// Whether appends carry a MAC and `verify()` checks them (the clinic key is held).
    public var isKeyed: Bool { macKeyBytes != nil }

    /// Appends one event; returns the entry as written.
    @discardableResult
    public func append(
        _ event: AuditEvent, role: AuditRole, account: AccountID? = nil, client: ClientID? = nil, session: Int? = nil,
        record: String? = nil, supersedes: String? = nil, count: Int? = nil, path relative: String? = nil
    ) throws(StoreError) -> AuditEntry {
        try append(
            AuditFacts(
                event, role: role, account: account, client: client, session: session, record: record,
                supersedes: supersedes, count: count, path: relative))
    }

    /// Appends one event; returns the entry as written.
    @discardableResult
    public func append(_ facts: AuditFacts) throws(StoreError) -> AuditEntry {
        try append(facts, alsoSync: nil)
    }

    /// Appends one event. When durable, `alsoSync` runs after the line is written, at the same
    /// time as the line's fdatasync (under the log's lock): the save of a record passes the fsync
    /// of the record's directory, so that the disk serves the two together (on a journaling file
    /// system one commit makes both durable; the rename was made before the line was written, so
    /// no commit can hold the line without it). When `alsoSync` or the sync fails, the line is cut
    /// off again and the error thrown: the caller undoes its change, and no line names it.
    /// With `ready` (``prepare(_:)`` of the same facts), its line is written when the log is
    /// still as it was read then (dated when it was made, a few hundred µs earlier); otherwise the
    /// line is made again under the lock.
    @discardableResult
    func append(
        _ facts: AuditFacts, alsoSync: (@Sendable () throws(StoreError) -> Void)?, ready: PreparedAuditLine? = nil
    ) throws(StoreError) -> AuditEntry {
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

        let made: PreparedAuditLine
        if let ready, ready.facts == facts, ready.stands(for: st) {
            made = ready
        } else {
            let tail = try lastLine(fd: fd, size: Int(st.st_size))
            let seq: Int
            if let tail, let last = AuditLog.sequence(ofLine: tail) {
                seq = last + 1
            } else if tail != nil {
                // The last line is damaged (check reports it); continue numbering from the head record.
                seq = (readHead()?.seq ?? 0) + 1
            } else {
                seq = 1
            }
            made = try makeLine(facts, after: tail, seq: seq, log: st)
        }
        let (entry, line, seq) = (made.entry, made.line, made.entry.seq)
        let end = lseek(fd, 0, SEEK_END)
        do throws(StoreError) {
            try writeAll(fd: fd, line + Data([0x0A]))
            if durable {
                let line = FileSync(fd: fd, path: path, operation: "fsync audit log")
                if let alsoSync { try FileSync.run([line], with: alsoSync) } else { try line.run() }
            }
        } catch {
            // Taken back (best effort: a line left behind names a save that did not happen).
            if end >= 0 { _ = ftruncate(fd, end) }
            throw error
        }
        if durable, !existed { try PosixFileSystem().syncDirectory((path as NSString).deletingLastPathComponent) }
        // The line is safely in the log. The head may lag behind it (a full disk, a crash: it is
        // not fsynced, so it can never get ahead of the fsynced log); verify() accepts a head
        // older than the log and only flags one ahead of it or disagreeing.
        if let head = made.head ?? (try? StoreCoding.encode(AuditHead(seq: seq, hash: made.hash), path: headPath)) {
            writeHead(head)
        }
        return entry
    }

    /// The line that would be appended for `facts` now, made from the log as it stands without
    /// taking its lock (a save makes it while its record is being synced, and
    /// ``append(_:alsoSync:ready:)`` only checks that the log is unchanged); nil when the log is
    /// missing, its last line is unfinished, damaged or long — then the append makes the line.
    func prepare(_ facts: AuditFacts) -> PreparedAuditLine? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(st.st_size)
        var tail: Data?
        if size > 0 {
            guard let line = wholeLastLine(fd: fd, size: size) else { return nil }
            tail = line
        }
        var seq = 1
        if let tail {
            guard let last = AuditLog.sequence(ofLine: tail) else { return nil }
            seq = last + 1
        }
        guard var made = try? makeLine(facts, after: tail, seq: seq, log: st) else { return nil }
        made.head = try? StoreCoding.encode(AuditHead(seq: seq, hash: made.hash), path: headPath)
        return made
    }

    /// The entry numbered `seq` for `facts` after the line `tail` (nil: the log is empty), as
    /// written: JSON, with its MAC when the log is keyed.
    private func makeLine(
        _ facts: AuditFacts, after tail: Data?, seq: Int, log: stat
    ) throws(StoreError) -> PreparedAuditLine {
        var entry = AuditEntry(
            seq: seq, time: clock.now(), event: facts.event, role: facts.role, account: facts.account ?? actor,
            client: facts.client,
            session: facts.session, record: facts.record, supersedes: facts.supersedes, count: facts.count,
            path: facts.path, prev: tail.map { AuditLog.sha256Hex($0) } ?? AuditLog.genesis)
        var line: Data
        do {
            line = try AuditLog.encoder.encode(entry)
        } catch {
            throw .invalid("cannot encode an audit entry")
        }
        if let macKey {
            let mac = AuditLog.mac(key: macKey, previous: tail.flatMap(AuditLog.macBytes(ofLine:)), line: line)
            entry.mac = mac
            line = AuditLog.withMAC(line, mac)
        }
        return PreparedAuditLine(facts: facts, entry: entry, line: line, hash: AuditLog.sha256Hex(line), log: log)
    }

    /// Bytes of `audit.head` as written in place: the JSON padded with spaces (which JSON allows).
    static let headSlot = 256

    /// Writes the head over the old one in place, under the log's lock: one `pwrite` of a fixed
    /// size within one disk sector, so that a reader holding the lock, or the disk after a crash,
    /// sees the old head or the new one. (An atomic replace by rename costs 0.3–3 ms per save on
    /// ext4, which flushes the new file first.) Anything unexpected at the path (a link, a longer
    /// file) is replaced atomically instead.
    private func writeHead(_ json: Data) {
        guard json.count < AuditLog.headSlot else {
            try? PosixFileSystem().writeAtomically(json, to: headPath, durable: false)
            return
        }
        var slot = json
        slot.append(contentsOf: repeatElement(0x20, count: AuditLog.headSlot - 1 - json.count))
        slot.append(0x0A)
        let fd = open(headPath, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o600)
        var st = stat()
        guard fd >= 0 else {
            try? PosixFileSystem().writeAtomically(slot, to: headPath, durable: false)
            return
        }
        defer { close(fd) }
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size <= AuditLog.headSlot,
            (slot.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }) == AuditLog.headSlot
        else {
            try? PosixFileSystem().writeAtomically(slot, to: headPath, durable: false)
            return
        }
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
        if let line = wholeLastLine(fd: fd, size: size) { return line }
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

    /// The last line (without its newline) when the log's last 4 KiB end with a whole, non-empty
    /// one — a line is a few hundred bytes; nil when it is long, unfinished or empty (`lastLine`
    /// then reads further and repairs). Only reads: `prepare` uses it without the lock.
    private func wholeLastLine(fd: Int32, size: Int) -> Data? {
        let count = min(size, 4096)
        guard count > 0, let bytes = readTail(fd: fd, size: size, count: count), bytes.last == 0x0A else {
            return nil
        }
        let body = bytes.dropLast()
        guard let begin = body.lastIndex(of: 0x0A).map({ $0 + 1 }) ?? (count == size ? 0 : nil),
            begin < body.endIndex
        else { return nil }
        return Data(body[begin...])
    }

    /// The last `count` bytes of a file of `size` bytes; nil when they cannot all be read.
    private func readTail(fd: Int32, size: Int, count: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(size - count)) }
        return got == count ? bytes : nil
    }

    private func writeAll(fd: Int32, _ data: Data) throws(StoreError) {
        if let failed = PosixFileSystem.writeAll(data, to: fd) {
            throw .io(path: path, operation: "append to audit log", errno: failed)
        }
    }

    func readHead() -> AuditHead? {
        guard let data = try? PosixFileSystem().read(headPath) else { return nil }
        return try? StoreCoding.decode(AuditHead.self, from: data, path: headPath)
    }

    /// Lowercase hex of the SHA-256 digest (two per save: without a formatter per byte).
    static func sha256Hex(_ data: Data) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: data) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    // MARK: MAC chain

    /// `,"mac":"` — a keyed line ends with this, 64 hex digits and `"}`.
    static let macPrefix = Data(#","mac":""#.utf8)
    /// Length of the MAC's ending: `,"mac":"` + 64 hex + `"}`.
    static let macSuffixLength = macPrefix.count + 64 + 2

    /// Lower-case hex HMAC-SHA256 over `previous` (the previous line's MAC bytes, or nothing) and
    /// `line` (the line without its MAC: the JSON object as encoded with `mac` nil).
    static func mac(key: SymmetricKey, previous: Data?, line: Data) -> String {
        var hmac = HMAC<SHA256>(key: key)
        if let previous { hmac.update(data: previous) }
        hmac.update(data: line)
        return Data(hmac.finalize()).map { String(format: "%02x", $0) }.joined()
    }

    /// The line with its MAC as the last key: `{…}` → `{…,"mac":"<hex>"}`.
    static func withMAC(_ line: Data, _ mac: String) -> Data {
        var out = Data(line.dropLast())
        out.append(macPrefix)
        out.append(Data(mac.utf8))
        out.append(contentsOf: [0x22, 0x7D])
        return out
    }

    /// Splits a keyed line into the bytes its MAC covers and the MAC (hex); nil when the line does
    /// not end with a MAC key.
    static func splitMAC(_ line: Data) -> (covered: Data, mac: String)? {
        let bytes = [UInt8](line)
        guard bytes.count > macSuffixLength, bytes.last == 0x7D, bytes[bytes.count - 2] == 0x22 else { return nil }
        let start = bytes.count - macSuffixLength
        guard Data(bytes[start..<(start + macPrefix.count)]) == macPrefix else { return nil }
        let hex = bytes[(start + macPrefix.count)..<(bytes.count - 2)]
        guard hex.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        var covered = Data(bytes[..<start])
        covered.append(0x7D)
        return (covered, String(decoding: hex, as: UTF8.self))
    }

    /// The 64 hex digits just before a line's closing `"}`, as bytes: its MAC if it has one, even
    /// when the key in front of it was damaged.
    static func trailingMAC(_ line: Data) -> Data? {
        let bytes = [UInt8](line)
        guard bytes.count > 67, bytes.last == 0x7D, bytes[bytes.count - 2] == 0x22,
            bytes[bytes.count - 67] == 0x22
        else { return nil }
        return hexBytes(String(decoding: bytes[(bytes.count - 66)..<(bytes.count - 2)], as: UTF8.self))
    }

    /// The MAC of a line as raw bytes (what the next line's MAC covers); nil without one.
    static func macBytes(ofLine line: Data) -> Data? {
        splitMAC(line).flatMap { hexBytes($0.mac) }
    }

    static func hexBytes(_ hex: String) -> Data? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var out = Data(capacity: digits.count / 2)
        var i = 0
        while i < digits.count {
            guard let byte = UInt8(String(decoding: digits[i..<(i + 2)], as: UTF8.self), radix: 16) else { return nil }
            out.append(byte)
            i += 2
        }
        return out
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

    /// The `seq` of an audit line (only that key is read; the others are passed over), else the
    /// whole entry decoded by JSONDecoder; nil when the line is not an entry.
    static func sequence(ofLine line: Data) -> Int? {
        let scanned = try? JSONScanner.scan(line) { s throws(JSONScanner.Failure) -> Int in
            var seq: Int?
            var event = false
            try s.object { s, key throws(JSONScanner.Failure) in
                switch key {
                case "seq": seq = try s.int()
                case "event":
                    _ = try s.string()
                    event = true
                default: try s.skip()
                }
            }
            guard s.atEnd(), event, let seq else { throw .init() }
            return seq
        }
        if let scanned { return scanned }
        return (try? decoder.decode(AuditEntry.self, from: line))?.seq
    }

    static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    static var decoder: JSONDecoder { StoreCoding.decoder() }
}

/// An audit line made ahead of its append (``AuditLog/prepare(_:)``), with the state of the log
/// it was made from: it is written only to that same file (device and inode), of the same size
/// and change time — no line added, cut off or completed since.
struct PreparedAuditLine: Sendable {
    let facts: AuditFacts
    let entry: AuditEntry
    /// The line as written, without its newline.
    let line: Data
    /// Its SHA-256 (hex), for the head.
    let hash: String
    /// `audit.head` after it, encoded (nil: encoded when written).
    var head: Data?
    private let device: UInt64
    private let inode: UInt64
    private let size: Int64
    private let changed: (Int, Int)

    init(facts: AuditFacts, entry: AuditEntry, line: Data, hash: String, log: stat) {
        self.facts = facts
        self.entry = entry
        self.line = line
        self.hash = hash
        device = UInt64(log.st_dev)
        inode = UInt64(log.st_ino)
        size = Int64(log.st_size)
        changed = (Int(log.st_ctim.tv_sec), Int(log.st_ctim.tv_nsec))
    }

    /// Whether the log, as `fstat` shows it now, is the one this line was made from.
    func stands(for log: stat) -> Bool {
        UInt64(log.st_dev) == device && UInt64(log.st_ino) == inode && Int64(log.st_size) == size
            && Int(log.st_ctim.tv_sec) == changed.0 && Int(log.st_ctim.tv_nsec) == changed.1
    }
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
