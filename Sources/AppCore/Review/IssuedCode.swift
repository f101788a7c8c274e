import Foundation
import Store

/// A kiosk code issued from the dashboard, shown to the therapist.
public struct IssuedCode: Sendable, Equatable {
    /// The client it opens.
    public var client: ClientID
    /// The six digits.
    public var code: String
    /// When it stops working.
    public var expiresAt: Date

    /// Creates an issued code.
    public init(client: ClientID, code: String, expiresAt: Date) {
        self.client = client
        self.code = code
        self.expiresAt = expiresAt
    }
}
