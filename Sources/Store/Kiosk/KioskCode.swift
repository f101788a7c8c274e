import Foundation

/// One stored kiosk code: which client it opens, until when, and the salted hash of the digits
/// (the digits themselves are never stored).
public struct KioskCode: Codable, Sendable, Equatable {
    /// The schema version the file was written with.
    public var schemaVersion: Int
    /// File name without ".json"; random, says nothing about the code.
    public var id: String
    /// The client the code opens the questionnaires of.
    public var clientId: ClientID
    /// "pbkdf2-sha256".
    public var algorithm: String
    /// The random salt, base64.
    public var salt: String
    /// The derived hash of the digits, base64.
    public var hash: String
    /// The PBKDF2 iteration count.
    public var rounds: Int
    /// When the code was issued.
    public var createdAt: Date
    /// After this moment the code is refused.
    public var expiresAt: Date
    /// The code asks today's questionnaires again even when they are already answered (the new
    /// answers supersede the earlier ones). Absent in older files: false.
    public var again: Bool?
    /// In a directory with accounts: the signed-in account that issued the code (an id, never a
    /// name). Absent in older files and in directories without accounts.
    public var issuedBy: AccountID?
    /// In a directory with accounts: the client's therapist when the code was issued. The code
    /// opens the battery only while the client still has this therapist (a client moved with
    /// `client assign` meanwhile: the code is refused like an unknown one).
    public var therapist: AccountID?

    /// A stored code; `hash` is derived from the digits by the caller (see `KioskCodes`).
    public init(
        id: String, clientId: ClientID, algorithm: String, salt: String, hash: String, rounds: Int, createdAt: Date,
        expiresAt: Date, again: Bool? = nil, issuedBy: AccountID? = nil, therapist: AccountID? = nil
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
        self.issuedBy = issuedBy
        self.therapist = therapist
    }
}
