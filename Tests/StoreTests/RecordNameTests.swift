import Foundation
import Instruments
import Store
import TestSupport
import Testing

/// `RecordName` parses and prints record ids on bytes; the String versions it replaced are kept
/// here as the oracle, and the two must agree on every id, odd ones included.
@Suite("Record names")
struct RecordNameTests {
    /// The parser before 2026-12-01 (split at "-", `Int(_:)`, joined again).
    static func oracle(_ id: String) -> RecordName? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 4, let first = parts.first, first.hasPrefix("s"), let s = Int(first.dropFirst()),
            let rater = Rater(rawValue: String(parts[1])), let last = parts.last, last.hasPrefix("r"),
            let seq = Int(last.dropFirst())
        else { return nil }
        let instrument = parts[2..<(parts.count - 1)].joined(separator: "-")
        guard !instrument.isEmpty else { return nil }
        return RecordName(session: s, rater: rater, instrument: instrument, sequence: seq)
    }

    /// The printer before 2026-12-01.
    static func oracleID(_ name: RecordName) -> String {
        String(format: "s%04d-%@-%@-r%05d", name.session, name.rater.rawValue, name.instrument, name.sequence)
    }

    @Test func knownIDs() {
        let name = RecordName(id: "s0003-client-wai-sr-r00012")
        #expect(name == RecordName(session: 3, rater: .client, instrument: "wai-sr", sequence: 12))
        #expect(name?.id == "s0003-client-wai-sr-r00012")
        #expect(RecordName(id: "s12345-therapist-phq-9-r123456")?.id == "s12345-therapist-phq-9-r123456")
        for bad in [
            "", "-", "s1-client-r1", "s1-client--r1", "x1-client-a-r1", "s1-nobody-a-r1", "s1-client-a-x1",
            "s-client-a-r1",
            "s1-client-a-r", "s1-client-a-r1x", "s99999999999999999999-client-a-r1",
        ] {
            #expect(RecordName(id: bad) == nil, "\(bad)")
        }
    }

    /// Random ids over the characters that matter (dashes, signs, digits, the parts' letters):
    /// the byte parser and the oracle agree on every one, and whatever parses prints as before.
    @Test func agreesWithTheStringVersion() {
        var random = SeededGenerator(seed: 20_261_201)
        let pieces = [
            "s", "r", "-", "+", "0", "1", "9", "42", "client", "therapist", "wai", "sr", "phq", "é",
            "9223372036854775807",
            "9223372036854775808", "",
        ]
        var parsed = 0
        func check(_ id: String) {
            let got = RecordName(id: id)
            #expect(got == RecordNameTests.oracle(id), "\(id)")
            if let got {
                parsed += 1
                // `%d` printed only 32 bits (9223372036854775807 came out as -1): compared within them.
                if got.session <= Int(Int32.max), got.sequence <= Int(Int32.max) {
                    #expect(got.id == RecordNameTests.oracleID(got))
                }
            }
        }
        // Free strings of the pieces.
        for _ in 0..<10_000 {
            var id = ""
            for _ in 0..<Int.random(in: 1...9, using: &random) { id += pieces.randomElement(using: &random)! }
            check(id)
        }
        // Ids shaped like record names, with odd parts.
        let firsts = ["s1", "s0003", "s+5", "s-", "s", "x1", "s99999999999999999999", "s1a", "", "s९"]
        let raters = ["client", "therapist", "Client", "", "nobody"]
        let middles = ["wai", "sr", "9", "", "é", "+"]
        let lasts = ["r1", "r00012", "r+3", "r", "ra", "1", "r-", "r9223372036854775807"]
        for _ in 0..<10_000 {
            var parts = [firsts.randomElement(using: &random)!, raters.randomElement(using: &random)!]
            for _ in 0..<Int.random(in: 0...3, using: &random) { parts.append(middles.randomElement(using: &random)!) }
            parts.append(lasts.randomElement(using: &random)!)
            check(parts.joined(separator: "-"))
        }
        for _ in 0..<5_000 {
            let name = RecordName(
                session: Int.random(in: 0...99_999, using: &random),
                rater: Bool.random(using: &random) ? .client : .therapist,
                instrument: ["wai-sr", "phq-9", "ecr-rs-mother", "x"].randomElement(using: &random)!,
                sequence: Int.random(in: 0...9_999_999, using: &random))
            #expect(name.id == RecordNameTests.oracleID(name))
            #expect(RecordName(id: name.id) == name)
        }
        #expect(parsed > 200)
    }
}
