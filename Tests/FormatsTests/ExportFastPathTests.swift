import Foundation
import Store
import Testing

@testable import Formats

/// The export's hand-written timestamps and CSV field check against what they replaced.
@Suite("Export fast paths")
struct ExportFastPathTests {
    @Test func timestampsMatchTheISO8601Formatter() {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("ExportFastPathTests seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        // Edges: the epoch, a second before it, 1900 and 9999 (and just outside, the formatter's),
        // a leap day, a fraction of a second (the formatter's).
        var dates = [
            0, -1, -2_208_988_800, -2_208_988_801, 253_402_300_799, 253_402_300_800, 951_782_400, 951_868_799, 1.5,
            -0.5, 1_795_510_800,
        ].map { Date(timeIntervalSince1970: $0) }
        for _ in 0..<5_000 {
            dates.append(
                Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800...253_402_300_799, using: &rng))))
        }
        for d in dates {
            #expect(
                ExportText.timestamp(d) == d.formatted(Date.ISO8601FormatStyle()),
                "seed \(seed): \(d.timeIntervalSince1970)")
            #expect(TidyCSV.timestamp(d) == ExportText.timestamp(d))
        }
    }

    /// `CSV.field` as it was: a check by character only.
    static func oldField(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    @Test func csvFieldsAreQuotedAsBefore() {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("ExportFastPathTests fields seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        // A CR LF and a comma or quote with a combining mark are one character each, not a comma,
        // quote or line end: left unquoted before, and still.
        var cases = [
            "", "plain", "a,b", "say \"hi\"", "a\nb", "a\rb", "a\r\nb", "\r\n", ",\u{301}", "\"\u{301}", "é", "😀,",
            "\n",
            "x\u{0}y", "3.8333333333333335", "2026-01-05T09:00:00Z",
        ]
        let pieces = ["a", "é", ",", "\"", "\n", "\r", "\u{301}", "😀", " ", "1"]
        for _ in 0..<2_000 {
            cases.append(
                (0..<Int.random(in: 0...6, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined())
        }
        for c in cases { #expect(CSV.field(c) == Self.oldField(c), "seed \(seed): \(c.debugDescription)") }
    }
}
