import Foundation

/// A client id: 1–32 ASCII letters, digits, '_' or '-'. Checked before anything touches the disk.
public struct ClientID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The id as given.
    public let rawValue: String

    /// Checks `raw` (1–32 letters, digits, `_` or `-`); throws `StoreError.invalidClientID` otherwise.
    public init(_ raw: String) throws(StoreError) {
        guard ClientID.isValid(raw) else { throw .invalidClientID(raw) }
        rawValue = raw
    }

    /// Whether `raw` is a valid client id (1–32 letters, digits, `_` or `-`).
    public static func isValid(_ raw: String) -> Bool {
        let bytes = Array(raw.utf8)
        guard (1...32).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
                || b == 0x2D
        }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard ClientID.isValid(raw) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid client id"))
        }
        rawValue = raw
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The id as given.
    public var description: String { rawValue }
    /// Orders ids by their text.
    public static func < (a: ClientID, b: ClientID) -> Bool { a.rawValue < b.rawValue }
}
