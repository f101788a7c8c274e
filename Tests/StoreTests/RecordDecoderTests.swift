import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// The record decoder of the export's hot path (`RecordDecoder`) against Foundation's
/// JSONDecoder: on seeded records (as written, compact and indented) and seeded damage of them,
/// whatever it accepts decodes to the same value; what it does not expect it leaves to JSONDecoder.
@Suite("Record decoder")
struct RecordDecoderTests {
    private static func slow(_ data: Data) -> AdministrationRecord? {
        try? StoreCoding.decoder().decode(AdministrationRecord.self, from: data)
    }

    private static func fast(_ data: Data) -> AdministrationRecord? {
        RecordDecoder.decode(data, supported: currentSchemaVersion, sealed: sealedSchemaVersion)
    }

    /// A random string: mostly the characters records hold, sometimes ones the encoder escapes
    /// (the decoder then leaves the file to JSONDecoder) or non-ASCII ones.
    private static func text(_ rng: inout SplitMix64, plain: Bool = false) -> String {
        let common = Array("abcdefghijklmnopqrstuvwxyz0123456789-_./ ")
        let rare: [Character] = ["é", "ß", "ü", "😀", "中", "\"", "\\", "\n", "\u{1}", "\u{7F}", "e\u{301}"]
        let count = Int.random(in: 1...12, using: &rng)
        return String(
            (0..<count).map { _ in
                plain || Int.random(in: 0..<20, using: &rng) > 0
                    ? common.randomElement(using: &rng)! : rare.randomElement(using: &rng)!
            })
    }

    private static func score(_ rng: inout SplitMix64) -> Double? {
        switch Int.random(in: 0..<9, using: &rng) {
        case 0: return nil
        case 1: return Double(Int.random(in: 0...40, using: &rng))
        case 2: return Double(Int.random(in: 0...60, using: &rng)) / 3
        case 3: return Double(Int.random(in: 0...700, using: &rng)) / 100
        case 4: return Double.random(in: -100...100, using: &rng)
        case 5: return Double.random(in: 0...1e-5, using: &rng)
        case 6: return Double.random(in: 1e15...1e22, using: &rng)
        case 7: return -0.0
        default: return Double(Int.random(in: 0...5000, using: &rng)) / 1000
        }
    }

    /// Whole seconds from 1900 to 9999 (sometimes a fraction, which the encoder drops).
    private static func date(_ rng: inout SplitMix64) -> Date {
        let seconds = Double(Int64.random(in: -2_208_988_800...253_402_300_799, using: &rng))
        let fraction = Int.random(in: 0..<10, using: &rng) == 0 ? Double.random(in: 0..<1, using: &rng) : 0
        return Date(timeIntervalSince1970: seconds + fraction)
    }

