import Crypto
import Foundation

/// Identifiers that are the same on every export of the same data (a SHA-256 of a name, shaped as a
/// UUID), so two exports of unchanged data are byte-for-byte equal apart from their timestamp.
enum StableID {
    static func uuid(_ name: String) -> String {
        var bytes = Array(SHA256.hash(data: Data(name.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50  // version 5-style (name-based)
        bytes[8] = (bytes[8] & 0x3F) | 0x80  // RFC 4122 variant
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
            hex.dropFirst(20),
        ]
        return parts.joined(separator: "-")
    }
}

/// Formats shared by the exporters.
enum ExportText {
    /// ISO 8601 in UTC, whole seconds (FHIR dateTime/instant, REDCap timestamps).
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// A number without a trailing ".0".
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}
