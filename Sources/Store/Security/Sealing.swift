import Crypto
import Foundation

/// One payload sealed to a public key with HPKE (RFC 9180, base mode, DHKEM X25519 with
/// HKDF-SHA256, HKDF-SHA256, ChaCha20-Poly1305), all from swift-crypto.
///
/// `enc` and `ct` are base64 in JSON (Codable's default for `Data`).
public struct SealedPayload: Codable, Sendable, Equatable {
    /// The encapsulated ephemeral key.
    public var enc: Data
    /// The ciphertext with its authentication tag.
    public var ct: Data

    /// A payload as stored (both copied so that their indices start at zero).
    public init(enc: Data, ct: Data) {
        self.enc = Data([UInt8](enc))
        self.ct = Data([UInt8](ct))
    }
}

/// Sealing to and opening with X25519 keys (the caseload keys, account keys and the recovery key).
///
/// `info` binds a payload to what it is (for example "rapport/record/C001"): a payload moved to
/// another file or client fails to open instead of being read as something else.
public enum Sealing {
    /// The one HPKE ciphersuite of the data directory.
    public static var ciphersuite: HPKE.Ciphersuite { .Curve25519_SHA256_ChachaPoly }

    /// Seals `plaintext` to `recipient`.
    public static func seal(
        _ plaintext: Data, to recipient: Curve25519.KeyAgreement.PublicKey, info: String
    ) throws(StoreError) -> SealedPayload {
        do {
            var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: ciphersuite, info: Data(info.utf8))
            let ct = try sender.seal(plaintext)
            return SealedPayload(enc: sender.encapsulatedKey, ct: ct)
        } catch {
            throw .invalid("could not seal \(info)")
        }
    }

    /// Opens a payload; a changed, damaged or moved payload is `StoreError.tampered` naming `path`.
    public static func open(
        _ payload: SealedPayload, with key: Curve25519.KeyAgreement.PrivateKey, info: String, path: String
    ) throws(StoreError) -> Data {
        do {
            var recipient = try HPKE.Recipient(
                privateKey: key, ciphersuite: ciphersuite, info: Data(info.utf8), encapsulatedKey: payload.enc)
            return try recipient.open(payload.ct)
        } catch {
            throw .tampered(path: path, reason: "the sealed content does not open with its key")
        }
    }
}
