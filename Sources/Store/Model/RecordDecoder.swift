import Foundation
import Instruments

/// Decodes an administration record file as this version of rapport writes it, without
/// Foundation's JSONDecoder (the hot path of a large export: one decode per record file). It is
/// strict: anything it does not expect — an unknown or repeated key, an explicit null for an
/// optional field, an escape in a string, a number with an exponent, a date that is not
/// `YYYY-MM-DDTHH:MM:SSZ`, a header that is not the plain current one — makes it return nil, and
/// the caller uses `JSONDecoder`, which decides (and words any error) as before. What it accepts,
/// it decodes to the same value as `JSONDecoder` (tests compare the two on seeded records and
/// seeded damage).
enum RecordDecoder {
    /// The record in `data`; nil for anything the fast path does not take. `supported` is the
    /// newest schemaVersion accepted; a file of schemaVersion `sealed` (an envelope) is not taken.
    static func decode(_ data: Data, supported: Int, sealed: Int?) -> AdministrationRecord? {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> AdministrationRecord? in
            var s = StrictJSONBytes(raw.bindMemory(to: UInt8.self))
            do throws(StrictJSONBytes.Failure) {
                let record = try Self.record(&s, supported: supported, sealed: sealed)
                guard s.atEnd() else { return nil }
                return record
            } catch {
                return nil
            }
        }
    }

    private static func record(
        _ s: inout StrictJSONBytes, supported: Int, sealed: Int?
    ) throws(StrictJSONBytes.Failure) -> AdministrationRecord {
        var schemaVersion: Int?
        var id: String?
        var clientId: ClientID?
        var session: Int?
        var sessionDate: SessionDate?
        var rater: Rater?
        var instrument: InstrumentRef?
        var answers: [Int?]?
        var result: ScoreResult?
        var administeredAt: Date?
        var savedAt: Date?
        var source: RecordSource?
        var supersedes: String?
        var language: String?
        try s.object { s, key throws(StrictJSONBytes.Failure) in
            switch key {
            case "schemaVersion": schemaVersion = try s.int()
            case "id": id = try s.string()
            case "clientId":
                let raw = try s.string()
                guard ClientID.isValid(raw) else { throw .init() }
                clientId = try? ClientID(raw)
            case "session": session = try s.int()
            case "sessionDate":
                let raw = try s.string()
                guard SessionDate.isValid(raw) else { throw .init() }
                sessionDate = try? SessionDate(raw)
            case "rater":
                guard let r = Rater(rawValue: try s.string()) else { throw .init() }
                rater = r
            case "instrument": instrument = try Self.instrument(&s)
            case "answers":
                var list: [Int?] = []
                try s.array { s throws(StrictJSONBytes.Failure) in
                    if s.null() { list.append(nil) } else { list.append(try s.int()) }
                }
                answers = list
            case "result": result = try Self.result(&s)
            case "administeredAt": administeredAt = try s.date()
            case "savedAt": savedAt = try s.date()
            case "source":
                guard let r = RecordSource(rawValue: try s.string()) else { throw .init() }
                source = r
            case "supersedes": supersedes = try s.string()
            case "language": language = try s.string()
            default: throw .init()
            }
        }
        // The header as `StoreCoding.decodeVersioned` checks it: present, not an envelope, not newer.
        guard let schemaVersion, schemaVersion >= 1, schemaVersion <= supported, schemaVersion != sealed,
            let id, let clientId, let session, let sessionDate, let rater, let instrument, let answers, let result,
            let administeredAt, let savedAt, let source
        else { throw .init() }
        var record = AdministrationRecord(
            id: id, clientId: clientId, session: session, sessionDate: sessionDate, rater: rater,
            instrument: instrument, answers: answers, result: result, administeredAt: administeredAt, savedAt: savedAt,
            source: source, supersedes: supersedes, language: language)
        record.schemaVersion = schemaVersion
        return record
    }

    private static func instrument(_ s: inout StrictJSONBytes) throws(StrictJSONBytes.Failure) -> InstrumentRef {
        var id: String?
        var version: String?
        try s.object { s, key throws(StrictJSONBytes.Failure) in
            switch key {
            case "id": id = try s.string()
            case "version": version = try s.string()
            default: throw .init()
            }
        }
        guard let id, let version else { throw .init() }
        return InstrumentRef(id: id, version: version)
    }

    private static func result(_ s: inout StrictJSONBytes) throws(StrictJSONBytes.Failure) -> ScoreResult {
        var instrument: String?
        var version: String?
        var scales: [ScaleScore]?
        var primaryScale: String?
        var band: String?
        var missing: [Int]?
        var prorated: Bool?
        var valid: Bool?
        var risk: [Int]?
        var riskUnanswered: [Int] = []
        try s.object { s, key throws(StrictJSONBytes.Failure) in
            switch key {
            case "instrument": instrument = try s.string()
            case "version": version = try s.string()
            case "scales":
                var list: [ScaleScore] = []
                try s.array { s throws(StrictJSONBytes.Failure) in list.append(try Self.scale(&s)) }
                scales = list
            case "primaryScale": primaryScale = try s.string()
            case "band": band = try s.string()
            case "missing": missing = try s.ints()
            case "prorated": prorated = try s.bool()
            case "valid": valid = try s.bool()
            case "risk": risk = try s.ints()
            case "riskUnanswered": riskUnanswered = try s.ints()
            default: throw .init()
            }
        }
        guard let instrument, let version, let scales, let primaryScale, let missing, let prorated, let valid,
            let risk
        else { throw .init() }
        return ScoreResult(
            instrument: instrument, version: version, scales: scales, primaryScale: primaryScale, band: band,
            missing: missing, prorated: prorated, valid: valid, risk: risk, riskUnanswered: riskUnanswered)
    }

    private static func scale(_ s: inout StrictJSONBytes) throws(StrictJSONBytes.Failure) -> ScaleScore {
        var id: String?
        var score: Double?
        var valid: Bool?
        var missing: [Int]?
        var prorated: Bool?
        var answered: Int?
        try s.object { s, key throws(StrictJSONBytes.Failure) in
            switch key {
            case "id": id = try s.string()
            case "score": score = try s.double()
            case "valid": valid = try s.bool()
            case "missing": missing = try s.ints()
            case "prorated": prorated = try s.bool()
            case "answered": answered = try s.int()
            default: throw .init()
            }
        }
        guard let id, let valid, let missing, let prorated, let answered else { throw .init() }
        return ScaleScore(id: id, score: score, valid: valid, missing: missing, prorated: prorated, answered: answered)
    }
}

