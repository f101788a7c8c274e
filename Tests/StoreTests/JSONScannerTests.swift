import Foundation
import Testing

@testable import Store

#if canImport(Glibc)
    import Glibc
#endif

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

    /// A number at the very end of the document: both modes stop at the end of the bytes.
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

    /// `[a,b]` read as two lenient numbers; nil when the scan fails.
    private static func pair(_ text: String) -> [Double]? {
        try? JSONScanner.scan(Data(text.utf8)) { s throws(JSONScanner.Failure) in
            try s.expect(0x5B)
            let a = try s.double()
            try s.expect(0x2C)
            let b = try s.double()
            try s.expect(0x5D)
            return [a, b]
        }
    }

    /// The lenient mode takes JSON numbers only: what `strtod` would also take (hexadecimal,
    /// infinities, a leading "+") falls back to JSONDecoder, which refuses it as JSONEncoder never
    /// writes it.
    @Test func lenientNumbersAreJSONNumbers() {
        #expect(Self.pair("[3,4]") == [3, 4])
        #expect(Self.pair("[-0.5,2.5E-3]") == [-0.5, 0.0025])
        for bad in ["[0x10,1]", "[1,0x10]", "[+1,2]", "[1,inf]", "[1,nan]", "[1.,2]", "[1e,2]", "[.5,1]"] {
            #expect(Self.pair(bad) == nil, "\(bad)")
        }
    }

    /// With a decimal-comma locale in force (the terminal front end calls `setlocale(LC_ALL, "")`,
    /// so a German clinic's `LANG=de_DE.UTF-8` is), `[3,4]` is still two numbers, not 3.4, and
    /// 2.5 is still 2.5. `uselocale` changes this thread only. Runs where the locale is installed
    /// (`.ci/run` generates it with `localedef`).
    @Test(.enabled(if: Self.decimalComma != nil)) func numbersIgnoreTheCLocale() throws {
        let comma = try #require(Self.decimalComma)
        let previous = uselocale(comma)
        defer { uselocale(previous) }
        #expect(Self.pair("[3,4]") == [3, 4])
        #expect(Self.pair("[2.5,1e2]") == [2.5, 100])
    }

    nonisolated(unsafe) private static let decimalComma: locale_t? = newlocale(LC_NUMERIC_MASK, "de_DE.UTF-8", nil)

    /// The chunked line reader of the caseload index (`CaseloadIndexFile`): the same lines and
    /// places whatever the chunk size (lines across chunks, a line longer than a chunk, empty lines
    /// skipped), a last line without its newline given too, and the reading stopped by the body.
    @Test func theChunkedLineReaderGivesEveryLineWhateverTheChunkSize() throws {
        let path = NSTemporaryDirectory() + "rapport-lines-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let lines = ["a", "bc", String(repeating: "x", count: 40), "", "def", "g"]
        for text in [lines.joined(separator: "\n") + "\n", lines.joined(separator: "\n")] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            var offsets: [Int] = []
            var offset = 0
            for line in lines {
                offsets.append(offset)
                offset += line.utf8.count + 1
            }
            let expected = zip(lines, offsets).filter { !$0.0.isEmpty }
            for chunk in [1, 2, 3, 7, 64, 1 << 20] {
                let file = try #require(CaseloadIndexFile(path: path, chunk: chunk))
                var seen: [String] = []
                var at: [Int] = []
                let ok = file.forEachLine { line, data in
                    seen.append(String(decoding: data, as: UTF8.self))
                    at.append(line.offset)
                    #expect(file.read(line) == data)
                    return true
                }
                #expect(ok, "\(chunk)")
                #expect(seen == expected.map(\.0), "\(chunk)")
                #expect(at == expected.map(\.1), "\(chunk)")
                var calls = 0
                _ = file.forEachLine { _, _ in
                    calls += 1
                    return calls < 2
                }
                #expect(calls == 2, "\(chunk)")
            }
        }
    }
    /// A repeated key is refused in an object of any size (up to 16 keys by comparing them, past
    /// that through a set), at any place; the same keys once each are read, nested objects
    /// keeping their own keys.
    @Test(arguments: [2, 16, 17, 18, 5_000])
    func aRepeatedKeyIsRefusedWhateverTheObjectsSize(count: Int) throws {
        func scan(_ keys: [String]) -> [String: String]? {
            let text = "{" + keys.map { "\"\($0)\":{\"\($0)\":\"v\($0)\"}" }.joined(separator: ",") + "}"
            return try? JSONScanner.scan(Data(text.utf8)) { s throws(JSONScanner.Failure) in
                var out: [String: String] = [:]
                try s.object { s, key throws(JSONScanner.Failure) in
                    try s.object { s, inner throws(JSONScanner.Failure) in out[key] = inner + "=" + (try s.string()) }
                }
                guard s.atEnd() else { throw .init() }
                return out
            }
        }
        let keys = (0..<count).map { "c\($0)" }
        let read = try #require(scan(keys))
        #expect(read.count == count)
        #expect(read["c1"] == "c1=vc1")
        for at in Set([0, count / 2, count - 1]) {
            #expect(scan(keys + [keys[at]]) == nil, "\(keys[at]) repeated after \(count) keys")
            #expect(scan([keys[at]] + keys) == nil)
        }
    }

    /// `{"skipped":…,"kept":7}` with the first value passed over (`skip()`); nil when the scan fails.
    private static func keptAfterSkipping(_ value: String, strict: Bool = false) -> Int? {
        let data = Data(#"{"skipped":\#(value),"kept":7}"#.utf8)
        let body = { (s: inout JSONScanner) throws(JSONScanner.Failure) -> Int? in
            var kept: Int?
            try s.object { s, key throws(JSONScanner.Failure) in
                if key == "kept" { kept = try s.int() } else { try s.skip() }
            }
            guard s.atEnd() else { throw .init() }
            return kept
        }
        return strict ? (try? JSONScanner.scanStrict(data, body)) ?? nil : (try? JSONScanner.scan(data, body)) ?? nil
    }

    /// A value passed over (the caseload index's end line passes over a whole summary on every
    /// save) is followed through nesting, escapes, exponents and literals, and the scan goes on
    /// after it; broken structure still fails; a repeated key inside it is no matter in the
    /// lenient mode, while the strict mode still checks what it passes over.
    @Test func aSkippedValueIsFollowedNotDecoded() {
        let fine = [
            #"{"a":[1,-2.5e-3,{"b":"x \"y\" \\"}],"c":{},"d":[],"e":true,"f":null,"g":false}"#,
            #"[[[[]]],{"deep":{"deeper":[0,1E+9]}}]"#, #""a string with \u00e9 and ] and }""#, "-0.5", "0",
            #"{"k":1,"k":2}"#,
        ]
        for value in fine { #expect(Self.keptAfterSkipping(value) == 7, "\(value)") }
        let broken = [
            #"{"a":1"#, #"{"a" 1}"#, #"{a:1}"#, "[1,2", "[1 2]", #""unterminated"#, "tru", "nul", "01", "1.",
            "1e", "+1", "-", #"{"a":1,}"#, "[1,]", "]",
        ]
        for value in broken { #expect(Self.keptAfterSkipping(value) == nil, "\(value)") }
        #expect(Self.keptAfterSkipping(#"{"k":1,"k":2}"#, strict: true) == nil)
        #expect(Self.keptAfterSkipping(#"{"k":[1,2]}"#, strict: true) == 7)
    }
}
