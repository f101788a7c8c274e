import Foundation

/// What the review lock, the kiosk's exit and the home menu check a typed passphrase against: the
/// signed-in account's passphrase (a directory with accounts) or the single clinic passphrase of
/// a directory not migrated yet.
public protocol PassphraseChecking: Sendable {
    /// Whether `typed` is the passphrase.
    func matches(_ typed: String) -> Bool
}

extension PassphraseHash: PassphraseChecking {
    /// The clinic passphrase of a directory without accounts.
    public func matches(_ typed: String) -> Bool { Passphrase.verify(typed, against: self) }
}

/// The passphrase of one account (it unwraps the account's key).
public struct AccountPassphrase: PassphraseChecking {
    public let accounts: Accounts
    public let id: AccountID

    public init(accounts: Accounts, id: AccountID) {
        self.accounts = accounts
        self.id = id
    }

    public func matches(_ typed: String) -> Bool { accounts.verify(id, passphrase: typed) }
}
