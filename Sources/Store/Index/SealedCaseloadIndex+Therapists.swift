import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension DataStore {
    /// Every client id `visibility` allows, sorted, and the problems of listing them (see
    /// `clientIDs()`). In a sealed directory whose caseload index is fresh, a client's therapist is
    /// the caseload its index line is sealed to (`to`, which every move rewrites), so no
    /// `client.json` is read; a client the index lists as stale, and every client when the index is
    /// missing, damaged, plaintext (mid-migration) or not fresh, is filtered by its `client.json`.
    /// The same rule as `Visibility.allows(therapist:)` either way: a client the account may not
    /// see is left out as if it did not exist.
    public func visibleClientIDs(
        _ visibility: Visibility
    ) throws(StoreError) -> (
        ids: [ClientID], problems: [StoreProblem]
    ) {
        let listed = try clientIDs()
        if case .everyone = visibility { return listed }
        let recorded = sealedIndexTherapists(ids: listed.ids) ?? [:]
        return (visibility.filter(listed.ids, recorded: recorded, in: self), listed.problems)
    }

    /// The caseload each client's line of the sealed caseload index is sealed to, read in clear
    /// (no key needed, nothing opened); nil unless the directory is sealed and its index fresh
    /// (version 3 throughout, its end line at the lock's counter, exactly the clients of `ids`).
    /// Clients the end line lists as stale (saved by a process without their caseload key) are
    /// left out: their line may be older than their last save. The index is read in chunks up to
    /// its size under the lock (appends after it are not read; a rewrite replaces the file, not
    /// the bytes read), only its clear columns scanned: never held whole in memory.
    func sealedIndexTherapists(ids: [ClientID]) -> [ClientID: AccountID]? {
        guard isSealed(), let lock = try? FileLock(path: layout.caseloadIndexLock, shared: true) else { return nil }
        let counter = lock.readCounter()
        let fd = open(layout.caseloadIndex, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            lock.unlock()
            return nil
        }
        defer { close(fd) }
        var st = stat()
        let size = fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil
        lock.unlock()
        guard let size else { return nil }
        var therapists: [ClientID: AccountID] = [:]
        therapists.reserveCapacity(ids.count)
        var last: SealedIndexLine?
        let read = Self.forEachLine(fd: fd, size: size) { bytes in
            let scanned = try? JSONScanner.scan(bytes: bytes) { s throws(JSONScanner.Failure) in
                let line = try SealedIndex.scanLine(&s, columnsOnly: true)
                guard s.atEnd() else { throw .init() }
                return line
            }
            guard let line = scanned ?? SealedIndex.decodeLine(Data(bytes)), line.v == SealedIndex.version else {
                return false
            }
            if let c = line.client, let t = line.to { therapists[c] = t }
            last = line
            return true
        }
        guard read, let end = last, end.isEnd, end.gen == counter, end.clients == ids.count else { return nil }
        let stale = end.staleClients
        guard ids.allSatisfy({ therapists[$0] != nil || stale[$0] != nil }),
            Set(therapists.keys).union(stale.keys).count == ids.count
        else { return nil }
        for c in stale.keys { therapists[c] = nil }
        return therapists
    }

    /// Calls `body` with each non-empty line of the first `size` bytes of `fd` (without its
    /// newline), read in chunks of `chunk` bytes (more for a longer line); false when the bytes
    /// cannot be read, the last line has no newline, or `body` returns false.
    static func forEachLine(
        fd: Int32, size: Int, chunk: Int = 1 << 20, _ body: (UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool {
        var buffer = [UInt8](repeating: 0, count: max(chunk, 1))
        var filled = 0
        var offset = 0
        while offset < size {
            if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
            let want = min(buffer.count - filled, size - offset)
            let got = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, want, off_t(offset)) }
            guard got > 0 else { return false }
            filled += got
            offset += got
            // The complete lines in the buffer, then what is left moved to its front.
            let consumed: Int? = buffer.withUnsafeMutableBytes { raw in
                let base = raw.bindMemory(to: UInt8.self)
                var start = 0
                while start < filled, let nl = memchr(base.baseAddress! + start, 0x0A, filled - start) {
                    let end = base.baseAddress!.distance(to: nl.assumingMemoryBound(to: UInt8.self))
                    if end > start, !body(UnsafeBufferPointer(rebasing: base[start..<end])) { return nil }
                    start = end + 1
                }
                if start > 0, start < filled { memmove(raw.baseAddress!, raw.baseAddress! + start, filled - start) }
                return start
            }
            guard let consumed else { return false }
            filled -= consumed
        }
        return filled == 0
    }
}
