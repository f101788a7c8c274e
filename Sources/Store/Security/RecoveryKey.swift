import Crypto
import Foundation

/// The clinic's recovery key: an X25519 private key shown once (at `init` or `migrate`) for the
/// admin to keep offline. Every caseload key and the clinic key are also sealed to it, so it
/// re-issues a therapist's key when a passphrase is lost. Only its public key is stored.
///
/// Its text form is the 32 key bytes and 2 check bytes (the first two of their SHA-256) in
/// lower-case hex, in 17 groups of 4 joined by '-': a mistyped group is caught before any file
/// is touched.
public struct RecoveryKey: @unchecked Sendable {
    /// The private key.
    public let key: Curve25519.KeyAgreement.PrivateKey

    /// A new random recovery key.
    public init() { key = Curve25519.KeyAgreement.PrivateKey() }

    /// A recovery key from its private key.
    public init(key: Curve25519.KeyAgreement.PrivateKey) { self.key = key }

    /// The public half (stored in `keys/recovery.json`).
    public var publicKey: Curve25519.KeyAgreement.PublicKey { key.publicKey }

    /// The form written down or saved to a file.
    public var text: String {
        let raw = [UInt8](key.rawRepresentation)
        let all = raw + Self.check(raw)
        let hex = all.map { String(format: "%02x", $0) }.joined()
        var groups: [String] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 4, limitedBy: hex.endIndex) ?? hex.endIndex
            groups.append(String(hex[i..<j]))
            i = j
        }
        return groups.joined(separator: "-")
    }

    /// Parses the text form (spaces, dashes and case are ignored); throws `.invalid` naming the
    /// problem when it is not a recovery key or a group was mistyped.
    public init(text: String) throws(StoreError) {
        let hex = text.lowercased().filter { !$0.isWhitespace && $0 != "-" }
        guard hex.count == 68, hex.allSatisfy({ $0.isHexDigit }) else {
            throw .invalid("not a recovery key: expected 68 hexadecimal digits in groups of 4")
        }
        var bytes: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            guard let b = UInt8(hex[i..<j], radix: 16) else { throw .invalid("not a recovery key") }
            bytes.append(b)
            i = j
        }
        let raw = Array(bytes.prefix(32))
        guard Array(bytes.suffix(2)) == Self.check(raw) else {
            throw .invalid("the recovery key's check digits do not match: a group was mistyped")
        }
        do {
            key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
        } catch {
            throw .invalid("not a recovery key")
        }
    }

    static func check(_ raw: [UInt8]) -> [UInt8] {
        Array(SHA256.hash(data: raw).prefix(2))
    }
}
