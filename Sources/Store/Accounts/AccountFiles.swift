import Crypto
import Foundation

/// Paths of the accounts and keys (docs/accounts.md).
extension DataLayout {
    /// `accounts/`: one file per account, and the sign-in back-off.
    public var accounts: String { root + "/accounts" }
    public func account(_ id: AccountID) -> String { accounts + "/" + id.rawValue + ".json" }
    /// Failed sign-ins per account id (shared by every process).
    public var signInFailures: String { accounts + "/.failures.json" }
    public var accountsLock: String { accounts + "/.lock" }
    /// `keys/`: the recovery public key, the clinic key, one caseload key per account.
    public var keys: String { root + "/keys" }
    public var recoveryKey: String { keys + "/recovery.json" }
    public var clinicKey: String { keys + "/clinic.json" }
    public func caseloadKey(_ therapist: AccountID) -> String { keys + "/caseload-" + therapist.rawValue + ".json" }
}

/// `accounts/<id>.json`: who the account is and its private key wrapped with its passphrase. The
/// display name is sealed with the clinic key; nothing else here is secret.
public struct AccountFile: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var id: AccountID
    public var role: AccountRole
    /// The therapists a supervisor supervises (empty for the other roles).
    public var supervises: [AccountID]
    public var disabled: Bool
    public var createdAt: Date
    /// The account's X25519 public key (raw, 32 bytes).
    public var publicKey: Data
    /// The private key, wrapped with the passphrase (``PassphraseWrap``).
    public var privateKey: WrappedKey
    /// The display name, ChaCha20-Poly1305 with the clinic key (combined form).
    public var name: Data

    /// What `info`/`context` strings bind to this account.
    static func context(_ id: AccountID) -> String { "rapport/account/\(id.rawValue)" }
    static func nameContext(_ id: AccountID) -> String { "rapport/account-name/\(id.rawValue)" }

    var account: Account {
        Account(id: id, role: role, supervises: supervises, disabled: disabled, createdAt: createdAt)
    }

    func publicAgreementKey(path: String) throws(StoreError) -> Curve25519.KeyAgreement.PublicKey {
        do {
            return try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
        } catch {
            throw .corrupt(path: path, reason: "the account's public key is not an X25519 key")
        }
    }
}

/// An account as the rest of rapport sees it (no key material, no name).
public struct Account: Sendable, Equatable {
    public var id: AccountID
    public var role: AccountRole
    public var supervises: [AccountID]
    public var disabled: Bool
    public var createdAt: Date
}

/// `keys/recovery.json`: the recovery public key.
struct RecoveryKeyFile: Codable {
    var schemaVersion: Int
    var publicKey: Data
}

/// `keys/clinic.json` and `keys/caseload-<id>.json`: a secret sealed (HPKE) to several
/// recipients, by recipient ("account:<id>" or "recovery").
struct SealedKeyFile: Codable {
    var schemaVersion: Int
    /// The caseload's therapist (nil for the clinic key).
    var therapist: AccountID?
    /// The caseload public key (raw; nil for the clinic key).
    var publicKey: Data?
    var sealed: [String: SealedPayload]

    static let recovery = "recovery"
    static func recipient(_ id: AccountID) -> String { "account:\(id.rawValue)" }
}

/// `accounts/.failures.json`: consecutive failed sign-ins per account id (known or not).
struct SignInFailures: Codable {
    struct Entry: Codable {
        var count: Int
        var last: Date
    }
    var schemaVersion: Int
    var failures: [String: Entry]
}
