import Crypto
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension AuditLog {
    /// The outcome of checking the chain.
    public struct Verification: Sendable, Equatable {
        /// Lines read (complete ones).
        public var lines: Int
        /// Breaks in the chain: edited, deleted or damaged lines, with line numbers.
        public var problems: [AuditProblem]
        /// Harmless findings (an append interrupted by a crash, repaired by the next append).
        public var warnings: [AuditProblem]
        /// SHA-256 of the last line: write it down elsewhere to detect a rewrite of the whole chain.
        public var headHash: String?
    }

    /// Reads the whole log and checks every line's `prev` hash and sequence number, and the last
    /// line against `audit.head`. An edited line is reported with its own line number; deleted lines
    /// with the line after the gap. With the clinic key (`isKeyed`) every line's MAC is checked as
    /// well: a line edited and the SHA-256 chain recomputed after it is still named, and so is a
    /// line without a MAC after keyed ones (or a keyed log whose last line has none).
    public func verify() throws(StoreError) -> Verification {
        let fs = PosixFileSystem()
        let head: AuditHead?
        var problems: [AuditProblem] = []
        var warnings: [AuditProblem] = []
        // Both files are read under a shared lock on the log: appends write the head in place under
        // the exclusive one, so a head is never read half-written nor ahead of the log read.
        let (headBytes, logBytes) = try readUnderSharedLock(fs)
        if let headBytes {
            do {
                head = try StoreCoding.decode(AuditHead.self, from: headBytes.get(), path: headPath)
            } catch {
                head = nil
                problems.append(AuditProblem(line: 0, reason: "audit.head: \(error)"))
            }
        } else {
            head = nil
        }
        guard let logBytes else {
            if let head {
                problems.append(
                    AuditProblem(line: 0, reason: "audit.log is missing, but audit.head records \(head.seq) entries"))
            }
            return Verification(lines: 0, problems: problems, warnings: warnings, headHash: nil)
        }
        let (lines, incomplete) = AuditLog.lines(of: try logBytes.get())
        var previousHash = AuditLog.genesis
        var previousSeq = 0
        var previousParsed = true
        var entriesBySeq: [Int: (line: Int, hash: String)] = [:]
        var previousMAC: Data?
        // What looks like a MAC at the end of the previous line even when its key was damaged
        // (`"mac"` edited): lets a following line's MAC name that line rather than itself.
        var previousCandidate: Data?
        var keyedLines = 0
        let macKey = self.macKey
        for (index, line) in lines.enumerated() {
            let number = index + 1
            let hash = AuditLog.sha256Hex(line)
            let split = AuditLog.splitMAC(line)
            defer {
                previousHash = hash
                previousMAC = split.flatMap { AuditLog.hexBytes($0.mac) }
                previousCandidate = AuditLog.trailingMAC(line)
            }
            guard let entry = try? AuditLog.decoder.decode(AuditEntry.self, from: line) else {
                problems.append(AuditProblem(line: number, reason: "not a valid audit entry (edited or damaged)"))
                previousParsed = false
                previousSeq += 1
                continue
            }
            if let macKey {
                if let split {
                    keyedLines += 1
                    var covered = previousMAC ?? Data()
                    covered.append(split.covered)
                    let given = AuditLog.hexBytes(split.mac) ?? Data()
                    if entry.mac != split.mac
                        || !HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: covered, using: macKey)
                    {
                        var blamed = number
                        if number > 1, previousMAC == nil, let candidate = previousCandidate {
                            var retry = candidate
                            retry.append(split.covered)
                            if HMAC<SHA256>.isValidAuthenticationCode(given, authenticating: retry, using: macKey) {
                                blamed = number - 1  // this line is intact; the previous line's MAC key is not
                            }
                        }
                        if blamed == number || problems.last?.line != blamed {
                            problems.append(
                                AuditProblem(
                                    line: blamed, reason: "its MAC does not match (edited without the clinic key)"))
                        }
                    }
                } else if entry.mac != nil {
                    problems.append(AuditProblem(line: number, reason: "its MAC is not where it belongs (edited)"))
                } else if keyedLines > 0, entry.event != .signInFailed {
                    // A failed sign-in unlocks no key, so its line has no MAC; the next keyed line's
                    // MAC covers its hash (`prev`), so it cannot be changed or removed unnoticed.
                    problems.append(
                        AuditProblem(
                            line: number, reason: "has no MAC after lines with one (MAC removed, or a line inserted)"))
                }
            }
            if entry.seq != previousSeq + 1 {
                let reason: String
                if entry.seq > previousSeq + 1 {
                    let missing = entry.seq - previousSeq - 1
                    reason =
                        number == 1
                        ? "the first \(missing) line(s) were deleted (the log starts at entry \(entry.seq))"
                        : "\(missing) line(s) deleted before this line (entry \(previousSeq) is followed by \(entry.seq))"
                } else {
                    reason = "entry number \(entry.seq) out of order after \(previousSeq) (lines edited or moved)"
                }
                problems.append(AuditProblem(line: number, reason: reason))
            } else if entry.prev != previousHash, previousParsed,
                !(macKey != nil && split != nil && previousMAC != nil)
            {
                // (With the key, a keyed line after a keyed one is judged by its MAC alone: a prev
                // that does not match is either this line's edit, or the previous line's, and each
                // MAC names its own.)
                if number == 1 {
                    problems.append(AuditProblem(line: 1, reason: "does not start the chain (lines deleted before it)"))
                } else if problems.last?.line != number - 1 {
                    problems.append(
                        AuditProblem(
                            line: number - 1,
                            reason: "was edited (its hash does not match line \(number)'s record of it)"))
                }
            }
            entriesBySeq[entry.seq] = (number, hash)
            previousSeq = entry.seq
            previousParsed = true
        }
        if let incomplete {
            if (try? AuditLog.decoder.decode(AuditEntry.self, from: incomplete)) != nil {
                problems.append(AuditProblem(line: lines.count + 1, reason: "has no final newline (edited)"))
            } else {
                warnings.append(
                    AuditProblem(
                        line: lines.count + 1,
                        reason: "incomplete (an append was interrupted); repaired by the next append"))
            }
        }
        if macKey != nil, keyedLines == 0, !lines.isEmpty {
            problems.append(
                AuditProblem(
                    line: lines.count,
                    reason:
                        "no line carries a MAC, but the directory is sealed (every append since sealing carries one: MACs removed?)"
                ))
        }
        if let head {
            if head.seq > previousSeq {
                let missing = head.seq - previousSeq
                problems.append(
                    AuditProblem(
                        line: lines.count + 1,
                        reason:
                            "\(missing) line(s) deleted at the end (audit.head records entry \(head.seq), the log ends at \(previousSeq))"
                    ))
            } else if let found = entriesBySeq[head.seq], found.hash != head.hash {
                problems.append(
                    AuditProblem(line: found.line, reason: "was edited (its hash does not match audit.head)"))
            }
        }
        return Verification(
            lines: lines.count, problems: problems, warnings: warnings,
            headHash: lines.last.map { AuditLog.sha256Hex($0) })
    }
}

extension AuditLog {
    /// `audit.head` and `audit.log` as read under a shared `flock` on the log (nil where a file does
    /// not exist; a read error is kept for the caller to report). Without a log to lock, unlocked.
    fileprivate func readUnderSharedLock(
        _ fs: PosixFileSystem
    ) throws(StoreError) -> (head: Result<Data, StoreError>?, log: Result<Data, StoreError>?) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        if fd >= 0 {
            while flock(fd, LOCK_SH) != 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw .io(path: path, operation: "lock audit log", errno: code)
            }
        }
        defer {
            if fd >= 0 {
                flock(fd, LOCK_UN)
                close(fd)
            }
        }
        func read(_ file: String) -> Result<Data, StoreError>? {
            guard fs.exists(file) else { return nil }
            do { return .success(try fs.read(file)) } catch { return .failure(error) }
        }
        return (read(headPath), read(path))
    }
}
