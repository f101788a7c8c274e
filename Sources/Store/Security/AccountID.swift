import Foundation

/// An account id (a therapist, supervisor or admin): 1–32 ASCII letters, digits, '_' or '-'.
///
/// Account ids stay readable on disk (they name files and say whose caseload a client is in);
/// display names never do.
public struct AccountID: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The id as given.
    public let rawValue: String

    /// Checks `raw` with the client id's rule; throws `StoreError.invalid` otherwise.
    public init(_ raw: String) throws(StoreError) {
        guard ClientID.isValid(raw) else {
            throw .invalid(
                "invalid account id '\(StoreError.printable(raw))': use 1–32 letters, digits, '_' or '-'")
        }
        rawValue = raw
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard ClientID.isValid(raw) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "invalid account id"))
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
    public static func < (a: AccountID, b: AccountID) -> Bool { a.rawValue < b.rawValue }
}
