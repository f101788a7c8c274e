import Foundation

/// Writes a caseload index line as `StoreCoding.encoder()` does, byte for byte, without
/// JSONEncoder (see `SummaryEncoder`): the line of every save carries the client's summary and
/// the caseload statistics. Nil for what it does not write the encoder's way.
enum CaseloadIndexLineEncoder {
    /// A caseload index line's JSON followed by a newline, or nil. Its `feedback` (discharges,
    /// answers to alerts, baseline choices: few, and with dates) is written by JSONEncoder.
    /// `summaryJSON`, when given, is the line's summary already encoded (``EncodedSummary``).
    static func encode(_ line: CaseloadIndexLine, summaryJSON: ArraySlice<UInt8>? = nil) -> Data? {
        var out = JSONBytes()
        out.bytes.reserveCapacity(2048)
        out.byte(0x7B)
        var first = true
        func key(_ name: StaticString) {
            if !first { out.byte(0x2C) }
            first = false
            out.key(name)
        }
        if let clients = line.clients {
            key("clients")
            out.int(clients)
        }
        if let feedback = line.feedback {
            guard let data = try? StoreCoding.encoder().encode(feedback) else { return nil }
            key("feedback")
            out.bytes.append(contentsOf: data)
        }
        key("gen")
        out.int(line.gen)
        if let stats = line.stats {
            key("stats")
            guard out.stats(stats) else { return nil }
        }
        if let summaryJSON, line.summary != nil {
            key("summary")
            out.bytes.append(contentsOf: summaryJSON)
        } else if let summary = line.summary {
            key("summary")
            guard out.summary(summary) else { return nil }
        }
        key("v")
        out.int(line.v)
        out.byte(0x7D)
        out.byte(0x0A)
        return Data(out.bytes)
    }
}

extension JSONBytes {
    /// `{"series":{name:[n,mean,m2],…}}`.
    mutating func stats(_ stats: CaseloadStats) -> Bool {
        byte(0x7B)
        key("series")
        byte(0x7B)
        guard let names = sortedKeys(stats.series) else { return false }
        for (i, name) in names.enumerated() {
            guard let s = stats.series[name] else { return false }
            if i > 0 { byte(0x2C) }
            guard string(name, asciiOnly: true) else { return false }
            byte(0x3A)
            byte(0x5B)
            int(s.n)
            byte(0x2C)
            guard double(s.mean) else { return false }
            byte(0x2C)
            guard double(s.m2) else { return false }
            byte(0x5D)
        }
        byte(0x7D)
        byte(0x7D)
        return true
    }
}
