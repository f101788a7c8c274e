import Crypto
import Foundation

/// A signed-in account: who it is and the keys it holds (docs/accounts.md).
public struct SignedIn: @unchecked Sendable {
    public let account: Account
    /// Every caseload public key, the caseload private keys this account may use, the clinic key.
    public let keyring: StaticKeyring
    /// The account's own private key (re-wrapping needs it).
    let accountKey: Curve25519.KeyAgreement.PrivateKey

    /// The clients this account may see: the therapists whose caseload keys it holds (an admin
    /// also sees clients not assigned to any account).
    public var visibility: Visibility {
        account.role == .admin
            ? .everyone : .therapists(Set(keyring.privateKeys.keys.map(\.rawValue)))
    }
}

/// Accounts, their keys and sign-in, on one data directory (docs/accounts.md).
///
/// Every failure to sign in (unknown account, disabled account, wrong passphrase) is the same
/// `.signInFailed` after the same key derivation; failures are counted per account id in a file
/// (so separate processes back off alike) and each one doubles the wait before the next try,
/// up to ``maximumBackoffSeconds``.
public struct Accounts: Sendable {
    public let store: DataStore
    /// The scrypt cost of new wrappings (tests lower it).
    public var cost: ScryptCost

    /// The longest wait between two sign-ins of one account.
    public static let maximumBackoffSeconds = 300

    public init(store: DataStore, cost: ScryptCost = .standard) {
        self.store = store
        self.cost = cost
    }

    var layout: DataLayout { store.layout }
    var fs: any FileSystem { store.fs }

    // MARK: Reading

    /// Whether this data directory has accounts (else it is a directory of the single clinic
    /// passphrase, which keeps working until migrated).
    public var exist: Bool { fs.exists(layout.clinicKey) }

