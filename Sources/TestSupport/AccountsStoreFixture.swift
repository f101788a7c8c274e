import Foundation
import Store

/// A fresh data directory on a fixed clock at the reference date with the accounts API over it
/// (new keys at the tiny test scrypt cost): the setting of the store's account and audit tests.
public struct AccountsStoreFixture: Sendable {
    public let dir: TemporaryDirectory
    public let clock: FixedClock
    public let store: DataStore
    public let accounts: Accounts

    public init() throws {
        dir = try TemporaryDirectory()
        clock = FixedClock(Fixtures.referenceDate)
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
        accounts = Accounts(store: store, cost: .testing)
    }

    /// A test's literal account id (always valid).
    public func id(_ s: String) -> AccountID { try! AccountID(s) }

    /// The admin ("Ada Admin", passphrase "admin pass 1") and the therapists t1 ("Dr Lee",
    /// "t1 passphrase") and t2 ("Dr Kim", "t2 passphrase"). Returns the admin signed in and the
    /// recovery key.
    @discardableResult
    public func createStaff() throws -> (admin: SignedIn, recovery: RecoveryKey) {
        let (admin, recovery) = try accounts.createAdmin(id: id("admin"), name: "Ada Admin", passphrase: "admin pass 1")
        try accounts.add(id: id("t1"), name: "Dr Lee", role: .therapist, passphrase: "t1 passphrase", by: admin)
        try accounts.add(id: id("t2"), name: "Dr Kim", role: .therapist, passphrase: "t2 passphrase", by: admin)
        return (admin, recovery)
    }
}

/// A test suite on an `AccountsStoreFixture`, with its parts under their short names.
public protocol AccountsStoreSuite {
    var fixture: AccountsStoreFixture { get }
}

extension AccountsStoreSuite {
    public var dir: TemporaryDirectory { fixture.dir }
    public var clock: FixedClock { fixture.clock }
    public var store: DataStore { fixture.store }
    public var accounts: Accounts { fixture.accounts }
    public func id(_ s: String) -> AccountID { fixture.id(s) }
}
