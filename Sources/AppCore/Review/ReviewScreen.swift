import Foundation
import Store

/// Which review screen is on top.
public enum ReviewScreen: Sendable, Equatable {
    /// The therapist passphrase prompt.
    case locked(TextEntry)
    /// Waiting for data (the text says what).
    case loading(String)
    /// The caseload list.
    case caseload
    /// One client's dashboard.
    case dashboard
    /// One session's item answers.
    case session
}
