import Foundation
import Testing

@testable import Store

/// The two modes of the one JSON scanner: the lenient one of the summary and caseload index
/// decoders, and the strict one of the record decoder.
@Suite("JSON scanner modes")
struct JSONScannerTests {
    /// The values of `[string, number, integer]` in `text`, scanned in the given mode; nil when
    /// the scan fails.
    private static func values(_ text: String, strict: Bool) -> (String, Double, Int)? {
        let body = { (s: inout JSONScanner) throws(JSONScanner.Failure) -> (String, Double, Int) in
            try s.expect(0x5B)
            let string = try s.string()
            try s.expect(0x2C)
            let number = try s.double()
            try s.expect(0x2C)
            let integer = try s.int()
            try s.expect(0x5D)
            guard s.atEnd() else { throw .init() }
            return (string, number, integer)
        }
        let data = Data(text.utf8)
        return strict ? try? JSONScanner.scanStrict(data, body) : try? JSONScanner.scan(data, body)
    }

    @Test func bothModesTakePlainJSON() throws {
        for strict in [false, true] {
            let v = try #require(Self.values(#"[ "plain é", -2.5 , 42 ]"#, strict: strict))
            #expect(v.0 == "plain é" && v.1 == -2.5 && v.2 == 42, "strict: \(strict)")
        }
    }

    /// Escapes and exponents (which JSONEncoder writes in names and small numbers) stay on the
    /// lenient fast path; the strict one leaves them to JSONDecoder.
    @Test func escapesAndExponentsAreLenientOnly() throws {
        let text = #"["a \"quoted\" \u00e9",1.5e3,7]"#
        let v = try #require(Self.values(text, strict: false))
        #expect(v.0 == "a \"quoted\" é" && v.1 == 1500 && v.2 == 7)
        #expect(Self.values(text, strict: true) == nil)
        #expect(Self.values(#"["a",1.5e3,7]"#, strict: true) == nil)
        #expect(Self.values(#"["a\u00e9",1.5,7]"#, strict: true) == nil)
        #expect(Self.values(#"["a",1.5,07]"#, strict: true) == nil)
    }

    /// A number at the very end of the document: the lenient mode's `strtod` stops at the NUL after
    /// the copy, the strict mode at the end of the bytes.
    @Test func aNumberEndsTheDocument() throws {
        let data = Data("12.75".utf8)
        #expect(try JSONScanner.scan(data) { s throws(JSONScanner.Failure) in try s.double() } == 12.75)
        #expect(try JSONScanner.scanStrict(data) { s throws(JSONScanner.Failure) in try s.double() } == 12.75)
        // A slice of a larger buffer: digits follow in memory but not in the document.
        let larger = Data("3.25999".utf8)
        let slice = larger.prefix(4)
        #expect(try JSONScanner.scan(slice) { s throws(JSONScanner.Failure) in try s.double() } == 3.25)
        #expect(try JSONScanner.scanStrict(slice) { s throws(JSONScanner.Failure) in try s.double() } == 3.25)
    }
}