/// A strict pull scanner over the bytes of one JSON document, for `RecordDecoder`. It takes only
/// a subset of JSON whose meaning is certain — strings without escapes or control characters in
/// valid UTF-8, integers without leading zeros, decimals without exponents, objects without
/// repeated keys — and fails on anything else (the caller then falls back to `JSONDecoder`).
struct StrictJSONBytes {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    /// The keys of the objects being scanned (outer ones first), for the repeated-key check.
    private var keys: [String] = []

    struct Failure: Error {}

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    private mutating func skipSpace() {
        while i < bytes.count {
            let b = bytes[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    private mutating func peek() -> UInt8? {
        skipSpace()
        return current
    }

    private mutating func expect(_ c: UInt8) throws(Failure) {
        guard peek() == c else { throw Failure() }
        i += 1
    }

    private mutating func consume(_ c: UInt8) -> Bool {
        if peek() == c {
            i += 1
            return true
        }
        return false
    }

    /// Only whitespace is left.
    mutating func atEnd() -> Bool { peek() == nil }

    /// Consumes a literal (`true`, `null` …) that must not run into more letters.
    private mutating func literal(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let p = text.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        if i + n < bytes.count, Self.isWordByte(bytes[i + n]) { return false }
        i += n
        return true
    }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2E || b == 0x2D
            || b == 0x2B || b >= 0x80
    }

    /// Consumes `null` if it is next.
    mutating func null() -> Bool {
        guard peek() == 0x6E else { return false }
        return literal("null")
    }

    mutating func bool() throws(Failure) -> Bool {
        switch peek() {
        case 0x74: if literal("true") { return true }
        case 0x66: if literal("false") { return false }
        default: break
        }
        throw Failure()
    }

    /// A string without escapes or control characters, in valid UTF-8.
    mutating func string() throws(Failure) -> String {
        try expect(0x22)
        let start = i
        var ascii = true
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x22 { break }
            if b == 0x5C || b < 0x20 { throw Failure() }
            if b >= 0x80 { ascii = false }
            i += 1
        }
        guard i < bytes.count else { throw Failure() }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
        i += 1
        if ascii { return String(decoding: raw, as: UTF8.self) }
        guard let s = String(validating: raw, as: UTF8.self) else { throw Failure() }
        return s
    }

    /// The extent of a JSON number without an exponent at the position: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`.
    /// Returns the digits before and after the point (nil: no fraction).
    private mutating func number() throws(Failure) -> (start: Int, integer: Range<Int>, fraction: Range<Int>?) {
        skipSpace()
        let start = i
        if current == 0x2D { i += 1 }
        let intStart = i
        guard let first = current, first >= 0x30, first <= 0x39 else { throw Failure() }
        i += 1
        if first != 0x30 {
            while let b = current, b >= 0x30, b <= 0x39 { i += 1 }
        }
        let integer = intStart..<i
        var fraction: Range<Int>?
        if current == 0x2E {
            i += 1
            let fracStart = i
            while let b = current, b >= 0x30, b <= 0x39 { i += 1 }
            guard i > fracStart else { throw Failure() }
            fraction = fracStart..<i
        }
        // An exponent, a second point, a leading zero followed by digits or letters: not taken.
        if let b = current, Self.isWordByte(b) { throw Failure() }
        return (start, integer, fraction)
    }

    /// An integer (no fraction, no exponent, no `-0`) that fits an `Int`.
    mutating func int() throws(Failure) -> Int {
        let n = try number()
        guard n.fraction == nil else { throw Failure() }
        let negative = n.start != n.integer.lowerBound
        var v = 0
        for k in n.integer {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(bytes[k] - 0x30))
            if o1 || o2 { throw Failure() }
            v = a
        }
        if negative && v == 0 { throw Failure() }
        return negative ? -v : v
    }

