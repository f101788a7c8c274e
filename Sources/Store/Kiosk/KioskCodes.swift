import Foundation

/// One-time kiosk codes in `<data-dir>/codes/`: 6 digits, single use, with an expiry, stored
/// as salted PBKDF2 hashes. A client has at most one live code; making a new one replaces it.
public struct KioskCodes: Sendable {
    /// Digits in a code.
    public static let length = 6
    /// PBKDF2 rounds for code hashes.
    public static let defaultRounds = 20_000
    /// Default lifetime of a code, in seconds.
    public static let defaultLifetime = 3_600

    /// The data directory whose `kiosk-codes/` folder holds the codes.
    public let store: DataStore
    /// PBKDF2 rounds for new codes (lower only in tests).
    public var rounds: Int
    /// The clients the issuing account may see: a code for any other client is refused exactly
    /// like one for an unknown client (`.noSuchClient`).
    public var visibility: Visibility = .everyone

    /// Kiosk codes of `store`, hashed with `rounds` PBKDF2 iterations.
    public init(store: DataStore, rounds: Int = KioskCodes.defaultRounds) {
        self.store = store
        self.rounds = rounds
    }

    /// `<data-dir>/codes`.
    public var directory: String { store.layout.root + "/codes" }

    func path(_ id: String) -> String { directory + "/" + id + ".json" }

    /// Whether `text` has the shape of a code (exactly six ASCII digits).
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == length && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// Creates a code for `client`, valid for `lifetime` seconds, replacing the client's earlier
    /// codes; returns the digits (shown once to the therapist, never stored).
    ///
    /// In a directory with accounts a code is made by a signed-in account (the store's keyring
    /// names it, `Keyring.actor`) for a client it may see (`visibility`), and the file records
    /// that account (`issuedBy`) and the client's therapist (`therapist`).
    public func create(
        for client: ClientID, lifetime: Int = KioskCodes.defaultLifetime, again: Bool = false
    ) throws(StoreError) -> (
        code: String, expiresAt: Date
    ) {
        guard lifetime > 0 else { throw .invalid("a code must be valid for at least one minute") }
        let clientRecord = try visibility.require(client, in: store)
        let withAccounts = Accounts(store: store).exist
        let issuer = withAccounts ? store.keyring?.actor : nil
        if withAccounts && issuer == nil {
            throw .notPermitted("kiosk codes are issued by a signed-in account")
        }
        let therapist = withAccounts ? clientRecord.therapist.flatMap { try? AccountID($0) } : nil
        try store.fs.makeDirectory(directory)
        // Under the codes' lock: a kiosk opening a battery with the client's earlier code finishes
        // (and uses it up) before that code is replaced.
        let lock = try lockCodes()
        defer { lock.unlock() }
        let now = store.clock.now()
        let live = try codes().filter { $0.code.expiresAt > now }
        for entry in try codes() where entry.code.clientId == client || entry.code.expiresAt <= now {
            try store.fs.remove(entry.path)
        }
        var generator = SystemRandomNumberGenerator()
        var digits = ""
        for _ in 0..<100 {
            digits = (0..<KioskCodes.length).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
            let clash = live.contains { $0.code.clientId != client && matches(digits, $0.code) }
            if !clash { break }
        }
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = try Passphrase.derive(digits, salt: salt, rounds: rounds)
        let id = "c" + (0..<12).map { _ in String(UInt8.random(in: 0...15, using: &generator), radix: 16) }.joined()
        let record = KioskCode(
            id: id, clientId: client, algorithm: Passphrase.algorithm, salt: Data(salt).base64EncodedString(),
            hash: Data(key).base64EncodedString(), rounds: rounds, createdAt: now,
            expiresAt: now.addingTimeInterval(TimeInterval(lifetime)), again: again ? true : nil, issuedBy: issuer,
            therapist: therapist)
        try store.fs.writeAtomically(
            StoreCoding.encode(record, path: path(id)), to: path(id), durable: store.durable)
        try store.audit.append(.kioskCodeIssued, role: .therapist, client: client)
        return (digits, record.expiresAt)
    }

    /// Checks a typed code and uses it up (without opening anything): ``redeem(_:opening:)`` with
    /// an `open` that always succeeds.
    public func redeem(_ typed: String) throws(StoreError) -> KioskCodeOutcome {
        do {
            return try redeem(typed, opening: { _, _ in () }).outcome
        } catch let error as StoreError {
            throw error
        } catch {
            throw .invalid("\(error)")  // not reached: the `open` above cannot throw
        }
    }

