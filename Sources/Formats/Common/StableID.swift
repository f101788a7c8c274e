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
    /// ISO 8601 in UTC, whole seconds (FHIR dateTime/instant, REDCap and CSV timestamps):
    /// `date.formatted(Date.ISO8601FormatStyle())`. A whole second from 1900 to 9999 (every date
    /// rapport stores) is written directly — a large export writes one per row — and any other
    /// date by the formatter.
    static func timestamp(_ date: Date) -> String {
        let t = date.timeIntervalSince1970
        guard t.rounded(.down) == t, t >= -2_208_988_800, t <= 253_402_300_799 else {
            return date.formatted(Date.ISO8601FormatStyle())
        }
        let seconds = Int(t)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let time = seconds - days * 86_400
        // The proleptic Gregorian day of `days` since 1970-01-01 (H. Hinnant's civil_from_days).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        var out = [UInt8](repeating: 0, count: 20)
        func put(_ value: Int, at: Int, width: Int) {
            var v = value
            for k in stride(from: at + width - 1, through: at, by: -1) {
                out[k] = UInt8(0x30 + v % 10)
                v /= 10
            }
        }
        put(year, at: 0, width: 4)
        put(month, at: 5, width: 2)
        put(day, at: 8, width: 2)
        put(time / 3_600, at: 11, width: 2)
        put(time / 60 % 60, at: 14, width: 2)
        put(time % 60, at: 17, width: 2)
        out[4] = 0x2D
        out[7] = 0x2D
        out[10] = 0x54
        out[13] = 0x3A
        out[16] = 0x3A
        out[19] = 0x5A
        return String(decoding: out, as: UTF8.self)
    }

    /// A number without a trailing ".0".
    static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int(v)) }
        return "\(v)"
    }
}
