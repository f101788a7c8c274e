import Foundation

/// A salted password hash (never the passphrase itself).
public struct PassphraseHash: Codable, Sendable, Equatable {
    /// "pbkdf2-sha256" or "scrypt".
    public var algorithm: String
    /// The random salt, base64.
    public var salt: String
    /// The derived hash, base64.
    public var hash: String
    /// Iterations (PBKDF2) or cost N (scrypt).
    public var cost: Int
    /// A stored hash made by `Passphrase.hash`.
    public init(algorithm: String, salt: String, hash: String, cost: Int) {
        self.algorithm = algorithm
        self.salt = salt
        self.hash = hash
        self.cost = cost
    }
}

/// Clinic-wide settings, in `<data-dir>/rapport.json`.
public struct ClinicConfig: Codable, Sendable, Equatable {
    /// The schema version the file was written with.
    public var schemaVersion: Int
    /// When the data directory was initialised.
    public var createdAt: Date
    /// The therapist passphrase that unlocks review and leaves kiosk mode.
    public var passphrase: PassphraseHash?
    /// Idle seconds before a questionnaire screen is wiped (default 300).
    public var idleSeconds: Int?
    /// Whether clients see their own scores at the end of a battery (default false).
    public var showScoresToClient: Bool?
    /// True for a directory made by `rapport demo`.
    public var demo: Bool?

    /// Settings of a new data directory.
    public init(createdAt: Date, passphrase: PassphraseHash? = nil, demo: Bool? = nil) {
        schemaVersion = currentSchemaVersion
        self.createdAt = createdAt
        self.passphrase = passphrase
        self.demo = demo
    }
}
