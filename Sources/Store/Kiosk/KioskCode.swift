import Foundation

/// One stored kiosk code: which client it opens, until when, and the salted hash of the digits
/// (the digits themselves are never stored).
public struct KioskCode: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    /// File name without ".json"; random, says nothing about the code.
    public var id: String
    public var clientId: ClientID
    /// "pbkdf2-sha256".
    public var algorithm: String
    public var salt: String
    public var hash: String
    public var rounds: Int
    public var createdAt: Date
    public var expiresAt: Date
    /// The code asks today's questionnaires again even when they are already answered (the new
    /// answers supersede the earlier ones). Absent in older files: false.
    public var again: Bool?

    public init(
        id: String, clientId: ClientID, algorithm: String, salt: String, hash: String, rounds: Int, createdAt: Date,
        expiresAt: Date, again: Bool? = nil
    ) {
        schemaVersion = currentSchemaVersion
        self.id = id
        self.clientId = clientId
        self.algorithm = algorithm
        self.salt = salt
        self.hash = hash
        self.rounds = rounds
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.again = again
    }
}
