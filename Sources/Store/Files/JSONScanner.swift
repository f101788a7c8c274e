import Foundation

/// A minimal pull scanner over JSON bytes, for hot paths where Foundation's decoder is too slow
/// (reading a thousand client summaries when the caseload opens, every record file of an export).
/// Anything it does not expect makes the caller fall back to `JSONDecoder`, which reports errors
/// properly. It has two modes, chosen by how it is made:
///
/// - `scan(_:_:)` (the summary and caseload index decoders) scans the bytes in place. Strings may
///   hold escapes (Foundation unescapes them); numbers may have exponents and are converted by the
///   standard library, independently of the C locale.
/// - `scanStrict(_:_:)` (the record decoder) scans the bytes in place and takes only a subset of
///   JSON whose meaning is certain: strings without escapes or control characters in valid UTF-8,
///   integers without leading zeros or `-0`, decimals without exponents, `true`, `false` and `null`
///   not run into more letters. Anything else fails.
///
/// Both refuse a repeated key in an object. The strict mode also reads dates (`date()`).
struct JSONScanner {
    /// The document.
    private let bytes: UnsafeBufferPointer<UInt8>
    private let strict: Bool
    private var i = 0
    /// The keys of the objects being scanned (outer ones first), reused across objects so that a
    /// repeated-key check allocates nothing per object.
    private var keys: [String] = []

    struct Failure: Error {}

    private init(_ bytes: UnsafeBufferPointer<UInt8>, strict: Bool) {
        self.bytes = bytes
        self.strict = strict
    }

    /// Scans the bytes of `data` in place (no copy), in the lenient mode.
    static func scan<R>(_ data: Data, _ body: (inout JSONScanner) throws(Failure) -> R) throws(Failure) -> R {
        try scan(data, strict: false, body)
    }

    /// Scans the bytes of `data` in place (no copy), in the strict mode.
    static func scanStrict<R>(_ data: Data, _ body: (inout JSONScanner) throws(Failure) -> R) throws(Failure) -> R {
        try scan(data, strict: true, body)
    }

    private static func scan<R>(
        _ data: Data, strict: Bool, _ body: (inout JSONScanner) throws(Failure) -> R
    ) throws(Failure) -> R {
        do {
            return try data.withUnsafeBytes { raw in
                var s = JSONScanner(raw.bindMemory(to: UInt8.self), strict: strict)
                return try body(&s)
            }
        } catch {
            throw Failure()  // withUnsafeBytes rethrows untyped; the only error is a Failure
        }
    }

    /// Scans `bytes` in place (a part of a larger buffer, such as one line of a file read in
    /// chunks), in the lenient mode.
    static func scan<R>(
        bytes: UnsafeBufferPointer<UInt8>, _ body: (inout JSONScanner) throws(Failure) -> R
    ) throws(Failure) -> R {
        var s = JSONScanner(bytes, strict: false)
        return try body(&s)
    }

