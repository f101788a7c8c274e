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

    /// Whether `raw` is a real calendar date written `YYYY-MM-DD` (ASCII digits only: no sign,
    /// no other separator), of a year from 1900 to 9999. Read byte by byte: every summary read
    /// checks each of its session dates.
    public static func isValid(_ raw: String) -> Bool {
        var raw = raw
        return raw.withUTF8 { b in
            guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return false }
            func number(_ range: Range<Int>) -> Int? {
                var n = 0
                for i in range {
                    let digit = Int(b[i]) - 0x30
                    guard (0...9).contains(digit) else { return nil }
                    n = n * 10 + digit
                }
                return n
            }
            guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), (1900...9999).contains(y),
                (1...12).contains(m), d >= 1
            else { return false }
            return d <= daysIn(m, y)
        }
    }

    /// The number of days of a month (1–12) of a year of the Gregorian calendar.
    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
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
