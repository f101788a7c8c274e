import Foundation

/// A minimal pull scanner over JSON bytes, for hot paths where Foundation's decoder is too slow
/// (reading a thousand client summaries when the caseload opens). It is strict: anything it does
/// not expect makes the caller fall back to `JSONDecoder`, which reports errors properly.
struct JSONScanner {
    private let bytes: [UInt8]
    private var i = 0
    /// The keys of the objects being scanned (outer ones first), reused across objects so that a
    /// repeated-key check allocates nothing per object.
    private var keys: [String] = []

    init(_ data: Data) {
        var b = [UInt8](data)
        b.append(0)  // terminator for strtod; never part of the document
        bytes = b
    }

    struct Failure: Error {}

    mutating func skipSpace() {
        while i < bytes.count - 1, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
            i += 1
        }
    }

    mutating func peek() -> UInt8? {
        skipSpace()
        return i < bytes.count - 1 ? bytes[i] : nil
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

    mutating func atEnd() -> Bool { peek() == nil }

    /// `true` or `false`.
    mutating func bool() throws(Failure) -> Bool {
        switch peek() {
        case 0x74 where i + 4 < bytes.count && bytes[i + 1] == 0x72 && bytes[i + 2] == 0x75 && bytes[i + 3] == 0x65:
            i += 4
            return true
        case 0x66
        where i + 5 < bytes.count && bytes[i + 1] == 0x61 && bytes[i + 2] == 0x6C && bytes[i + 3] == 0x73
            && bytes[i + 4] == 0x65:
            i += 5
            return false
        default: throw Failure()
        }
    }

    mutating func string() throws(Failure) -> String {
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
        let raw = bytes[start..<i]
        i += 1
        if !escaped { return String(decoding: raw, as: UTF8.self) }
        // Rare: let Foundation unescape.
        var quoted = [UInt8(0x22)]
        quoted.append(contentsOf: raw)
        quoted.append(0x22)
        guard let s = try? JSONDecoder().decode(String.self, from: Data(quoted)) else { throw Failure() }
        return s
    }

    mutating func double() throws(Failure) -> Double {
        skipSpace()
        guard i < bytes.count - 1 else { throw Failure() }
        let b = bytes[i]
        guard (b >= 0x30 && b <= 0x39) || b == 0x2D else { throw Failure() }
        let start = i
        var consumed = 0
        let value: Double = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .nan }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { chars in
                var end: UnsafeMutablePointer<CChar>?
                let p = UnsafeMutablePointer(mutating: chars + start)
                let v = strtod(p, &end)
                consumed = end.map { $0 - p } ?? 0
                return v
            }
        }
        guard consumed > 0, value.isFinite else { throw Failure() }
        i += consumed
        return value
    }

    mutating func int() throws(Failure) -> Int {
        skipSpace()
        var negative = false
        if i < bytes.count, bytes[i] == 0x2D {
            negative = true
            i += 1
        }
        let start = i
        var v = 0
        while i < bytes.count, bytes[i] >= 0x30, bytes[i] <= 0x39 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(bytes[i] - 0x30))
            if o1 || o2 { throw Failure() }
            v = a
            i += 1
        }
        guard i > start else { throw Failure() }
        if i < bytes.count, bytes[i] == 0x2E || bytes[i] == 0x65 || bytes[i] == 0x45 { throw Failure() }
        return negative ? -v : v
    }

    /// Calls `body` for each key of an object.
    mutating func object(_ body: (inout JSONScanner, String) throws(Failure) -> Void) throws(Failure) {
        try expect(0x7B)
        if consume(0x7D) { return }
        let base = keys.count
        defer { keys.removeSubrange(base...) }
        repeat {
            let key = try string()
            // A repeated key is ambiguous (JSONDecoder keeps a different occurrence than a scan
            // would; found by Scripts/fuzz.sh): refuse it, so callers fall back to JSONDecoder.
            guard !keys[base...].contains(key) else { throw Failure() }
            keys.append(key)
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
        return Data(bytes[start..<i])
    }

    private mutating func skipValue() throws(Failure) {
        switch peek() {
        case 0x7B: try object { s, _ throws(Failure) in try s.skipValue() }
        case 0x5B: try array { s throws(Failure) in try s.skipValue() }
        case 0x22: _ = try string()
        case 0x74, 0x66: _ = try bool()
        case 0x6E:
            guard i + 4 < bytes.count, bytes[i + 1] == 0x75, bytes[i + 2] == 0x6C, bytes[i + 3] == 0x6C else {
                throw Failure()
            }
            i += 4
        default: _ = try double()
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