    static func record(_ rng: inout SplitMix64, plain: Bool) throws -> AdministrationRecord {
        let client = try ClientID("C" + String(Int.random(in: 1...99_999, using: &rng)))
        let year = Int.random(in: 1900...9999, using: &rng)
        let month = Int.random(in: 1...12, using: &rng)
        let day = Int.random(in: 1...SessionDate.daysIn(month, year), using: &rng)
        let sessionDate = try SessionDate(
            String(year) + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day))
        let answers: [Int?] = (0..<Int.random(in: 0...12, using: &rng)).map { _ in
            Int.random(in: 0..<6, using: &rng) == 0 ? nil : Int.random(in: -3...9, using: &rng)
        }
        let ints = { (rng: inout SplitMix64) -> [Int] in
            (0..<Int.random(in: 0...3, using: &rng)).map { _ in Int.random(in: 1...30, using: &rng) }
        }
        let scales = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
            ScaleScore(
                id: text(&rng, plain: plain), score: score(&rng), valid: Bool.random(using: &rng),
                missing: ints(&rng), prorated: Bool.random(using: &rng), answered: Int.random(in: 0...40, using: &rng))
        }
        let result = ScoreResult(
            instrument: text(&rng, plain: plain), version: text(&rng, plain: plain), scales: scales,
            primaryScale: text(&rng, plain: plain), band: Bool.random(using: &rng) ? text(&rng, plain: plain) : nil,
            missing: ints(&rng), prorated: Bool.random(using: &rng), valid: Bool.random(using: &rng),
            risk: ints(&rng), riskUnanswered: ints(&rng))
        var record = AdministrationRecord(
            id: text(&rng, plain: plain), clientId: client, session: Int.random(in: 1...9999, using: &rng),
            sessionDate: sessionDate, rater: Bool.random(using: &rng) ? .client : .therapist,
            instrument: InstrumentRef(id: text(&rng, plain: plain), version: text(&rng, plain: plain)),
            answers: answers, result: result, administeredAt: date(&rng), savedAt: date(&rng),
            source: RecordSource.allCases.randomElement(using: &rng)!,
            supersedes: Bool.random(using: &rng) ? text(&rng, plain: plain) : nil,
            language: Bool.random(using: &rng) ? text(&rng, plain: plain) : nil)
        record.schemaVersion = Int.random(in: 1...currentSchemaVersion, using: &rng)
        return record
    }

    @Test func seededRecordsDecodeAsJSONDecoderDecodesThem() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("RecordDecoderTests seeded records seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        var taken = 0
        var total = 0
        for n in 0..<2_000 {
            let original = try Self.record(&rng, plain: n % 2 == 0)
            for pretty in [false, true] {
                let data = try StoreCoding.encoder(pretty: pretty).encode(original)
                total += 1
                let slow = Self.slow(data)
                guard let fast = Self.fast(data) else { continue }
                taken += 1
                #expect(fast == slow, "seed \(seed): \(String(decoding: data, as: UTF8.self))")
                // Bit for bit: -0.0 and 0.0 are equal as values but not as text.
                #expect(
                    fast.result.scales.map { $0.score?.bitPattern } == slow?.result.scales.map { $0.score?.bitPattern },
                    "seed \(seed)")
            }
        }
        // Most records of plain text (half of them; scores written with an exponent fall back) are
        // taken by the fast path: it is not a path that always falls back.
        #expect(taken >= total / 5, "seed \(seed): only \(taken) of \(total) decoded without JSONDecoder")
    }

    /// A record as `save` writes it is decoded without JSONDecoder, to the record saved.
    @Test func aSavedRecordIsTakenByTheFastPath() throws {
        let f = try OneClientStore()
        defer { f.dir.remove() }
        let saved = try f.store.save(
            NewAdministration(
                clientId: f.id, sessionDate: try SessionDate("2026-11-10"), rater: .client,
                instrument: try Fixtures.instrument("phq-9"), answers: [1, 2, 3, nil, 0, 1, 2, 3, 0],
                administeredAt: Fixtures.referenceDate, source: .cli, language: "de"))
        let data = try Data(contentsOf: URL(fileURLWithPath: f.store.layout.record(f.id, saved.id)))
        #expect(Self.fast(data) == saved)
        #expect(try f.store.record(f.id, id: saved.id) == saved)
    }

    @Test func seededDamageIsEitherRefusedOrDecodedAsJSONDecoderDoes() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("RecordDecoderTests damage seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        let replacements = Array("{}[]\",:0123456789.eE-+tfnulx TZ\\".utf8) + [0x01, 0x0A, 0xC3, 0xA9, 0xFF, 0x00]
        var differing = 0
        var checked = 0
        for _ in 0..<60 {
            let original = [UInt8](try StoreCoding.encoder().encode(try Self.record(&rng, plain: true)))
            var variants: [[UInt8]] = (0..<8).map { _ in
                Array(original.prefix(Int.random(in: 0..<original.count, using: &rng)))
            }
            for _ in 0..<60 {
                var bytes = original
                for _ in 0..<Int.random(in: 1...3, using: &rng) {
                    let at = Int.random(in: 0..<bytes.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: bytes.remove(at: at)
                    case 1: bytes.insert(replacements.randomElement(using: &rng)!, at: at)
                    default: bytes[at] = replacements.randomElement(using: &rng)!
                    }
                }
                variants.append(bytes)
            }
            for bytes in variants {
                let data = Data(bytes)
                checked += 1
                guard let fast = Self.fast(data) else { continue }
                let slow = Self.slow(data)
                if fast != slow {
                    differing += 1
                    Issue.record(
                        "seed \(seed): \(String(decoding: bytes, as: UTF8.self)): \(fast) vs \(String(describing: slow))"
                    )
                }
            }
        }
        #expect(checked > 3_000)
        #expect(differing == 0)
    }

    static let valid = """
        {"administeredAt":"2026-01-05T09:00:00Z","answers":[3,null,3],"clientId":"D0001","id":"s0001-client-ecr-rs-r00006",\
        "instrument":{"id":"ecr-rs","version":"1.0.0"},"rater":"client","result":{"instrument":"ecr-rs","missing":[2],\
        "primaryScale":"avoidance","prorated":false,"risk":[],"riskUnanswered":[],"scales":[{"answered":6,"id":"avoidance",\
        "missing":[],"prorated":false,"score":5.5,"valid":true}],"valid":true,"version":"1.0.0"},\
        "savedAt":"2027-02-19T00:00:00Z","schemaVersion":2,"session":1,"sessionDate":"2026-01-05","source":"demo"}
        """

    /// Variants of a valid record the fast path does not take; each is JSONDecoder's to decide.
    static let refused: [(String, String)] = [
        ("\"session\":1", "\"session\":01"), ("\"session\":1", "\"session\":1.0"), ("\"session\":1", "\"session\":1e0"),
        ("\"session\":1", "\"session\":0x1"), ("\"session\":1", "\"session\":-0"), ("\"session\":1", "\"session\":+1"),
        ("\"session\":1", "\"session\":99999999999999999999"), ("\"session\":1", "\"session\":null"),
        ("\"score\":5.5", "\"score\":5.5e0"), ("\"score\":5.5", "\"score\":.5"), ("\"score\":5.5", "\"score\":5."),
        ("\"score\":5.5", "\"score\":05.5"), ("\"score\":5.5", "\"score\":null"), ("\"score\":5.5", "\"score\":NaN"),
        ("\"score\":5.5", "\"score\":\"5.5\""), ("\"score\":5.5", "\"score\":1E400"),
        ("2026-01-05T09:00:00Z", "2026-01-05T09:00:00.000Z"), ("2026-01-05T09:00:00Z", "2026-02-30T09:00:00Z"),
        ("2026-01-05T09:00:00Z", "2026-01-05T24:00:00Z"), ("2026-01-05T09:00:00Z", "2026-01-05t09:00:00Z"),
        ("2026-01-05T09:00:00Z", "2026-01-05T09:00:00+01:00"), ("2026-01-05T09:00:00Z", "1899-12-31T09:00:00Z"),
        ("2026-01-05T09:00:00Z", "2026-01-05T09:00:60Z"), ("2026-01-05T09:00:00Z", "2026-01-05 09:00:00Z"),
        ("\"source\":\"demo\"", "\"source\":\"demo\",\"supersedes\":null"),
        ("\"source\":\"demo\"", "\"source\":\"demo\",\"language\":null"),
        ("\"source\":\"demo\"", "\"source\":\"demo\",\"extra\":1"),
        ("\"source\":\"demo\"", "\"source\":\"demo\",\"source\":\"cli\""),
        ("\"source\":\"demo\"", "\"source\":\"dem\\u006f\""), ("\"source\":\"demo\"", "\"source\":\"paper\\n\""),
        ("\"source\":\"demo\"", "\"source\":\"robot\""), ("\"rater\":\"client\"", "\"rater\":\"Client\""),
        ("\"clientId\":\"D0001\"", "\"clientId\":\"D 0001\""),
        ("\"sessionDate\":\"2026-01-05\"", "\"sessionDate\":\"2026-1-05\""),
        ("\"schemaVersion\":2", "\"schemaVersion\":3"), ("\"schemaVersion\":2", "\"schemaVersion\":0"),
        ("\"schemaVersion\":2", "\"schemaVersion\":9"), ("\"schemaVersion\":2,", ""),
        ("\"valid\":true}", "\"valid\":1}"), ("[3,null,3]", "[3,nul,3]"), ("[3,null,3]", "[3,null,3,]"),
        ("\"missing\":[2]", "\"missing\":[2.5]"),
    ]

    @Test func whatTheFastPathDoesNotExpectGoesToJSONDecoder() throws {
        let valid = Data(Self.valid.utf8)
        #expect(Self.fast(valid) != nil)
        #expect(Self.fast(valid) == Self.slow(valid))
        var cases: [Data] = Self.refused.map { (from, to) in
            Data(Self.valid.replacingOccurrences(of: from, with: to).utf8)
        }
        cases.append(Data([0xEF, 0xBB, 0xBF]) + valid)  // a byte-order mark
        cases.append(valid + Data("x".utf8))
        cases.append(Data(Self.valid.replacingOccurrences(of: "\"demo\"", with: "\"dem\u{1}\"").utf8))
        var invalidUTF8 = [UInt8](valid)
        invalidUTF8[invalidUTF8.firstIndex(of: UInt8(ascii: "r"))!] = 0xFF  // inside "administeredAt"
        cases.append(Data(invalidUTF8))
        let path = "/data/clients/D0001/records/s0001-client-ecr-rs-r00006.json"
        for data in cases where data != valid {
            #expect(Self.fast(data) == nil, "\(String(decoding: data, as: UTF8.self))")
            // The store's decode of it is JSONDecoder's, error or value.
            let store = Result { () throws(StoreError) in
                try StoreCoding.decode(AdministrationRecord.self, from: data, path: path)
            }
            let header = (try? JSONDecoder().decode(Header.self, from: data))?.schemaVersion
            if let header, header >= 1, header <= currentSchemaVersion {
                #expect((try? store.get()) == Self.slow(data), "\(String(decoding: data, as: UTF8.self))")
            } else {
                #expect((try? store.get()) == nil, "\(String(decoding: data, as: UTF8.self))")
            }
        }
    }

    private struct Header: Decodable { var schemaVersion: Int? }

    /// Dates as the fast path computes them, against Foundation's ISO 8601 parse.
    @Test func datesMatchTheISO8601Parse() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        print("RecordDecoderTests dates seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        for _ in 0..<2_000 {
            let date = Date(
                timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800...253_402_300_799, using: &rng)))
            let text = date.formatted(Date.ISO8601FormatStyle())
            let json = Data(("\"" + text + "\"").utf8)
            let parsed = try? JSONScanner.scanStrict(json) { s throws(JSONScanner.Failure) in try s.date() }
            #expect(parsed == date, "seed \(seed): \(text)")
            #expect(parsed == (try? Date(text, strategy: Date.ISO8601FormatStyle())), "seed \(seed): \(text)")
        }
    }
}
