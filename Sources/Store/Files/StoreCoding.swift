import Foundation

/// JSON coding shared by every file of the data directory: sorted keys, two-space indent,
/// ISO 8601 dates in UTC, a `schemaVersion` header checked before the full decode.
public enum StoreCoding {
    /// The JSON encoder of every stored file: ISO 8601 dates, sorted keys; indented when `pretty`.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting =
            pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        e.dateEncodingStrategy = .iso8601
        return e
    }

    /// The JSON decoder matching `encoder(pretty:)`.
    public static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .iso8601
        return d
    }

    /// Encodes a value; an encoding failure is reported as a store error naming the path.
    public static func encode<T: Encodable>(_ value: T, path: String) throws(StoreError) -> Data {
        // A summary (written on every save) by `SummaryEncoder`: the same bytes, without JSONEncoder.
        if let summary = value as? ClientSummary, var fast = SummaryEncoder.encode(summary) {
            fast.append(0x0A)
            return fast
        }
        do {
            var data = try encoder().encode(value)
            data.append(0x0A)
            return data
        } catch {
            throw .invalid("\(path): cannot encode: \(error)")
        }
    }

    /// Decodes a versioned file: an empty file, invalid JSON, a newer schemaVersion or a wrong shape
    /// is a specific error naming the path.
    /// `supported` is the newest schemaVersion accepted (3 only for `rapport.json` of a sealed
    /// directory: sealed files are opened before they are decoded).
    public static func decode<T: Decodable>(
        _ type: T.Type, from data: Data, path: String, supported: Int = currentSchemaVersion
    ) throws(StoreError) -> T {
        switch try decodeVersioned(T.self, from: data, path: path, supported: supported, sealed: nil) {
        case .value(let value): return value
        case .sealedEnvelope: throw .corrupt(path: path, reason: "cannot decode")  // not reached: sealed is nil
        }
    }

    /// What `decodeVersioned` found: the decoded value, or (only when `sealed` is given) a file
    /// whose schemaVersion is `sealed`, which the caller opens as a sealed envelope.
    enum Versioned<T> {
        case value(T)
        case sealedEnvelope
    }

    /// `decode` in one pass of the JSON decoder: the schemaVersion header is checked inside the
    /// decode, before the record's own fields, with the same errors as a separate header decode
    /// (invalid JSON, a top level that is not an object or a schemaVersion that is not an integer:
    /// "not valid JSON"; missing: "no schemaVersion"; newer: `.newerSchema`). When `sealed` is given
    /// and the schemaVersion equals it, nothing more is decoded and `.sealedEnvelope` is returned.
    static func decodeVersioned<T: Decodable>(
        _ type: T.Type, from data: Data, path: String, supported: Int, sealed: Int?
    ) throws(StoreError) -> Versioned<T> {
        if data.isEmpty { throw .corrupt(path: path, reason: "file is empty") }
        // Record files (the bulk of an export) as this version writes them: decoded without
        // JSONDecoder; anything else goes on to JSONDecoder, which decides as before.
        if T.self == AdministrationRecord.self,
            let record = RecordDecoder.decode(data, supported: supported, sealed: sealed) as? T
        {
            return .value(record)
        }
        let d = decoder()
        let options = VersionedFileOptions(supported: supported, sealed: sealed)
        d.userInfo[VersionedFileOptions.key] = options
        do {
            let file = try d.decode(VersionedFile<T>.self, from: data)
            if let value = file.value { return .value(value) }
            return .sealedEnvelope
        } catch let stop as VersionedFileStop {
            switch stop {
            case .notJSON: throw .corrupt(path: path, reason: "not valid JSON (truncated or damaged)")
            case .noVersion: throw .corrupt(path: path, reason: "no schemaVersion")
            case .newer(let version): throw .newerSchema(path: path, version: version, supported: supported)
            case .invalidVersion(let version):
                throw .corrupt(path: path, reason: "schemaVersion \(version) is not valid")
            }
        } catch {
            // Before the header passed, the only errors are the decoder's own for bytes that do not
            // parse as JSON (thrown before `init(from:)` runs); header failures are `Stop`s.
            guard options.headerPassed else {
                throw .corrupt(path: path, reason: "not valid JSON (truncated or damaged)")
            }
            if let error = error as? DecodingError { throw .corrupt(path: path, reason: describe(error)) }
            throw .corrupt(path: path, reason: "cannot decode")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
                .trimmingCharacters(in: CharacterSet(charactersIn: "."))
        }
        switch error {
        case let .keyNotFound(key, c): return "field \(path(c.codingPath + [key])) is missing"
        case let .typeMismatch(_, c): return "field \(path(c.codingPath)) has the wrong type"
        case let .valueNotFound(_, c): return "field \(path(c.codingPath)) is null"
        case let .dataCorrupted(c): return "field \(path(c.codingPath)): \(c.debugDescription)"
        @unknown default: return "cannot decode"
        }
    }
}

/// How `StoreCoding.decodeVersioned` decodes one file (passed in the decoder's `userInfo`), and
/// whether its header passed (set during the decode).
final class VersionedFileOptions: @unchecked Sendable {
    static let key = CodingUserInfoKey(rawValue: "rapport.versionedFile")!
    let supported: Int
    let sealed: Int?
    var headerPassed = false
    init(supported: Int, sealed: Int?) {
        self.supported = supported
        self.sealed = sealed
    }
}

/// Why a versioned decode stopped at the header.
enum VersionedFileStop: Error {
    case notJSON, noVersion, newer(Int), invalidVersion(Int)
}

/// A stored file decoded in one pass: the schemaVersion header first, then (if it passes and is
/// not the sealed version the caller asked about) the value itself from the same parsed JSON.
struct VersionedFile<T: Decodable>: Decodable {
    /// The value; nil when the file is a sealed envelope (schemaVersion equal to `options.sealed`).
    var value: T?

    private enum Keys: String, CodingKey { case schemaVersion }

    init(from decoder: any Decoder) throws {
        guard let options = decoder.userInfo[VersionedFileOptions.key] as? VersionedFileOptions else {
            throw VersionedFileStop.notJSON
        }
        // The same checks, in the same order, as a decode of the header on its own did.
        let version: Int?
        do {
            version = try decoder.container(keyedBy: Keys.self).decodeIfPresent(Int.self, forKey: .schemaVersion)
        } catch {
            throw VersionedFileStop.notJSON
        }
        guard let version else { throw VersionedFileStop.noVersion }
        if let sealed = options.sealed, version == sealed {
            options.headerPassed = true
            value = nil
            return
        }
        if version > options.supported { throw VersionedFileStop.newer(version) }
        if version < 1 { throw VersionedFileStop.invalidVersion(version) }
        options.headerPassed = true
        value = try decoder.singleValueContainer().decode(T.self)
    }
}

/// The time source (a seam: tests use a fixed clock).
public protocol WallClock: Sendable {
    func now() -> Date
}

/// The system clock, truncated to whole seconds so stored dates round-trip exactly.
public struct SystemClock: WallClock {
    /// The system clock.
    public init() {}
    /// Now, rounded down to the whole second (what files store).
    public func now() -> Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}

/// A clock that returns a set time (tests, demo data).
public final class FixedClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    /// A clock stopped at `date`.
    public init(_ date: Date) { current = date }
    /// The time it is set to.
    public func now() -> Date { lock.withLock { current } }
    /// Moves the clock forward.
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
    /// Sets the clock to `date`.
    public func set(_ date: Date) { lock.withLock { current = date } }
}
