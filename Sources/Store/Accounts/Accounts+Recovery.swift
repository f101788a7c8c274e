import Crypto
import Foundation

extension Accounts {
    /// The keyring the clinic recovery key opens: the clinic key and every caseload key (what
    /// `migrate` resumes with and `check --recovery-key-file` verifies with). A key that is not
    /// this directory's recovery key opens nothing (`.notPermitted`).
    public func recoveryKeyring(_ recovery: RecoveryKey) throws(StoreError) -> StaticKeyring {
        guard try recoveryPublicKey().rawRepresentation == recovery.publicKey.rawRepresentation else {
            throw .notPermitted("that is not this data directory's recovery key")
        }
        var privates: [AccountID: Curve25519.KeyAgreement.PrivateKey] = [:]
        for name in try fs.list(layout.keys).sorted() where name.hasPrefix("caseload-") && name.hasSuffix(".json") {
            let path = layout.keys + "/" + name
            let k = try StoreCoding.decode(SealedKeyFile.self, from: fs.read(path), path: path)
            guard let therapist = k.therapist else { throw .corrupt(path: path, reason: "not a caseload key file") }
            let raw = try openSealed(k, recipient: SealedKeyFile.recovery, with: recovery.key, path: path)
            do {
                privates[therapist] = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
            } catch {
                throw .tampered(path: path, reason: "not an X25519 key")
            }
        }
        let clinic = try clinicKey(recipient: SealedKeyFile.recovery, with: recovery.key)
        return StaticKeyring(privateKeys: privates, clinicKey: clinic)
    }

    /// Removes the key and account files of a first setup that was interrupted before its clinic
    /// key was written (the clinic key file is written last, so without it nothing else is usable
    /// and no other account can exist). Does nothing once accounts exist.
    public func discardUnfinishedSetup() throws(StoreError) {
        guard !exist else { return }
        for dir in [layout.keys, layout.accounts] where fs.exists(dir) {
            for name in try fs.list(dir) where name.hasSuffix(".json") { try fs.remove(dir + "/" + name) }
        }
    }
}
