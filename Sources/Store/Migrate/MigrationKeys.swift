import Crypto
import Foundation

/// The keys `rapport migrate` makes until accounts exist (interim: the accounts code replaces this
/// with `Accounts.createAdmin`, which seals the same keys to the admin account too).
///
/// `keys/recovery.json` holds the recovery public key; `keys/clinic.json` the clinic key and
/// `keys/caseload-<admin>.json` the admin's caseload key pair, both private parts HPKE-sealed to
/// the recovery key. The recovery private key itself is only in the file the admin keeps.
public enum MigrationKeys {
    struct RecoveryFile: Codable {
        var schemaVersion = sealedSchemaVersion
        var publicKey: Data
    }

    struct SealedKeyFile: Codable {
        var schemaVersion = sealedSchemaVersion
        var account: AccountID?
        var publicKey: Data?
        var sealedToRecovery: SealedPayload
    }

    static func keys(_ layout: DataLayout) -> String { layout.root + "/keys" }
    static func recovery(_ layout: DataLayout) -> String { keys(layout) + "/recovery.json" }
    static func clinic(_ layout: DataLayout) -> String { keys(layout) + "/clinic.json" }
    static func caseload(_ layout: DataLayout, _ id: AccountID) -> String {
        keys(layout) + "/caseload-\(id.rawValue).json"
    }

    /// Whether the key files exist.
    public static func exist(in store: DataStore) -> Bool { store.fs.exists(recovery(store.layout)) }

    /// Makes the clinic key and `admin`'s caseload key, sealed to `recovery`'s public key, and
    /// writes the three key files durably (the recovery file last: its presence means all are there).
    public static func create(
        in store: DataStore, admin: AccountID, recovery: Curve25519.KeyAgreement.PrivateKey
    ) throws(StoreError) {
        let layout = store.layout
        try store.fs.makeDirectory(keys(layout))
        let clinicKey = SymmetricKey(size: .bits256)
        let caseloadKey = Curve25519.KeyAgreement.PrivateKey()
        let clinicData = clinicKey.withUnsafeBytes { Data($0) }
        try write(
            SealedKeyFile(
                sealedToRecovery: try Sealing.seal(clinicData, to: recovery.publicKey, info: "rapport/clinic-key")),
            to: clinic(layout), store: store)
        try write(
            SealedKeyFile(
                account: admin, publicKey: caseloadKey.publicKey.rawRepresentation,
                sealedToRecovery: try Sealing.seal(
                    caseloadKey.rawRepresentation, to: recovery.publicKey, info: "rapport/caseload-key/\(admin)")),
            to: caseload(layout, admin), store: store)
        try write(RecoveryFile(publicKey: recovery.publicKey.rawRepresentation), to: MigrationKeys.recovery(layout), store: store)
    }

    /// The keyring the recovery key opens: every caseload key of `keys/` and the clinic key.
    public static func keyring(in store: DataStore, recovery: Curve25519.KeyAgreement.PrivateKey) throws(StoreError)
        -> StaticKeyring
    {
        let layout = store.layout
        let stored = try StoreCoding.decode(
            RecoveryFile.self, from: store.fs.read(MigrationKeys.recovery(layout)), path: MigrationKeys.recovery(layout),
            supported: sealedSchemaVersion)
        guard stored.publicKey == recovery.publicKey.rawRepresentation else {
            throw .signInFailed
        }
        var privateKeys: [AccountID: Curve25519.KeyAgreement.PrivateKey] = [:]
        for name in try store.fs.list(keys(layout)) where name.hasPrefix("caseload-") && name.hasSuffix(".json") {
            let path = keys(layout) + "/" + name
            let file = try read(path, store: store)
            guard let account = file.account else { throw .corrupt(path: path, reason: "no account") }
            let raw = try Sealing.open(
                file.sealedToRecovery, with: recovery, info: "rapport/caseload-key/\(account)", path: path)
            do {
                privateKeys[account] = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
            } catch {
                throw .tampered(path: path, reason: "not an X25519 key")
            }
        }
        let clinicFile = try read(clinic(layout), store: store)
        let clinicKey = try Sealing.open(
            clinicFile.sealedToRecovery, with: recovery, info: "rapport/clinic-key", path: clinic(layout))
        return StaticKeyring(privateKeys: privateKeys, clinicKey: SymmetricKey(data: clinicKey))
    }

    /// The recovery key as the admin keeps it: base64 of the 32 raw bytes, one line.
    public static func text(of key: Curve25519.KeyAgreement.PrivateKey) -> String {
        key.rawRepresentation.base64EncodedString()
    }

    /// Parses `text(of:)`.
    public static func recoveryKey(from text: String) throws(StoreError) -> Curve25519.KeyAgreement.PrivateKey {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            let key = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: data)
        else { throw .invalid("not a rapport recovery key") }
        return key
    }

    private static func write<T: Encodable>(_ value: T, to path: String, store: DataStore) throws(StoreError) {
        try store.fs.writeAtomically(StoreCoding.encode(value, path: path), to: path, durable: true)
    }

    private static func read(_ path: String, store: DataStore) throws(StoreError) -> SealedKeyFile {
        try StoreCoding.decode(SealedKeyFile.self, from: store.fs.read(path), path: path, supported: sealedSchemaVersion)
    }
}