    /// Checks a typed code and, when it is valid, calls `open` with its client (and whether the
    /// code asks today's questionnaires again); the code is used up only when `open` returned.
    ///
    /// Everything from the last look at the code file to its removal happens under the codes'
    /// exclusive `flock` (`codes/.lock`), so two kiosks typing the same code cannot both get past
    /// it: the second one finds the file gone and is told `.unknown`. When `open` throws (a store
    /// error, a client discharged meanwhile, an instrument missing …) the code file is left as
    /// it was and the error is rethrown: the client can use the code again once the cause is
    /// fixed. A process killed before the removal leaves the code usable too (the kernel drops
    /// the lock). `kioskCodeUsed` is logged only after the removal. An expired code is removed and
    /// reported as `.expired`; a code whose client has another therapist by now is void: removed,
    /// reported as `.unknown`.
    ///
    /// The salted hashes are compared before the lock is taken (they are the slow part), so a
    /// kiosk holds the lock only for one file check, `open` and the removal.
    public func redeem<Value>(
        _ typed: String, opening open: (ClientID, _ again: Bool) throws -> Value
    ) throws -> KioskRedemption<Value> {
        guard KioskCodes.isWellFormed(typed), store.fs.exists(directory) else { return .refused(.unknown) }
        let now = store.clock.now()
        guard let entry = try codes().first(where: { matches(typed, $0.code) }) else { return .refused(.unknown) }
        let lock = try lockCodes()
        defer { lock.unlock() }
        // Still there and still the same code? (Another kiosk may have used it meanwhile, or the
        // therapist replaced it; a file is never rewritten in place, but compare all the same.)
        guard let data = try? store.fs.read(entry.path),
            let current = try? StoreCoding.decode(KioskCode.self, from: data, path: entry.path), current == entry.code
        else { return .refused(.unknown) }
        guard current.expiresAt > now else {
            try removeUsed(entry.path)
            return .refused(.expired)
        }
        // Bound to the client's therapist: void once the client has another (client.json is
        // readable with public keys only, as the kiosk holds them).
        if let therapist = current.therapist,
            (try? store.client(current.clientId))?.therapist != therapist.rawValue
        {
            try removeUsed(entry.path)
            return .refused(.unknown)
        }
        let again = current.again == true
        let value = try open(current.clientId, again)
        // The battery is open: only now is the code used up.
        try removeUsed(entry.path)
        // A failed audit line must not lock the client out of the battery now open.
        _ = try? store.audit.append(.kioskCodeUsed, role: .client, client: current.clientId)
        return .opened(again ? .acceptedAgain(current.clientId) : .accepted(current.clientId), value)
    }

    /// Removes every expired code; returns how many.
    @discardableResult
    public func purgeExpired() throws(StoreError) -> Int {
        guard store.fs.exists(directory) else { return 0 }
        let lock = try lockCodes()
        defer { lock.unlock() }
        let now = store.clock.now()
        var removed = 0
        for entry in try codes() where entry.code.expiresAt <= now {
            try store.fs.remove(entry.path)
            removed += 1
        }
        return removed
    }

    /// `codes/.lock`: held while a code is checked for the last time and used up, replaced or purged.
    var lockPath: String { directory + "/.lock" }

    func lockCodes() throws(StoreError) -> FileLock {
        try FileLock(path: lockPath)
    }

    /// Removes a used, void or expired code file, durably (a power cut must not bring back a code
    /// that opened a battery).
    func removeUsed(_ path: String) throws(StoreError) {
        try store.fs.remove(path)
        if store.durable { try store.syncDirectory(directory) }
    }

    /// Every readable code file (unreadable ones are ignored: they can never match).
    func codes() throws(StoreError) -> [(path: String, code: KioskCode)] {
        try store.fs.list(directory).sorted().compactMap { name in
            guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
            let p = directory + "/" + name
            guard let data = try? store.fs.read(p),
                let code = try? StoreCoding.decode(KioskCode.self, from: data, path: p)
            else { return nil }
            return (p, code)
        }
    }

    func matches(_ typed: String, _ code: KioskCode) -> Bool {
        Passphrase.verify(
            typed,
            against: PassphraseHash(algorithm: code.algorithm, salt: code.salt, hash: code.hash, cost: code.rounds))
    }
}
