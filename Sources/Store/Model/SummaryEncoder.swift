import Foundation

/// Writes a `summary.json` without Foundation's JSONEncoder, byte for byte as
/// `StoreCoding.encoder()` writes it (sorted keys, no escaped slashes, a `Double` as its shortest
/// round-trip text without a trailing `.0`), so that a save does not spend its CPU in the encoder
/// (`SummaryEncoderTests` and the fuzz target compare the two; `CaseloadIndexLineEncoder` writes
/// the index line the same way). Returns nil for anything it does not write the encoder's way —
/// notes (they carry dates), a string that needs escaping, a non-ASCII series key, a number that
/// is not finite — and the callers then use JSONEncoder.
enum SummaryEncoder {
    /// The summary's JSON (without the final newline), or nil.
    static func encode(_ summary: ClientSummary) -> Data? {
        var out = JSONBytes()
        guard out.summary(summary) else { return nil }
        return Data(out.bytes)
    }
}

/// A summary encoded once for the two places a save writes it: `summary.json` (`file`) and the
/// caseload index line (`indexed`: the same bytes with generation 0, as `CaseloadIndex.indexed`
/// makes it — a summary without notes differs in nothing else). Encoding the summary twice was a
/// tenth of a save's time at 200 sessions.
struct EncodedSummary {
    /// The summary's JSON.
    private let bytes: [UInt8]
    /// Where its generation's digits are.
    private let generation: Range<Int>

    /// Nil when `SummaryEncoder` does not write this summary (notes, strings needing escapes…).
    init?(_ summary: ClientSummary) {
        var out = JSONBytes()
        guard out.summary(summary), let generation = out.generationDigits else { return nil }
        bytes = out.bytes
        self.generation = generation
    }

    /// The bytes of `summary.json`, as `StoreCoding.encode` writes them (with the newline).
    var file: Data {
        var data = Data(bytes)
        data.append(0x0A)
        return data
    }

    /// The summary's JSON with generation 0 (without a newline): the index line's summary.
    var indexed: ArraySlice<UInt8> {
        var out = bytes[..<generation.lowerBound]
        out.append(0x30)
        out.append(contentsOf: bytes[generation.upperBound...])
        return out
    }
}

/// The byte buffer `SummaryEncoder` and `CaseloadIndexLineEncoder` write into; each writer
/// returns false when the value must go to JSONEncoder instead.
struct JSONBytes {
    var bytes: [UInt8] = []
    /// Where the last summary written put its generation's digits.
    private(set) var generationDigits: Range<Int>?

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// `"name":` for a key known to need no escaping.
    mutating func key(_ name: StaticString) {
        byte(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        byte(0x22)
        byte(0x3A)
    }

    mutating func int(_ n: Int) { bytes.append(contentsOf: String(n).utf8) }

    /// JSONEncoder's text of a finite Double: Swift's shortest round-trip description, without a
    /// trailing ".0" (1.0 → 1, 1e-07, 1e+22 as Swift writes them).
    mutating func double(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        let text = x.description.utf8
        if text.count > 2, text.last == 0x30, text.dropLast().last == 0x2E {
            bytes.append(contentsOf: text.dropLast(2))
        } else {
            bytes.append(contentsOf: text)
        }
        return true
    }

    /// A string written as is: refused when it holds `"`, `\` or a control character (JSONEncoder
    /// escapes those), or (for keys, which are sorted) any non-ASCII byte.
    mutating func string(_ s: String, asciiOnly: Bool = false) -> Bool {
        byte(0x22)
        for b in s.utf8 {
            if b < 0x20 || b == 0x22 || b == 0x5C || (asciiOnly && b >= 0x80) { return false }
            bytes.append(b)
        }
        byte(0x22)
        return true
    }

    mutating func bool(_ b: Bool) { bytes.append(contentsOf: b ? Array("true".utf8) : Array("false".utf8)) }

    /// A `ClientSummary`, keys in JSONEncoder's sorted order.
    mutating func summary(_ s: ClientSummary) -> Bool {
        guard s.notes.isEmpty else { return false }
        byte(0x7B)
        key("clientId")
        guard string(s.clientId.rawValue) else { return false }
        byte(0x2C)
        if let derivation = s.derivation {
            key("derivation")
            int(derivation)
            byte(0x2C)
        }
        key("generation")
        let digits = bytes.count
        int(s.generation)
        generationDigits = digits..<bytes.count
        byte(0x2C)
        key("notes")
        byte(0x5B)
        byte(0x5D)
        byte(0x2C)
        key("recordCount")
        int(s.recordCount)
        byte(0x2C)
        key("risk")
        byte(0x5B)
        for (i, flag) in s.risk.enumerated() {
            if i > 0 { byte(0x2C) }
            guard risk(flag) else { return false }
        }
        byte(0x5D)
        byte(0x2C)
        key("schemaVersion")
        int(s.schemaVersion)
        byte(0x2C)
        key("series")
        byte(0x7B)
        guard let names = sortedKeys(s.series) else { return false }
        for (i, name) in names.enumerated() {
            if i > 0 { byte(0x2C) }
            guard string(name, asciiOnly: true) else { return false }
            byte(0x3A)
            byte(0x5B)
            for (j, point) in (s.series[name] ?? []).enumerated() {
                if j > 0 { byte(0x2C) }
                byte(0x5B)
                int(point.session)
                byte(0x2C)
                guard double(point.value) else { return false }
                byte(0x5D)
            }
            byte(0x5D)
        }
        byte(0x7D)
        byte(0x2C)
        key("sessions")
        byte(0x5B)
        for (i, session) in s.sessions.enumerated() {
            if i > 0 { byte(0x2C) }
            byte(0x7B)
            key("date")
            guard string(session.date.rawValue) else { return false }
            byte(0x2C)
            key("session")
            int(session.session)
            byte(0x7D)
        }
        byte(0x5D)
        byte(0x7D)
        return true
    }

    /// A risk flag: `acknowledged`, `corrected` and `unanswered` only when true (as
    /// `RiskFlag.encode(to:)`).
    mutating func risk(_ flag: RiskFlag) -> Bool {
        byte(0x7B)
        if flag.acknowledged {
            key("acknowledged")
            bool(true)
            byte(0x2C)
        }
        if flag.corrected {
            key("corrected")
            bool(true)
            byte(0x2C)
        }
        key("instrument")
        guard string(flag.instrument) else { return false }
        byte(0x2C)
        key("item")
        int(flag.item)
        byte(0x2C)
        key("recordId")
        guard string(flag.recordId) else { return false }
        byte(0x2C)
        key("session")
        int(flag.session)
        if flag.unanswered {
            byte(0x2C)
            key("unanswered")
            bool(true)
        }
        byte(0x7D)
        return true
    }

    /// Dictionary keys in JSONEncoder's order (by code point, which for the ASCII keys written
    /// here is byte order); nil when a key is not ASCII.
    func sortedKeys<V>(_ dict: [String: V]) -> [String]? {
        var keys: [String] = []
        keys.reserveCapacity(dict.count)
        for k in dict.keys {
            guard k.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
            keys.append(k)
        }
        keys.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return keys
    }
}
