import Foundation

/// A calendar date "YYYY-MM-DD" (the day of a session), validated.
public struct SessionDate: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The date as written, `YYYY-MM-DD`.
    public let rawValue: String

    /// Parses `YYYY-MM-DD`; throws `StoreError.invalid` naming the text for anything else.
    public init(_ raw: String) throws(StoreError) {
        guard SessionDate.isValid(raw) else {
            throw .invalid("invalid date '\(StoreError.printable(raw))': use YYYY-MM-DD")
        }
        rawValue = raw
    }

    /// The calendar day of `date` in `timeZone`.
    public init(date: Date, timeZone: TimeZone = .current) {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        let c = cal.dateComponents([.year, .month, .day], from: date)
        rawValue = String(format: "%04d-%02d-%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    /// Whether `raw` is a real calendar date written `YYYY-MM-DD`.
    public static func isValid(_ raw: String) -> Bool {
        let parts = raw.split(separator: "-", omittingEmptySubsequences: false)
        // ASCII digits only: Int() also takes a sign ("2026-+1-05").
        guard raw.utf8.count == 10, raw.utf8.allSatisfy({ (0x30...0x39).contains($0) || $0 == 0x2D }), parts.count == 3,
            parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1900...9999).contains(y),
            (1...12).contains(m), d >= 1
        else { return false }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        return d <= days
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard SessionDate.isValid(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid date"))
        }
        rawValue = raw
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The date as written, `YYYY-MM-DD`.
    public var description: String { rawValue }
    /// Calendar order (the written form sorts as the date does).
    public static func < (a: SessionDate, b: SessionDate) -> Bool { a.rawValue < b.rawValue }
}