    /// Integers in an array.
    mutating func ints() throws(Failure) -> [Int] {
        var list: [Int] = []
        try array { s throws(Failure) in list.append(try s.int()) }
        return list
    }

    /// A finite number without an exponent, rounded as `JSONDecoder` rounds it (correctly).
    mutating func double() throws(Failure) -> Double {
        let n = try number()
        let digits = n.integer.count + (n.fraction?.count ?? 0)
        let negative = n.start != n.integer.lowerBound
        if digits <= 15 {
            // Exact: an integer below 2^53 divided by an exact power of ten is correctly rounded.
            var m: Int64 = 0
            for k in n.integer { m = m * 10 + Int64(bytes[k] - 0x30) }
            if let f = n.fraction { for k in f { m = m * 10 + Int64(bytes[k] - 0x30) } }
            var v = Double(m)
            if let f = n.fraction { v /= Self.powersOfTen[f.count] }
            return negative ? -v : v
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[n.start..<i]), as: UTF8.self)
        guard let v = Double(text), v.isFinite else { throw Failure() }
        return v
    }

    private static let powersOfTen: [Double] = (0...15).map { k in
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// A date written `YYYY-MM-DDTHH:MM:SSZ` (how the stored files write them, UTC, whole
    /// seconds), a real calendar day from 1900 to 9999; anything else fails.
    mutating func date() throws(Failure) -> Date {
        try expect(0x22)
        guard i + 21 <= bytes.count, bytes[i + 20] == 0x22 else { throw Failure() }
        let p = i
        func digits(_ at: Int, _ count: Int) throws(Failure) -> Int {
            var v = 0
            for k in at..<(at + count) {
                let b = bytes[p + k]
                guard b >= 0x30, b <= 0x39 else { throw Failure() }
                v = v * 10 + Int(b - 0x30)
            }
            return v
        }
        guard bytes[p + 4] == 0x2D, bytes[p + 7] == 0x2D, bytes[p + 10] == 0x54, bytes[p + 13] == 0x3A,
            bytes[p + 16] == 0x3A, bytes[p + 19] == 0x5A
        else { throw Failure() }
        let y = try digits(0, 4)
        let mo = try digits(5, 2)
        let d = try digits(8, 2)
        let h = try digits(11, 2)
        let mi = try digits(14, 2)
        let sec = try digits(17, 2)
        guard (1900...9999).contains(y), (1...12).contains(mo), d >= 1, d <= Self.daysIn(mo, y), h < 24, mi < 60,
            sec < 60
        else { throw Failure() }
        i += 21
        let seconds = Self.daysFromEpoch(y, mo, d) * 86_400 + h * 3_600 + mi * 60 + sec
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// Days from 1970-01-01 to a day of the proleptic Gregorian calendar (H. Hinnant's algorithm).
    static func daysFromEpoch(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Calls `body` for each key of an object (a repeated key fails).
    mutating func object(_ body: (inout StrictJSONBytes, String) throws(Failure) -> Void) throws(Failure) {
        try expect(0x7B)
        if consume(0x7D) { return }
        let base = keys.count
        defer { keys.removeSubrange(base...) }
        repeat {
            let key = try string()
            guard !keys[base...].contains(key) else { throw Failure() }
            keys.append(key)
            try expect(0x3A)
            try body(&self, key)
        } while consume(0x2C)
        try expect(0x7D)
    }

    /// Calls `body` for each element of an array.
    mutating func array(_ body: (inout StrictJSONBytes) throws(Failure) -> Void) throws(Failure) {
        try expect(0x5B)
        if consume(0x5D) { return }
        repeat {
            try body(&self)
        } while consume(0x2C)
        try expect(0x5D)
    }
}
