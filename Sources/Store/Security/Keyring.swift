import Crypto
import Foundation

/// What an account may see: a therapist their own clients, a supervisor also those of the
/// therapists they supervise, an admin every client.
public enum AccountRole: String, Codable, Sendable, CaseIterable {
    case therapist
    case supervisor
    case admin
}

/// The keys one process holds to seal and open clinical files (docs/reliability.md, "Key
/// hierarchy").
///
/// Files of a client are sealed (HPKE) to the caseload public key of the client's therapist. A
/// signed-in therapist, supervisor or admin holds the private caseload keys they may read; a kiosk
/// or any client-facing process holds public keys only, so it can write but never read earlier
/// data. The clinic key (symmetric) keys the audit log's MAC chain.
public protocol Keyring: Sendable {
    /// The public key the files of `therapist`'s clients are sealed to; nil when there is none.
    func caseloadPublicKey(of therapist: AccountID) -> Curve25519.KeyAgreement.PublicKey?
    /// The private key that opens `therapist`'s caseload, when this process may read it.
    func caseloadPrivateKey(of therapist: AccountID) -> Curve25519.KeyAgreement.PrivateKey?
    /// The clinic key (audit MAC chain, directory-level sealed names); nil when not unlocked.
    var clinicKey: SymmetricKey? { get }
    /// The account signed in to this process, named in every audit line it writes (`account`);
    /// nil when nobody signed in (recovery, migration).
    var actor: AccountID? { get }
    /// The therapists whose caseload private keys this process holds (the caseload index and the
    /// rows cache are read for these caseloads only).
    var readableCaseloads: [AccountID] { get }
}

extension Keyring {
    /// Nobody signed in, unless the keyring says so.
    public var actor: AccountID? { nil }
}

/// A keyring held in memory: what sign-in builds, what tests and the kiosk use.
///
/// `@unchecked Sendable`: swift-crypto's key types are immutable values that this version does not
/// mark `Sendable`; nothing here is mutated after it is shared.
public struct StaticKeyring: Keyring, @unchecked Sendable {
    /// Public caseload keys by therapist.
    public var publicKeys: [AccountID: Curve25519.KeyAgreement.PublicKey]
    /// Private caseload keys this process may use, by therapist.
    public var privateKeys: [AccountID: Curve25519.KeyAgreement.PrivateKey]
    /// The clinic key, when unlocked.
    public var clinicKey: SymmetricKey?
    /// The signed-in account (sign-in sets it); audit lines name it.
    public var actor: AccountID?

    /// A keyring with the given keys; a private key implies its public key.
    public init(
        publicKeys: [AccountID: Curve25519.KeyAgreement.PublicKey] = [:],
        privateKeys: [AccountID: Curve25519.KeyAgreement.PrivateKey] = [:], clinicKey: SymmetricKey? = nil,
        actor: AccountID? = nil
    ) {
        var publics = publicKeys
        for (id, key) in privateKeys where publics[id] == nil { publics[id] = key.publicKey }
        self.publicKeys = publics
        self.privateKeys = privateKeys
        self.clinicKey = clinicKey
        self.actor = actor
    }

    public func caseloadPublicKey(of therapist: AccountID) -> Curve25519.KeyAgreement.PublicKey? {
        publicKeys[therapist]
    }

    public func caseloadPrivateKey(of therapist: AccountID) -> Curve25519.KeyAgreement.PrivateKey? {
        privateKeys[therapist]
    }

    public var readableCaseloads: [AccountID] { privateKeys.keys.sorted() }

    /// The same keyring without any private key (what a kiosk keeps after sign-in); the same actor.
    public var publicOnly: StaticKeyring {
        StaticKeyring(publicKeys: publicKeys, privateKeys: [:], clinicKey: clinicKey, actor: actor)
    }
}
