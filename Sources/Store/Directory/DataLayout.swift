import Foundation
import Instruments

/// Paths inside a data directory. See docs/data-format.md.
public struct DataLayout: Sendable {
    /// The data directory, absolute, without a trailing slash.
    public let root: String

    /// The layout of the data directory at `root` (trailing slashes dropped).
    public init(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    /// `rapport.json`: the clinic's configuration.
    public var config: String { root + "/rapport.json" }
    /// The clinic's own instrument files.
    public var instruments: String { root + "/instruments" }
    /// The directory of all client directories.
    public var clients: String { root + "/clients" }
    /// The caseload index (derived; see docs/data-format.md) and its lock file with its counter.
    public var caseload: String { root + "/caseload" }
    /// The caseload index file (one line per client, then its statistics).
    public var caseloadIndex: String { caseload + "/index.jsonl" }
    /// The lock file of the caseload index, with its change counter.
    public var caseloadIndexLock: String { caseload + "/.lock" }
    /// A client's directory.
    public func client(_ id: ClientID) -> String { clients + "/" + id.rawValue }
    /// A client's `client.json` (``ClientRecord``).
    public func clientFile(_ id: ClientID) -> String { client(id) + "/client.json" }
    /// A client's `summary.json` (``ClientSummary``), derived from the records.
    public func summary(_ id: ClientID) -> String { client(id) + "/summary.json" }
    /// A client's `notes.json` (``EventNote``s).
    public func notes(_ id: ClientID) -> String { client(id) + "/notes.json" }
    /// A client's `acknowledgements.json` (acknowledged risk flags).
    public func acknowledgements(_ id: ClientID) -> String { client(id) + "/acknowledgements.json" }
    /// A client's lock file, with its change counter.
    public func lock(_ id: ClientID) -> String { client(id) + "/.lock" }
    /// A client's record directory (one file per ``AdministrationRecord``).
    public func records(_ id: ClientID) -> String { client(id) + "/records" }
    /// The file of record `recordId` of a client.
    public func record(_ id: ClientID, _ recordId: String) -> String { records(id) + "/" + recordId + ".json" }
    /// A client's draft directory (unfinished batteries).
    public func drafts(_ id: ClientID) -> String { client(id) + "/drafts" }
    /// The draft of one session and rater: `drafts/s0003-client.json`.
    public func draft(_ id: ClientID, session: Int, rater: Rater) -> String {
        drafts(id) + "/" + String(format: "s%04d-%@.json", session, rater.rawValue)
    }

    /// Resolves the data directory: `--data-dir`, else `RAPPORT_DATA_DIR`, else
    /// `${XDG_DATA_HOME:-~/.local/share}/rapport`.
    public static func resolve(explicit: String?, environment: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return absolute(explicit, environment: environment) }
        if let env = environment["RAPPORT_DATA_DIR"], !env.isEmpty { return absolute(env, environment: environment) }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let xdg = environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/share"
        return absolute(xdg, environment: environment) + "/rapport"
    }

    static func absolute(_ path: String, environment: [String: String]) -> String {
        var p = path
        if p == "~" || p.hasPrefix("~/") { p = (environment["HOME"] ?? NSHomeDirectory()) + p.dropFirst() }
        if !p.hasPrefix("/") { p = FileManager.default.currentDirectoryPath + "/" + p }
        return DataLayout(root: p).root
    }
}

/// The parts of a record file name: `s0003-client-wai-sr-r0012`.
public struct RecordName: Equatable, Sendable {
    /// The session number when the record was saved.
    public var session: Int
    /// Who answered.
    public var rater: Rater
    /// The instrument id (may contain `-`).
    public var instrument: String
    /// The record's sequence number, unique within the client.
    public var sequence: Int

    /// The parts of a record name.
    public init(session: Int, rater: Rater, instrument: String, sequence: Int) {
        self.session = session
        self.rater = rater
        self.instrument = instrument
        self.sequence = sequence
    }

    /// The record id: `s0003-client-wai-sr-r00012`.
    public var id: String {
        "s" + RecordName.padded(session, 4) + "-" + rater.rawValue + "-" + instrument + "-r"
            + RecordName.padded(sequence, 5)
    }

    /// `value` in decimal, zero-padded to `width` digits (as `%0*d`: a minus sign counts).
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let zeros = max(0, width - sign.count - digits.count)
        return sign + String(repeating: "0", count: zeros) + digits
    }

    /// Parses a record id (file name without ".json"); nil when it is not one. The id splits at
    /// `-` into `s<session>`, the rater, the instrument (the parts between, joined again by `-`:
    /// instrument ids may hold one) and `r<sequence>`; the numbers are read as `Int(_:)` reads
    /// them. On the bytes: a save parses every record name of its client.
    public init?(id: String) {
        var id = id
        guard let name = id.withUTF8({ RecordName.parse($0) }) else { return nil }
        self = name
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> RecordName? {
        let dash = UInt8(ascii: "-")
        // At least four parts: session, rater, instrument (possibly holding dashes), sequence.
        guard let first = bytes.firstIndex(of: dash), let second = bytes[(first + 1)...].firstIndex(of: dash),
            let last = bytes.lastIndex(of: dash), last > second + 1,
            bytes[0] == UInt8(ascii: "s"), let session = integer(bytes[1..<first]),
            last + 1 < bytes.count, bytes[last + 1] == UInt8(ascii: "r"), let sequence = integer(bytes[(last + 2)...]),
            let rater = Rater(rawValue: String(decoding: bytes[(first + 1)..<second], as: UTF8.self))
        else { return nil }
        let instrument = String(decoding: bytes[(second + 1)..<last], as: UTF8.self)
        return RecordName(session: session, rater: rater, instrument: instrument, sequence: sequence)
    }

    /// A decimal integer as `Int(_:)` reads one: an optional sign, then at least one ASCII digit;
    /// nil on anything else or on overflow.
    private static func integer(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        var i = bytes.startIndex
        var negative = false
        if i < bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < bytes.endIndex else { return nil }
        var value = 0
        while i < bytes.endIndex {
            let digit = bytes[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) =
                negative ? times.subtractingReportingOverflow(Int(digit)) : times.addingReportingOverflow(Int(digit))
            guard !o1, !o2 else { return nil }
            value = next
            i += 1
        }
        return value
    }
}
