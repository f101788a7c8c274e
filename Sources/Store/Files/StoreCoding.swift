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
        if data.isEmpty { throw .corrupt(path: path, reason: "file is empty") }
        let header: SchemaHeader
        do {
            header = try decoder().decode(SchemaHeader.self, from: data)
        } catch {
            throw .corrupt(path: path, reason: "not valid JSON (truncated or damaged)")
        }
        guard let version = header.schemaVersion else {
            throw .corrupt(path: path, reason: "no schemaVersion")
        }
        if version > supported {
            throw .newerSchema(path: path, version: version, supported: supported)
        }
        if version < 1 { throw .corrupt(path: path, reason: "schemaVersion \(version) is not valid") }
        do {
            return try decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw .corrupt(path: path, reason: describe(error))
        } catch {
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

/// The first field of every stored file, decoded before the rest.
struct SchemaHeader: Decodable { var schemaVersion: Int? }

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