    /// Every account, sorted by id.
    public func list() throws(StoreError) -> [Account] {
        guard fs.exists(layout.accounts) else { return [] }
        var out: [Account] = []
        for name in try fs.list(layout.accounts).sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            guard let id = try? AccountID(String(name.dropLast(5))) else { continue }
            out.append(try file(id).account)
        }
        return out
    }

    /// One account; an unknown id is `.invalid` naming it (for admins' commands, not sign-in).
    public func account(_ id: AccountID) throws(StoreError) -> Account {
        guard fs.exists(layout.account(id)) else { throw .invalid("no account \(id)") }
        return try file(id).account
    }

    /// The display name of an account, opened with the clinic key; nil without it.
    public func displayName(of id: AccountID, clinicKey: SymmetricKey?) -> String? {
        guard let clinicKey, let f = try? file(id), let box = try? ChaChaPoly.SealedBox(combined: f.name),
            let data = try? ChaChaPoly.open(
                box, using: clinicKey, authenticating: Data(AccountFile.nameContext(id).utf8))
        else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    func file(_ id: AccountID) throws(StoreError) -> AccountFile {
        let path = layout.account(id)
        return try StoreCoding.decode(AccountFile.self, from: fs.read(path), path: path)
    }

    // MARK: Creating

    /// Creates the first account, an admin, with the clinic key and the recovery key; returns the
    /// admin signed in and the recovery key (to show once). `init` calls it, and `migrate` with the
    /// old clinic passphrase. Fails when accounts exist already.
    public func createAdmin(
        id: AccountID, name: String, passphrase: String, recovery: RecoveryKey = RecoveryKey()
    ) throws(StoreError) -> (signedIn: SignedIn, recovery: RecoveryKey) {
        try store.requireInitialized()
        if let problem = Passphrase.problem(with: passphrase) { throw .invalid(problem) }
        let lock = try accountsLock()
        defer { lock.unlock() }
        if exist || fs.exists(layout.account(id)) { throw .conflict("this data directory has accounts already") }
        try fs.makeDirectory(layout.keys)
        let clinicKey = SymmetricKey(size: .bits256)
        try write(
            RecoveryKeyFile(schemaVersion: currentSchemaVersion, publicKey: recovery.publicKey.rawRepresentation),
            to: layout.recoveryKey)
        let accountKey = Curve25519.KeyAgreement.PrivateKey()
        let file = try newFile(
            id: id, role: .admin, supervises: [], name: name, passphrase: passphrase, key: accountKey,
            clinicKey: clinicKey)
        let caseload = Curve25519.KeyAgreement.PrivateKey()
        try writeCaseload(
            of: id, key: caseload,
            recipients: [
                (SealedKeyFile.recipient(id), accountKey.publicKey), (SealedKeyFile.recovery, recovery.publicKey),
            ])
        try write(file, to: layout.account(id))
        // The clinic key last: its file is what makes the directory one "with accounts".
        try writeClinicKey(
            clinicKey,
            recipients: [
                (SealedKeyFile.recipient(id), accountKey.publicKey), (SealedKeyFile.recovery, recovery.publicKey),
            ])
        try log(.therapistAdded, role: .admin, account: id, clinicKey: clinicKey)
        let keyring = StaticKeyring(privateKeys: [id: caseload], clinicKey: clinicKey, actor: id)
        return (SignedIn(account: file.account, keyring: keyring, accountKey: accountKey), recovery)
    }

    /// Adds an account (admins only): its key wrapped with `passphrase`, its caseload key sealed to
    /// it, the admins, its supervisors and the recovery key; a supervisor is given the caseload
    /// keys of the therapists it supervises, an admin every caseload key.
    @discardableResult
    public func add(
        id: AccountID, name: String, role: AccountRole, supervises: [AccountID] = [], passphrase: String,
        by admin: SignedIn
    ) throws(StoreError) -> Account {
        try requireAdmin(admin)
        if let problem = Passphrase.problem(with: passphrase) { throw .invalid(problem) }
        if role != .supervisor && !supervises.isEmpty { throw .invalid("only a supervisor supervises therapists") }
        guard let clinicKey = admin.keyring.clinicKey else { throw .notPermitted("the clinic key is not unlocked") }
        let lock = try accountsLock()
        defer { lock.unlock() }
        if fs.exists(layout.account(id)) { throw .conflict("account \(id) already exists") }
        for t in supervises where !fs.exists(layout.account(t)) { throw .invalid("no account \(t)") }
        let accountKey = Curve25519.KeyAgreement.PrivateKey()
        let file = try newFile(
            id: id, role: role, supervises: supervises, name: name, passphrase: passphrase, key: accountKey,
            clinicKey: clinicKey)
        // Its own caseload: to itself, every admin, every supervisor of it, the recovery key.
        var recipients: [(String, Curve25519.KeyAgreement.PublicKey)] = [
            (SealedKeyFile.recipient(id), accountKey.publicKey), (SealedKeyFile.recovery, try recoveryPublicKey()),
        ]
        for other in try activeFiles() where other.role == .admin || other.supervises.contains(id) {
            recipients.append(
                (SealedKeyFile.recipient(other.id), try other.publicAgreementKey(path: layout.account(other.id))))
        }
        try writeCaseload(of: id, key: Curve25519.KeyAgreement.PrivateKey(), recipients: recipients)
        // The caseloads it may read besides its own.
        let readable: [AccountID] =
            role == .admin ? try list().map(\.id) : supervises
        for therapist in readable where therapist != id {
            let key = try caseloadKey(of: therapist, for: admin)
            try addRecipient(SealedKeyFile.recipient(id), accountKey.publicKey, toCaseloadOf: therapist, key: key)
        }
        try addRecipient(toClinicKey: clinicKey, SealedKeyFile.recipient(id), accountKey.publicKey)
        try write(file, to: layout.account(id))
        try store.audit.append(.therapistAdded, role: .admin, account: admin.account.id)
        return file.account
    }

    /// Disables an account (admins only): it can no longer sign in, and its sealed copies of the
    /// clinic key and of every caseload key are removed (its own caseload stays readable by the
    /// admins, its supervisors and the recovery key).
    public func disable(_ id: AccountID, by admin: SignedIn) throws(StoreError) {
        try requireAdmin(admin)
        if id == admin.account.id { throw .invalid("an admin cannot disable the account it is signed in as") }
        let lock = try accountsLock()
        defer { lock.unlock() }
        var f = try existingFile(id)
        f.disabled = true
        try write(f, to: layout.account(id))
        try removeRecipient(SealedKeyFile.recipient(id))
        try store.audit.append(.therapistDisabled, role: .admin, account: admin.account.id)
    }

    /// Changes an account's passphrase: the old one unwraps the key, the new one wraps it again.
    /// A wrong old passphrase is `.signInFailed` (and counts as a failed sign-in).
    public func changePassphrase(_ id: AccountID, old: String, new: String) throws(StoreError) {
        if let problem = Passphrase.problem(with: new) { throw .invalid(problem) }
        let signedIn = try signIn(id, passphrase: old)
        let lock = try accountsLock()
        defer { lock.unlock() }
        var f = try existingFile(id)
        f.privateKey = try PassphraseWrap.wrap(
            signedIn.accountKey, passphrase: new, context: AccountFile.context(id), cost: cost)
        try write(f, to: layout.account(id))
        try log(.passphraseChanged, role: Self.auditRole(f.role), account: id, clinicKey: signedIn.keyring.clinicKey)
    }

    /// Re-issues an account's key with the recovery key (a lost passphrase): a new account key
    /// wrapped with `newPassphrase`, and the clinic key and every caseload key the account held
    /// sealed to it again (opened with the recovery key). The old key opens nothing afterwards.
    public func reissue(_ id: AccountID, recovery: RecoveryKey, newPassphrase: String) throws(StoreError) {
        if let problem = Passphrase.problem(with: newPassphrase) { throw .invalid(problem) }
        guard try recoveryPublicKey().rawRepresentation == recovery.publicKey.rawRepresentation else {
            throw .notPermitted("that is not this data directory's recovery key")
        }
        let lock = try accountsLock()
        defer { lock.unlock() }
        var f = try existingFile(id)
        if f.disabled { throw .invalid("account \(id) is disabled") }
        let newKey = Curve25519.KeyAgreement.PrivateKey()
        let recipient = SealedKeyFile.recipient(id)
        // Which caseloads it may read follows its role (as `add` gives them).
        let supervised = Set(f.supervises)
        for name in try fs.list(layout.keys).sorted() where name.hasPrefix("caseload-") && name.hasSuffix(".json") {
            let path = layout.keys + "/" + name
            var k = try StoreCoding.decode(SealedKeyFile.self, from: fs.read(path), path: path)
            guard let therapist = k.therapist else { continue }
            guard therapist == id || f.role == .admin || supervised.contains(therapist) else { continue }
            let key = try openSealed(k, recipient: SealedKeyFile.recovery, with: recovery.key, path: path)
            k.sealed[recipient] = try Sealing.seal(key, to: newKey.publicKey, info: Self.caseloadInfo(therapist))
            try write(k, to: path)
        }
        let clinic = try clinicKey(recipient: SealedKeyFile.recovery, with: recovery.key)
        try addRecipient(toClinicKey: clinic, recipient, newKey.publicKey)
        f.publicKey = newKey.publicKey.rawRepresentation
        f.privateKey = try PassphraseWrap.wrap(
            newKey, passphrase: newPassphrase, context: AccountFile.context(id), cost: cost)
        try write(f, to: layout.account(id))
        try resetFailures(id)
        try log(.keyReissued, role: .admin, clinicKey: clinic)
    }

    /// An audit line keyed by the clinic key when this step has it (the MAC chain); a failed
    /// sign-in has no key to hand and is covered by the next keyed line's hash chain.
    func log(
        _ event: AuditEvent, role: AuditRole, account: AccountID? = nil, clinicKey: SymmetricKey?
    ) throws(StoreError) {
        var keyed = store
        if let clinicKey, keyed.keyring?.clinicKey == nil { keyed.keyring = StaticKeyring(clinicKey: clinicKey) }
        _ = try keyed.audit.append(event, role: role, account: account)
    }

    // MARK: Sign-in

    /// Signs in: unwraps the account key with `passphrase`, then the clinic key and the caseload
    /// keys sealed to it. Unknown, disabled and wrong are all `.signInFailed`; while the account
    /// is backing off after failures, `.notPermitted` says how long to wait.
    public func signIn(_ id: AccountID, passphrase: String) throws(StoreError) -> SignedIn {
        try store.requireInitialized()
        if let wait = try secondsToWait(id), wait > 0 {
            throw .notPermitted("too many failed sign-ins; wait \(wait) second\(wait == 1 ? "" : "s")")
        }
        let found = try? file(id)
        let key: Curve25519.KeyAgreement.PrivateKey?
        if let found, !found.disabled {
            key = PassphraseWrap.unwrap(found.privateKey, passphrase: passphrase, context: AccountFile.context(id))
        } else {
            // The same derivation as for a real account, so that timing does not tell them apart.
            PassphraseWrap.burn(passphrase: passphrase, cost: found?.privateKey.cost ?? cost)
            key = nil
        }
        guard let found, let key, key.publicKey.rawRepresentation == found.publicKey else {
            try recordFailure(id)
            // The account tried, when it exists (an unknown id may be a secret typed in the
            // wrong place, so it is not logged).
            _ = try? store.audit.append(.signInFailed, role: .therapist, account: found?.account.id)
            throw .signInFailed
        }
        let clinicKey = try clinicKey(recipient: SealedKeyFile.recipient(id), with: key)
        var publics: [AccountID: Curve25519.KeyAgreement.PublicKey] = [:]
        var privates: [AccountID: Curve25519.KeyAgreement.PrivateKey] = [:]
        if fs.exists(layout.keys) {
            for name in try fs.list(layout.keys).sorted() where name.hasPrefix("caseload-") && name.hasSuffix(".json") {
                let path = layout.keys + "/" + name
                let k = try StoreCoding.decode(SealedKeyFile.self, from: fs.read(path), path: path)
                guard let therapist = k.therapist, let raw = k.publicKey,
                    let pub = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: raw)
                else { throw .corrupt(path: path, reason: "not a caseload key file") }
                publics[therapist] = pub
                if k.sealed[SealedKeyFile.recipient(id)] != nil {
                    let raw = try openSealed(k, recipient: SealedKeyFile.recipient(id), with: key, path: path)
                    guard let priv = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw),
                        priv.publicKey.rawRepresentation == pub.rawRepresentation
                    else { throw .tampered(path: path, reason: "the caseload key does not match its public key") }
                    privates[therapist] = priv
                }
            }
        }
        try resetFailures(id)
        try log(.signIn, role: Self.auditRole(found.role), account: id, clinicKey: clinicKey)
        return SignedIn(
            account: found.account,
            keyring: StaticKeyring(publicKeys: publics, privateKeys: privates, clinicKey: clinicKey, actor: id),
            accountKey: key)
    }

    /// Whether `passphrase` is the account's (the review lock, the kiosk's exit): unwraps the key,
    /// without back-off files or audit lines (the screens keep their own back-off).
    public func verify(_ id: AccountID, passphrase: String) -> Bool {
        guard let f = try? file(id), !f.disabled,
            let key = PassphraseWrap.unwrap(f.privateKey, passphrase: passphrase, context: AccountFile.context(id))
        else { return false }
        return key.publicKey.rawRepresentation == f.publicKey
    }

    /// Seconds to wait before `id` may try again (0: now).
    public func secondsToWait(_ id: AccountID) throws(StoreError) -> Int? {
        guard let entry = try readFailures().failures[id.rawValue], entry.count > 0 else { return 0 }
        let until = entry.last.addingTimeInterval(TimeInterval(Self.backoff(afterFailures: entry.count)))
        let left = until.timeIntervalSince(store.clock.now())
        return left > 0 ? Int(left.rounded(.up)) : 0
    }

    /// The wait after `n` consecutive failures: 1 s, 2 s, 4 s … up to ``maximumBackoffSeconds``.
    public static func backoff(afterFailures n: Int) -> Int {
        guard n > 0 else { return 0 }
        return n > 20 ? maximumBackoffSeconds : min(1 << (n - 1), maximumBackoffSeconds)
    }

    // MARK: Helpers

    static func auditRole(_ role: AccountRole) -> AuditRole { role == .admin ? .admin : .therapist }
    static func caseloadInfo(_ therapist: AccountID) -> String { "rapport/caseload-key/\(therapist.rawValue)" }
    static let clinicInfo = "rapport/clinic-key"

    func requireAdmin(_ signedIn: SignedIn) throws(StoreError) {
        guard signedIn.account.role == .admin else { throw .notPermitted("only an admin manages accounts") }
    }

    func accountsLock() throws(StoreError) -> FileLock {
        try fs.makeDirectory(layout.accounts)
        return try FileLock(path: layout.accountsLock)
    }

    func write<T: Encodable>(_ value: T, to path: String) throws(StoreError) {
        try fs.writeAtomically(StoreCoding.encode(value, path: path), to: path, durable: store.durable)
    }

    func existingFile(_ id: AccountID) throws(StoreError) -> AccountFile {
        guard fs.exists(layout.account(id)) else { throw .invalid("no account \(id)") }
        return try file(id)
    }

    func activeFiles() throws(StoreError) -> [AccountFile] {
        var out: [AccountFile] = []
        for a in try list() where !a.disabled { out.append(try file(a.id)) }
        return out
    }

    func newFile(
        id: AccountID, role: AccountRole, supervises: [AccountID], name: String, passphrase: String,
        key: Curve25519.KeyAgreement.PrivateKey, clinicKey: SymmetricKey
    ) throws(StoreError) -> AccountFile {
        let sealedName: Data
        do {
            sealedName = try ChaChaPoly.seal(
                Data(name.utf8), using: clinicKey, authenticating: Data(AccountFile.nameContext(id).utf8)
            ).combined
        } catch {
            throw .invalid("could not seal the display name")
        }
        return AccountFile(
            schemaVersion: currentSchemaVersion, id: id, role: role, supervises: supervises, disabled: false,
            createdAt: store.clock.now(), publicKey: key.publicKey.rawRepresentation,
            privateKey: try PassphraseWrap.wrap(
                key, passphrase: passphrase, context: AccountFile.context(id), cost: cost),
            name: sealedName)
    }

    /// A caseload private key of a signed-in account: from its keyring, else (a caseload made
    /// after it signed in) opened from the file with its account key.
    func caseloadKey(
        of therapist: AccountID, for signedIn: SignedIn
    ) throws(StoreError)
        -> Curve25519.KeyAgreement.PrivateKey
    {
        if let key = signedIn.keyring.caseloadPrivateKey(of: therapist) { return key }
        let path = layout.caseloadKey(therapist)
        guard fs.exists(path) else { throw .invalid("no account \(therapist)") }
        let k = try StoreCoding.decode(SealedKeyFile.self, from: fs.read(path), path: path)
        guard k.sealed[SealedKeyFile.recipient(signedIn.account.id)] != nil else {
            throw .notPermitted("the signed-in account does not hold the caseload key of \(therapist)")
        }
        let raw = try openSealed(
            k, recipient: SealedKeyFile.recipient(signedIn.account.id), with: signedIn.accountKey, path: path)
        do {
            return try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
        } catch {
            throw .tampered(path: path, reason: "not an X25519 key")
        }
    }

    func recoveryPublicKey() throws(StoreError) -> Curve25519.KeyAgreement.PublicKey {
        let path = layout.recoveryKey
        let f = try StoreCoding.decode(RecoveryKeyFile.self, from: fs.read(path), path: path)
        do {
            return try Curve25519.KeyAgreement.PublicKey(rawRepresentation: f.publicKey)
        } catch {
            throw .corrupt(path: path, reason: "not an X25519 public key")
        }
    }

    func writeCaseload(
        of therapist: AccountID, key: Curve25519.KeyAgreement.PrivateKey,
        recipients: [(String, Curve25519.KeyAgreement.PublicKey)]
    ) throws(StoreError) {
        var sealed: [String: SealedPayload] = [:]
        for (name, pub) in recipients {
            sealed[name] = try Sealing.seal(key.rawRepresentation, to: pub, info: Self.caseloadInfo(therapist))
        }
        try write(
            SealedKeyFile(
                schemaVersion: currentSchemaVersion, therapist: therapist, publicKey: key.publicKey.rawRepresentation,
                sealed: sealed), to: layout.caseloadKey(therapist))
    }

    func addRecipient(
        _ name: String, _ pub: Curve25519.KeyAgreement.PublicKey, toCaseloadOf therapist: AccountID,
        key: Curve25519.KeyAgreement.PrivateKey
    ) throws(StoreError) {
        let path = layout.caseloadKey(therapist)
        var k = try StoreCoding.decode(SealedKeyFile.self, from: fs.read(path), path: path)
        k.sealed[name] = try Sealing.seal(key.rawRepresentation, to: pub, info: Self.caseloadInfo(therapist))
        try write(k, to: path)
    }

    func writeClinicKey(
        _ key: SymmetricKey, recipients: [(String, Curve25519.KeyAgreement.PublicKey)]
    ) throws(StoreError) {
        var sealed: [String: SealedPayload] = [:]
        let raw = key.withUnsafeBytes { Data($0) }
        for (name, pub) in recipients { sealed[name] = try Sealing.seal(raw, to: pub, info: Self.clinicInfo) }
        try write(
            SealedKeyFile(schemaVersion: currentSchemaVersion, therapist: nil, publicKey: nil, sealed: sealed),
            to: layout.clinicKey)
    }

    func addRecipient(
        toClinicKey key: SymmetricKey, _ name: String, _ pub: Curve25519.KeyAgreement.PublicKey
    ) throws(StoreError) {
        let path = layout.clinicKey
        var k = try StoreCoding.decode(SealedKeyFile.self, from: fs.read(path), path: path)
        k.sealed[name] = try Sealing.seal(key.withUnsafeBytes { Data($0) }, to: pub, info: Self.clinicInfo)
        try write(k, to: path)
    }

    func removeRecipient(_ name: String) throws(StoreError) {
        for entry in try fs.list(layout.keys).sorted() where entry.hasSuffix(".json") && entry != "recovery.json" {
            let path = layout.keys + "/" + entry
            var k = try StoreCoding.decode(SealedKeyFile.self, from: fs.read(path), path: path)
            if k.sealed.removeValue(forKey: name) != nil { try write(k, to: path) }
        }
    }

    func openSealed(
        _ k: SealedKeyFile, recipient: String, with key: Curve25519.KeyAgreement.PrivateKey, path: String
    ) throws(StoreError) -> Data {
        guard let payload = k.sealed[recipient] else { throw .sealed(path: path) }
        let info = k.therapist.map(Self.caseloadInfo) ?? Self.clinicInfo
        return try Sealing.open(payload, with: key, info: info, path: path)
    }

    func clinicKey(recipient: String, with key: Curve25519.KeyAgreement.PrivateKey) throws(StoreError) -> SymmetricKey {
        let path = layout.clinicKey
        let k = try StoreCoding.decode(SealedKeyFile.self, from: fs.read(path), path: path)
        let raw = try openSealed(k, recipient: recipient, with: key, path: path)
        guard raw.count == 32 else { throw .tampered(path: path, reason: "the clinic key has the wrong length") }
        return SymmetricKey(data: raw)
    }

    // MARK: Back-off

    func readFailures() throws(StoreError) -> SignInFailures {
        let path = layout.signInFailures
        guard fs.exists(path) else { return SignInFailures(schemaVersion: currentSchemaVersion, failures: [:]) }
        // A damaged back-off file is replaced rather than blocking every sign-in.
        return (try? StoreCoding.decode(SignInFailures.self, from: fs.read(path), path: path))
            ?? SignInFailures(schemaVersion: currentSchemaVersion, failures: [:])
    }

    func recordFailure(_ id: AccountID) throws(StoreError) {
        let lock = try accountsLock()
        defer { lock.unlock() }
        var f = try readFailures()
        let count = (f.failures[id.rawValue]?.count ?? 0) + 1
        f.failures[id.rawValue] = .init(count: count, last: store.clock.now())
        try write(f, to: layout.signInFailures)
    }

    func resetFailures(_ id: AccountID) throws(StoreError) {
        guard fs.exists(layout.signInFailures) else { return }
        let lock = try accountsLock()
        defer { lock.unlock() }
        var f = try readFailures()
        if f.failures.removeValue(forKey: id.rawValue) != nil { try write(f, to: layout.signInFailures) }
    }
}
