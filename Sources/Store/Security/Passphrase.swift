import Crypto
import Foundation
import _CryptoExtras

/// Hashing and checking the therapist passphrase (salted PBKDF2-HMAC-SHA256 from swift-crypto).
///
/// Only the salt and the derived key are ever stored (``PassphraseHash``); the passphrase itself
/// never leaves memory.
public enum Passphrase {
    /// The algorithm name stored in ``PassphraseHash/algorithm``.
    public static let algorithm = "pbkdf2-sha256"
    /// Rounds for new hashes (OWASP's minimum for PBKDF2-HMAC-SHA256).
    public static let defaultRounds = 210_000
    /// The shortest passphrase accepted.
    public static let minimumLength = 8
    /// Bytes of random salt.
    static let saltBytes = 16
    /// Bytes of derived key.
    static let keyBytes = 32

    /// Checks that a new passphrase is acceptable; returns a one-line reason when it is not.
    public static func problem(with passphrase: String) -> String? {
        if passphrase.count < minimumLength {
            return "the passphrase must have at least \(minimumLength) characters"
        }
        if passphrase.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "the passphrase must not contain control characters"
        }
        return nil
    }

    /// Hashes `passphrase` with a fresh random salt.
    /// - Parameter rounds: PBKDF2 rounds; lower only in tests.
    public static func hash(_ passphrase: String, rounds: Int = defaultRounds) throws(StoreError) -> PassphraseHash {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<saltBytes).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = try derive(passphrase, salt: salt, rounds: rounds)
        return PassphraseHash(
            algorithm: algorithm, salt: Data(salt).base64EncodedString(), hash: Data(key).base64EncodedString(),
            cost: rounds)
    }

    /// Whether `passphrase` matches `stored` (compared in constant time). An unknown algorithm or a
    /// damaged hash never matches.
    public static func verify(_ passphrase: String, against stored: PassphraseHash) -> Bool {
        guard stored.algorithm == algorithm, stored.cost >= 1, stored.cost <= 10_000_000,
            let salt = Data(base64Encoded: stored.salt), let expected = Data(base64Encoded: stored.hash),
            expected.count == keyBytes,
            let actual = try? derive(passphrase, salt: Array(salt), rounds: stored.cost)
        else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(actual, expected) { difference |= a ^ b }
        return difference == 0
    }

    static func derive(_ passphrase: String, salt: [UInt8], rounds: Int) throws(StoreError) -> [UInt8] {
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(passphrase.utf8), salt: salt, using: .sha256, outputByteCount: keyBytes,
                unsafeUncheckedRounds: rounds)
            return key.withUnsafeBytes { Array($0) }
        } catch {
            throw .invalid("could not derive the passphrase hash")
        }
    }
}
