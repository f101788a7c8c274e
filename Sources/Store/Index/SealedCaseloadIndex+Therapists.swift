import Foundation

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
    /// its size under the lock (`CaseloadIndexFile`: appends after it are not read; a rewrite
    /// replaces the file, not the bytes read), only its clear columns scanned: never held whole.
    func sealedIndexTherapists(ids: [ClientID]) -> [ClientID: AccountID]? {
        guard isSealed(), let lock = try? FileLock(path: layout.caseloadIndexLock, shared: true) else { return nil }
        let counter = lock.readCounter()
        let file = CaseloadIndexFile(path: layout.caseloadIndex)
        lock.unlock()
        guard let file else { return nil }
        var therapists: [ClientID: AccountID] = [:]
        therapists.reserveCapacity(ids.count)
        var last: SealedIndexLine?
        var damaged = false
        let complete = file.forEachLine { _, data in
            let scanned = data.withUnsafeBytes { raw in
                try? JSONScanner.scan(bytes: raw.bindMemory(to: UInt8.self)) { s throws(JSONScanner.Failure) in
                    let line = try SealedIndex.scanLine(&s, columnsOnly: true)
                    guard s.atEnd() else { throw .init() }
                    return line
                }
            }
            guard let line = scanned ?? SealedIndex.decodeLine(data), line.v == SealedIndex.version else {
                damaged = true
                return false
            }
            if let c = line.client, let t = line.to { therapists[c] = t }
            last = line
            return true
        }
        let read = complete && !damaged
        guard read, let end = last, end.isEnd, end.gen == counter, end.clients == ids.count else { return nil }
        let stale = end.staleClients
        guard ids.allSatisfy({ therapists[$0] != nil || stale[$0] != nil }),
            Set(therapists.keys).union(stale.keys).count == ids.count
        else { return nil }
        for c in stale.keys { therapists[c] = nil }
        return therapists
    }
}
