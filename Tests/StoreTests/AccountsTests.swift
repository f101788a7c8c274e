import Crypto
import Foundation
import Store
import TestSupport
import Testing

/// Accounts, keys, sign-in with back-off, visibility and key re-issue (docs/accounts.md).
@Suite struct AccountsTests: AccountsStoreSuite {
    let fixture: AccountsStoreFixture

    init() throws { fixture = try AccountsStoreFixture() }

    /// An admin, two therapists (t1, t2) and a supervisor of t1; returns the admin signed in.
    func clinic() throws -> (admin: SignedIn, recovery: RecoveryKey) {
        let (admin, recovery) = try fixture.createStaff()
        try accounts.add(
            id: id("sup"), name: "Dr Sup", role: .supervisor, supervises: [id("t1")], passphrase: "sup passphrase",
            by: admin)
        return (admin, recovery)
    }

    @Test func signInUnwrapsExactlyTheCaseloadKeysOfTheRole() throws {
        defer { dir.remove() }
        _ = try clinic()
        #expect(accounts.exist)
        #expect(try accounts.list().map(\.id.rawValue) == ["admin", "sup", "t1", "t2"])
        let t1 = try accounts.signIn(id("t1"), passphrase: "t1 passphrase")
        let (t1ID, supID) = (id("t1"), id("sup"))
        #expect(Set(t1.keyring.privateKeys.keys) == [t1ID])
        #expect(t1.keyring.publicKeys.count == 4)
        #expect(t1.keyring.clinicKey != nil)
        let sup = try accounts.signIn(id("sup"), passphrase: "sup passphrase")
        #expect(Set(sup.keyring.privateKeys.keys) == [supID, t1ID])
        let admin = try accounts.signIn(id("admin"), passphrase: "admin pass 1")
        #expect(admin.keyring.privateKeys.count == 4)
        #expect(admin.visibility == .everyone)
        #expect(t1.visibility == .therapists(["t1"]))
        #expect(accounts.displayName(of: id("t1"), clinicKey: t1.keyring.clinicKey) == "Dr Lee")
        #expect(accounts.displayName(of: id("t1"), clinicKey: SymmetricKey(size: .bits256)) == nil)
        // What a supervisor opens really is t1's caseload key: a payload sealed to it opens.
        let sealed = try Sealing.seal(
            Data("x".utf8), to: #require(t1.keyring.caseloadPublicKey(of: id("t1"))), info: "i")
        let key = try #require(sup.keyring.caseloadPrivateKey(of: id("t1")))
        #expect(try Sealing.open(sealed, with: key, info: "i", path: "p") == Data("x".utf8))
    }

    @Test func noNameOrPassphraseIsStoredInTheClear() throws {
        defer { dir.remove() }
        _ = try clinic()
        for name in try FileManager.default.subpathsOfDirectory(atPath: store.layout.root) {
            guard let data = FileManager.default.contents(atPath: store.layout.root + "/" + name) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for secret in ["Dr Lee", "Dr Kim", "Ada Admin", "t1 passphrase", "admin pass 1"] {
                #expect(!text.contains(secret), "\(name) holds \(secret)")
            }
        }
    }

    @Test func unknownDisabledAndWrongAreTheSameFailure() throws {
        defer { dir.remove() }
        let (admin, _) = try clinic()
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("t2"), passphrase: "not it at all") }
        clock.advance(by: 600)
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("nobody"), passphrase: "t2 passphrase") }
        try accounts.disable(id("t2"), by: admin)
        clock.advance(by: 600)
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("t2"), passphrase: "t2 passphrase") }
        #expect(try accounts.account(id("t2")).disabled)
        // Its copies of the keys are gone; its caseload stays with the admin.
        let again = try accounts.signIn(id("admin"), passphrase: "admin pass 1")
        let t2Again = id("t2")
        #expect(again.keyring.caseloadPrivateKey(of: t2Again) != nil)
        let failed = try store.audit.entries().filter { $0.event == .signInFailed }
        #expect(failed.count == 3)
    }

    @Test func failedSignInsBackOffAcrossInstancesAndDoubleUpToACap() throws {
        defer { dir.remove() }
        _ = try clinic()
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("t1"), passphrase: "wrong one 1") }
        // Another process (another Accounts value on the same directory) sees the back-off.
        let other = Accounts(store: DataStore(root: store.layout.root, clock: clock), cost: .testing)
        #expect(try other.secondsToWait(id("t1")) == 1)
        #expect(throws: StoreError.notPermitted("too many failed sign-ins; wait 1 second")) {
            try other.signIn(id("t1"), passphrase: "t1 passphrase")
        }
        clock.advance(by: 1)
        #expect(throws: StoreError.signInFailed) { try other.signIn(id("t1"), passphrase: "wrong one 2") }
        #expect(try accounts.secondsToWait(id("t1")) == 2)
        clock.advance(by: 2)
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("t1"), passphrase: "wrong one 3") }
        #expect(try accounts.secondsToWait(id("t1")) == 4)
        // Another account is not held back.
        #expect(try accounts.secondsToWait(id("t2")) == 0)
        clock.advance(by: 4)
        _ = try accounts.signIn(id("t1"), passphrase: "t1 passphrase")
        #expect(try accounts.secondsToWait(id("t1")) == 0)
        #expect(Accounts.backoff(afterFailures: 1) == 1)
        #expect(Accounts.backoff(afterFailures: 5) == 16)
        #expect(Accounts.backoff(afterFailures: 30) == Accounts.maximumBackoffSeconds)
        // An unknown id backs off exactly like a known one.
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("ghost"), passphrase: "whatever it is") }
        #expect(try accounts.secondsToWait(id("ghost")) == 1)
    }

    @Test func passphraseChangeNeedsTheOldOne() throws {
        defer { dir.remove() }
        _ = try clinic()
        #expect(throws: StoreError.signInFailed) {
            try accounts.changePassphrase(id("t1"), old: "not the old one", new: "brand new phrase")
        }
        clock.advance(by: 10)
        try accounts.changePassphrase(id("t1"), old: "t1 passphrase", new: "brand new phrase")
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("t1"), passphrase: "t1 passphrase") }
        clock.advance(by: 10)
        #expect(try accounts.signIn(id("t1"), passphrase: "brand new phrase").keyring.privateKeys.count == 1)
        #expect(throws: StoreError.invalid("the passphrase must have at least 8 characters")) {
            try accounts.changePassphrase(id("t1"), old: "brand new phrase", new: "short")
        }
    }

    @Test func reissueWithTheRecoveryKeyGivesANewKeyThatOpensTheSameCaseloads() throws {
        defer { dir.remove() }
        let (_, recovery) = try clinic()
        let before = try accounts.signIn(id("sup"), passphrase: "sup passphrase")
        #expect(throws: StoreError.notPermitted("that is not this data directory's recovery key")) {
            try accounts.reissue(id("sup"), recovery: RecoveryKey(), newPassphrase: "a new sup phrase")
        }
        let typed = try RecoveryKey(text: recovery.text.uppercased())
        try accounts.reissue(id("sup"), recovery: typed, newPassphrase: "a new sup phrase")
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("sup"), passphrase: "sup passphrase") }
        clock.advance(by: 10)
        let after = try accounts.signIn(id("sup"), passphrase: "a new sup phrase")
        #expect(Set(after.keyring.privateKeys.keys) == Set(before.keyring.privateKeys.keys))
        #expect(after.keyring.clinicKey == before.keyring.clinicKey)
        #expect(try store.audit.entries().contains { $0.event == .keyReissued })
    }

    @Test func recoveryKeyTextRoundTripsAndCatchesATypo() throws {
        let key = RecoveryKey()
        let text = key.text
        #expect(text.split(separator: "-").count == 17)
        #expect(try RecoveryKey(text: " " + text + "\n").key.rawRepresentation == key.key.rawRepresentation)
        var chars = Array(text)
        chars[0] = chars[0] == "0" ? "1" : "0"
        #expect(throws: StoreError.invalid("the recovery key's check digits do not match: a group was mistyped")) {
            try RecoveryKey(text: String(chars))
        }
        #expect(throws: StoreError.self) { try RecoveryKey(text: "abcd") }
    }

    @Test func onlyAnAdminAddsAccountsAndTheFirstAdminOnlyOnce() throws {
        defer { dir.remove() }
        _ = try clinic()
        let t1 = try accounts.signIn(id("t1"), passphrase: "t1 passphrase")
        #expect(throws: StoreError.notPermitted("only an admin manages accounts")) {
            try accounts.add(id: id("x"), name: "X", role: .therapist, passphrase: "x passphrase", by: t1)
        }
        #expect(throws: StoreError.conflict("this data directory has accounts already")) {
            try accounts.createAdmin(id: id("admin2"), name: "B", passphrase: "admin pass 2")
        }
        // A second admin added later holds every caseload key.
        let admin = try accounts.signIn(id("admin"), passphrase: "admin pass 1")
        try accounts.add(id: id("boss"), name: "Boss", role: .admin, passphrase: "boss passphrase", by: admin)
        #expect(try accounts.signIn(id("boss"), passphrase: "boss passphrase").keyring.privateKeys.count == 5)
        // And a therapist added after that is sealed to both admins.
        let boss = try accounts.signIn(id("boss"), passphrase: "boss passphrase")
        try accounts.add(id: id("t3"), name: "T3", role: .therapist, passphrase: "t3 passphrase", by: boss)
        #expect(try accounts.signIn(id("admin"), passphrase: "admin pass 1").keyring.privateKeys[id("t3")] != nil)
    }

    @Test func visibilityHidesAClientExactlyLikeAnUnknownOne() throws {
        defer { dir.remove() }
        _ = try clinic()
        try store.addClient(ClientID("C1"), therapist: "t1")
        try store.addClient(ClientID("C2"), therapist: "t2")
        try store.addClient(ClientID("C3"))
        let t1 = try accounts.signIn(id("t1"), passphrase: "t1 passphrase")
        let sup = try accounts.signIn(id("sup"), passphrase: "sup passphrase")
        let all = try store.clientIDs().ids
        #expect(t1.visibility.filter(all, in: store).map(\.rawValue) == ["C1"])
        #expect(sup.visibility.filter(all, in: store).map(\.rawValue) == ["C1"])
        #expect(Visibility.everyone.filter(all, in: store).count == 3)
        var hidden: StoreError?
        var unknown: StoreError?
        do { try t1.visibility.require(ClientID("C2"), in: store) } catch { hidden = error }
        do { try t1.visibility.require(ClientID("C9"), in: store) } catch { unknown = error }
        #expect(hidden == .noSuchClient("C2"))
        #expect(unknown == .noSuchClient("C9"))
        #expect(try t1.visibility.require(ClientID("C1"), in: store).therapist == "t1")
    }
}
