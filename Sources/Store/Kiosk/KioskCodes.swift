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

    /// Checks a typed code. A matching code is used up at once (renamed away first, so two
    /// kiosks cannot both accept it); an expired one is removed and reported as expired.
    public func redeem(_ typed: String) throws(StoreError) -> KioskCodeOutcome {
        guard KioskCodes.isWellFormed(typed) else { return .unknown }
        let now = store.clock.now()
        for entry in try codes() where matches(typed, entry.code) {
            let claimed = entry.path + ".used"
            do {
                try store.fs.rename(entry.path, to: claimed)
            } catch {
                return .unknown
            }
            try store.fs.remove(claimed)
            guard entry.code.expiresAt > now else { return .expired }
            // Bound to the client's therapist: void once the client has another (client.json is
            // readable with public keys only, as the kiosk holds them).
            if let therapist = entry.code.therapist,
                (try? store.client(entry.code.clientId))?.therapist != therapist.rawValue
            {
                return .unknown
            }
            // The code is used up either way; a failed audit line must not lock the client out.
            _ = try? store.audit.append(.kioskCodeUsed, role: .client, client: entry.code.clientId)
            return entry.code.again == true ? .acceptedAgain(entry.code.clientId) : .accepted(entry.code.clientId)
        }
        return .unknown
    }

    /// Removes every expired code; returns how many.
    @discardableResult
    public func purgeExpired() throws(StoreError) -> Int {
        let now = store.clock.now()
        var removed = 0
        for entry in try codes() where entry.code.expiresAt <= now {
            try store.fs.remove(entry.path)
            removed += 1
        }
        return removed
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
