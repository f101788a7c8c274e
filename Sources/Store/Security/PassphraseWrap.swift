import Crypto
import Foundation
import _CryptoExtras

/// The cost of scrypt (`KDF.Scrypt` from swift-crypto's `_CryptoExtras`) when it turns a
/// passphrase into the key that wraps an account's private key.
public struct ScryptCost: Codable, Sendable, Equatable {
    /// CPU/memory cost N (a power of two).
    public var n: Int
    /// Block size r.
    public var r: Int
    /// Parallelism p.
    public var p: Int

    public init(n: Int, r: Int, p: Int) {
        self.n = n
        self.r = r
        self.p = p
    }

    /// One of OWASP's equivalent scrypt settings for password storage: N = 2^16, r = 8, p = 2 (the
    /// same work as N = 2^17, p = 1 with half the memory, 64 MiB, so that a signed-in process stays
    /// within the 100 MiB peak-memory goal). Every new account key is wrapped with it.
    public static let standard = ScryptCost(n: 1 << 16, r: 8, p: 2)
    /// A tiny cost for tests only (a sign-in takes microseconds).
    public static let testing = ScryptCost(n: 1 << 4, r: 8, p: 1)

    /// Whether a stored cost is one this version derives (a damaged file cannot ask for
    /// gigabytes of memory).
    var isSane: Bool {
        n >= 2 && n <= 1 << 22 && n & (n - 1) == 0 && r >= 1 && r <= 32 && p >= 1 && p <= 16
    }
}

/// A private key wrapped with a passphrase: scrypt → 32-byte key → AES-GCM of the key's raw bytes.
/// A wrong passphrase fails GCM authentication (there is no separate hash to guess against).
public struct WrappedKey: Codable, Sendable, Equatable {
    /// "scrypt+aes-gcm".
    public var algorithm: String
    public var salt: Data
    public var cost: ScryptCost
    /// AES-GCM's combined form: nonce, ciphertext, tag.
    public var sealed: Data

    public static let algorithmName = "scrypt+aes-gcm"
}

/// Wrapping and unwrapping an X25519 private key with a passphrase.
public enum PassphraseWrap {
    /// Bytes of random salt.
    static let saltBytes = 16

    /// Wraps `key` with `passphrase`; `context` (for example "rapport/account/alice") is
    /// authenticated with it, so a wrapped key copied into another account's file does not unwrap.
    public static func wrap(
        _ key: Curve25519.KeyAgreement.PrivateKey, passphrase: String, context: String, cost: ScryptCost
    ) throws(StoreError) -> WrappedKey {
        var generator = SystemRandomNumberGenerator()
        let salt = Data((0..<saltBytes).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let wrapping = try derive(passphrase, salt: salt, cost: cost)
        do {
            let box = try AES.GCM.seal(key.rawRepresentation, using: wrapping, authenticating: Data(context.utf8))
            guard let combined = box.combined else { throw StoreError.invalid("could not wrap the account key") }
            return WrappedKey(algorithm: WrappedKey.algorithmName, salt: salt, cost: cost, sealed: combined)
        } catch {
            throw .invalid("could not wrap the account key")
        }
    }

    /// Unwraps a key; nil when the passphrase is wrong (or the file was changed): the caller says
    /// `.signInFailed` either way.
    public static func unwrap(
        _ wrapped: WrappedKey, passphrase: String, context: String
    ) -> Curve25519.KeyAgreement.PrivateKey? {
        guard wrapped.algorithm == WrappedKey.algorithmName, wrapped.cost.isSane,
            let wrapping = try? derive(passphrase, salt: wrapped.salt, cost: wrapped.cost),
            let box = try? AES.GCM.SealedBox(combined: wrapped.sealed),
            let raw = try? AES.GCM.open(box, using: wrapping, authenticating: Data(context.utf8))
        else { return nil }
        return try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
    }

    /// Runs the key derivation alone (an unknown account takes the same path as a known one).
    public static func burn(passphrase: String, cost: ScryptCost) {
        _ = try? derive(passphrase, salt: Data(count: saltBytes), cost: cost)
    }

    static func derive(_ passphrase: String, salt: Data, cost: ScryptCost) throws(StoreError) -> SymmetricKey {
        do {
            return try KDF.Scrypt.deriveKey(
                from: Array(passphrase.utf8), salt: salt, outputByteCount: 32, rounds: cost.n, blockSize: cost.r,
                parallelism: cost.p)
        } catch {
            throw .invalid("could not derive the key from the passphrase")
        }
    }
}