    private var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipSpace() {
        while i < bytes.count {
            let b = bytes[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    mutating func peek() -> UInt8? {
        skipSpace()
        return current
    }

    mutating func expect(_ c: UInt8) throws(Failure) {
        guard peek() == c else { throw Failure() }
        i += 1
    }

    /// Consumes `c` if it is next.
    mutating func consume(_ c: UInt8) -> Bool {
        if peek() == c {
            i += 1
            return true
        }
        return false
    }

    /// Only whitespace is left.
    mutating func atEnd() -> Bool { peek() == nil }

    /// Consumes a literal (`true`, `null` …) at the position; in the strict mode it must not run
    /// into more letters.
    private mutating func literal(_ text: StaticString) -> Bool {
        let n = text.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let p = text.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        if strict, i + n < bytes.count, Self.isWordByte(bytes[i + n]) { return false }
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

    /// `true` or `false`.
    mutating func bool() throws(Failure) -> Bool {
        switch peek() {
        case 0x74: if literal("true") { return true }
        case 0x66: if literal("false") { return false }
        default: break
        }
        throw Failure()
    }

    mutating func string() throws(Failure) -> String {
        strict ? try strictString() : try lenientString()
    }

    /// A string; escapes are unescaped by Foundation.
    @inline(never)
    private mutating func lenientString() throws(Failure) -> String {
        try expect(0x22)
        let start = i
        var escaped = false
        while i < bytes.count, bytes[i] != 0x22 {
            if bytes[i] == 0x5C {
                escaped = true
                i += 1
            }
            i += 1
        }
        guard i < bytes.count else { throw Failure() }
        let raw = UnsafeBufferPointer(rebasing: bytes[start..<i])
        i += 1
        if !escaped { return String(decoding: raw, as: UTF8.self) }
        // Rare: let Foundation unescape.
        var quoted = [UInt8(0x22)]
        quoted.append(contentsOf: raw)
        quoted.append(0x22)
        guard let s = try? JSONDecoder().decode(String.self, from: Data(quoted)) else { throw Failure() }
        return s
    }

    /// A string without escapes or control characters, in valid UTF-8.
    @inline(__always)
    private mutating func strictString() throws(Failure) -> String {
        try expect(0x22)
        // A local index, so that the loop keeps it in a register (on a failure the position no
        // longer matters: the scan is over).
        var end = i
        var ascii = true
        while end < bytes.count {
            let b = bytes[end]
            if b == 0x22 { break }
            if b == 0x5C || b < 0x20 { throw Failure() }
            if b >= 0x80 { ascii = false }
            end += 1
        }
        guard end < bytes.count else { throw Failure() }
        let raw = UnsafeBufferPointer(rebasing: bytes[i..<end])
        i = end + 1
        if ascii { return String(decoding: raw, as: UTF8.self) }
        guard let s = String(validating: raw, as: UTF8.self) else { throw Failure() }
        return s
    }

    /// A finite number. Strict: without an exponent, rounded as `JSONDecoder` rounds it.
    mutating func double() throws(Failure) -> Double {
        strict ? try strictDouble() : try lenientDouble()
    }

    /// A finite JSON number, exponent allowed, converted by the standard library's `Double(_:)`,
    /// which reads "." as the decimal point whatever the C locale says: `strtod` would follow
    /// `LC_NUMERIC`, which the terminal front end sets from the environment, and read `[3,4]` as
    /// 3.4 in a locale with a decimal comma.
    private mutating func lenientDouble() throws(Failure) -> Double {
        let n = try number(exponent: true)
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[n.start..<i]), as: UTF8.self)
        guard let value = Double(text), value.isFinite else { throw Failure() }
        return value
    }

    /// The extent of a JSON number at the position: `-?(0|[1-9][0-9]*)(\.[0-9]+)?`, followed by
    /// `([eE][+-]?[0-9]+)?` when `exponent` allows it. Returns the digits before and after the point
    /// (nil: no fraction).
    private mutating func number(
        exponent: Bool = false
    ) throws(Failure) -> (
        start: Int, integer: Range<Int>, fraction: Range<Int>?
    ) {
        skipSpace()
        let start = i
        if current == 0x2D { i += 1 }
        let intStart = i
        guard let first = current, first >= 0x30, first <= 0x39 else { throw Failure() }
        i += 1
        if first != 0x30 { skipDigits() }
        let integer = intStart..<i
        var fraction: Range<Int>?
        if current == 0x2E {
            i += 1
            let fracStart = i
            skipDigits()
            guard i > fracStart else { throw Failure() }
            fraction = fracStart..<i
        }
        if exponent, current == 0x65 || current == 0x45 {
            i += 1
            if current == 0x2B || current == 0x2D { i += 1 }
            let expStart = i
            skipDigits()
            guard i > expStart else { throw Failure() }
        }
        // An exponent where none is allowed, a second point, a leading zero followed by digits or
        // letters, hexadecimal: not taken.
        if let b = current, Self.isWordByte(b) { throw Failure() }
        return (start, integer, fraction)
    }

    private mutating func skipDigits() {
        while let b = current, b >= 0x30, b <= 0x39 { i += 1 }
    }

    /// The value of decimal digits, failing when it does not fit an `Int`.
    private func value(of digits: Range<Int>) throws(Failure) -> Int {
        var v = 0
        for k in digits {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(bytes[k] - 0x30))
            if o1 || o2 { throw Failure() }
            v = a
        }
        return v
    }

    /// An integer that fits an `Int`, without a fraction or exponent. Strict: also without leading
    /// zeros or `-0`, and not run into more letters.
    mutating func int() throws(Failure) -> Int {
        if strict {
            let n = try number()
            guard n.fraction == nil else { throw Failure() }
            let negative = n.start != n.integer.lowerBound
            let v = try value(of: n.integer)
            if negative && v == 0 { throw Failure() }
            return negative ? -v : v
        }
        skipSpace()
        var negative = false
        if current == 0x2D {
            negative = true
            i += 1
        }
        let start = i
        skipDigits()
        let v = try value(of: start..<i)
        guard i > start else { throw Failure() }
        if let b = current, b == 0x2E || b == 0x65 || b == 0x45 { throw Failure() }
        return negative ? -v : v
    }

    /// Integers in an array.
    mutating func ints() throws(Failure) -> [Int] {
        var list: [Int] = []
        try array { s throws(Failure) in list.append(try s.int()) }
        return list
    }

    /// A finite number without an exponent, rounded as `JSONDecoder` rounds it (correctly).
    private mutating func strictDouble() throws(Failure) -> Double {
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
        guard (1900...9999).contains(y), (1...12).contains(mo), d >= 1, d <= SessionDate.daysIn(mo, y), h < 24, mi < 60,
            sec < 60
        else { throw Failure() }
        i += 21
        let seconds = Self.daysFromEpoch(y, mo, d) * 86_400 + h * 3_600 + mi * 60 + sec
        return Date(timeIntervalSince1970: TimeInterval(seconds))
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

    /// Calls `body` for each key of an object.
    mutating func object(_ body: (inout JSONScanner, String) throws(Failure) -> Void) throws(Failure) {
        try expect(0x7B)
        if consume(0x7D) { return }
        let base = keys.count
        defer { keys.removeSubrange(base...) }
        // Past 16 keys, a set: an object with thousands of keys (the caseload index's stale
        // clients) would cost a comparison with every earlier key per key.
        var many: Set<String>?
        repeat {
            let key = try string()
            // A repeated key is ambiguous (JSONDecoder keeps a different occurrence than a scan
            // would; found by Scripts/fuzz.sh): refuse it, so callers fall back to JSONDecoder.
            if many != nil {
                guard many!.insert(key).inserted else { throw Failure() }
            } else {
                guard !keys[base...].contains(key) else { throw Failure() }
                keys.append(key)
                if keys.count - base > 16 { many = Set(keys[base...]) }
            }
            try expect(0x3A)
            try body(&self, key)
        } while consume(0x2C)
        try expect(0x7D)
    }

    /// Skips one value (any JSON) and returns its bytes, for a part a caller decodes with
    /// `JSONDecoder` (the caseload index's rare per-client feedback).
    mutating func rawValue() throws(Failure) -> Data {
        skipSpace()
        let start = i
        try skipValue()
        return Data(UnsafeBufferPointer(rebasing: bytes[start..<i]))
    }

    /// Skips one value without keeping it; a string's bytes are passed over, not decoded (a
    /// sealed box of the caseload index when only its clear columns are read).
    mutating func skip() throws(Failure) {
        guard peek() == 0x22 else { return try skipValue() }
        try passString()
    }

    /// Passes over a string at the position (after any whitespace) without decoding it: its
    /// bytes up to the closing quote, escapes followed.
    private mutating func passString() throws(Failure) {
        try expect(0x22)
        while i < bytes.count, bytes[i] != 0x22 {
            if bytes[i] == 0x5C { i += 1 }
            i += 1
        }
        guard i < bytes.count else { throw Failure() }
        i += 1
    }

    private mutating func skipValue() throws(Failure) {
        if !strict { return try passValue() }
        switch peek() {
        case 0x7B: try object { s, _ throws(Failure) in try s.skipValue() }
        case 0x5B: try array { s throws(Failure) in try s.skipValue() }
        case 0x22: _ = try string()
        case 0x74, 0x66: _ = try bool()
        case 0x6E: guard literal("null") else { throw Failure() }
        default: _ = try double()
        }
    }

    /// The lenient mode's skip: passes over one value making nothing. Its structure is followed
    /// (brackets, commas, colons, literals, a number's extent), but strings are passed over, not
    /// decoded, numbers not converted, and an object's keys not collected (a repeated key inside
    /// a value nobody reads means nothing). A save reads the caseload index's end line past the
    /// last changed client's whole summary: decoding it cost 0.2 ms at 200 sessions.
    private mutating func passValue() throws(Failure) {
        switch peek() {
        case 0x7B:
            i += 1
            if consume(0x7D) { return }
            repeat {
                try passString()
                try expect(0x3A)
                try passValue()
            } while consume(0x2C)
            try expect(0x7D)
        case 0x5B: try array { s throws(Failure) in try s.passValue() }
        case 0x22: try passString()
        case 0x74, 0x66: _ = try bool()
        case 0x6E: guard literal("null") else { throw Failure() }
        default: _ = try number(exponent: true)
        }
    }

    /// Calls `body` for each element of an array.
    mutating func array(_ body: (inout JSONScanner) throws(Failure) -> Void) throws(Failure) {
        try expect(0x5B)
        if consume(0x5D) { return }
        repeat {
            try body(&self)
        } while consume(0x2C)
        try expect(0x5D)
    }
}
