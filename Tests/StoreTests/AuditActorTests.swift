import Crypto
import Foundation
import Store
import TestSupport
import Testing

/// Audit lines name the acting account (its id only), and kiosk codes are bound to the account
/// that issued them and to the client's therapist (issue 13).
@Suite struct AuditActorTests: AccountsStoreSuite {
    let fixture: AccountsStoreFixture

    init() throws { fixture = try AccountsStoreFixture() }

    /// An admin, t1 and t2; C1 with t1, C2 with t2.
    func clinic() throws {
        try fixture.createStaff()
        try store.addClient(try ClientID("C1"), therapist: "t1")
        try store.addClient(try ClientID("C2"), therapist: "t2")
    }

    /// The store as `account` sees it after sign-in.
    func signedIn(_ account: String, _ passphrase: String) throws -> (DataStore, SignedIn) {
        let s = try accounts.signIn(id(account), passphrase: passphrase)
        var signed = store
        signed.keyring = s.keyring
        return (signed, s)
    }

    @Test func everyLineNamesTheSignedInAccountAndNeverAnUnknownOne() throws {
        defer { dir.remove() }
        try clinic()
        let (t1Store, _) = try signedIn("t1", "t1 passphrase")
        try t1Store.audit.append(.clientViewed, role: .therapist, client: try ClientID("C1"))
        // An explicit account wins over the log's own.
        try t1Store.audit.append(.exportRun, role: .therapist, account: id("t2"), count: 1)
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("t2"), passphrase: "wrong passphrase") }
        #expect(throws: StoreError.signInFailed) { try accounts.signIn(id("ghost"), passphrase: "ghost passphrase") }
        // Nobody signed in (no keyring): no account.
        try store.audit.append(.fileQuarantined, role: .admin, path: "x")
        let entries = try store.audit.entries()
        let byEvent = entries.map { "\($0.event.rawValue):\($0.account?.rawValue ?? "-")" }
        #expect(
            byEvent == [
                "therapistAdded:admin", "therapistAdded:admin", "therapistAdded:admin", "signIn:t1",
                "clientViewed:t1", "exportRun:t2", "signInFailed:t2", "signInFailed:-", "fileQuarantined:-",
            ])
        let text = try String(contentsOfFile: store.audit.path, encoding: .utf8)
        #expect(!text.contains("ghost") && !text.contains("Dr Lee"))
        // The chain still verifies with the account in the lines (the MAC over it: the next test).
        let verified = try store.audit.verify()
        #expect(verified.problems.isEmpty, "\(verified.problems)")
        #expect(verified.lines == entries.count)
    }

    @Test func anEditedAccountIsNamedByTheMAC() throws {
        defer { dir.remove() }
        let key = SymmetricKey(size: .bits256)
        let log = AuditLog(root: store.layout.root, clock: clock, clinicKey: key, actor: id("t1"))
        for _ in 0..<3 { try log.append(.clientViewed, role: .therapist, client: try ClientID("C1")) }
        #expect(try log.verify().problems.isEmpty)
        var lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.hasPrefix(#"{"account":"t1","#) })
        lines[1] = lines[1].replacingOccurrences(of: #""account":"t1""#, with: #""account":"t2""#)
        try (lines.joined(separator: "\n") + "\n").write(toFile: log.path, atomically: false, encoding: .utf8)
        let problems = try log.verify().problems
        #expect(problems.map(\.line).contains(2), "\(problems)")
    }

    @Test func kioskCodesRecordTheIssuerAndTheTherapistAndNeedASignedInAccount() throws {
        defer { dir.remove() }
        try clinic()
        let (t1Store, t1) = try signedIn("t1", "t1 passphrase")
        var codes = KioskCodes(store: t1Store, rounds: 1_000)
        codes.visibility = t1.visibility
        let (code, _) = try codes.create(for: try ClientID("C1"))
        // The code files (the codes' lock file, `.lock`, aside).
        let files = try FileManager.default.contentsOfDirectory(atPath: codes.directory).filter { !$0.hasPrefix(".") }
        #expect(files.count == 1)
        let file = try StoreCoding.decode(
            KioskCode.self, from: Data(contentsOf: URL(fileURLWithPath: codes.directory + "/" + files[0])), path: "c")
        #expect(file.issuedBy == id("t1"))
        #expect(file.therapist == id("t1"))
        // Another caseload's client: exactly the unknown client.
        #expect(throws: StoreError.noSuchClient("C2")) { try codes.create(for: try ClientID("C2")) }
        #expect(throws: StoreError.noSuchClient("C9")) { try codes.create(for: try ClientID("C9")) }
        // With accounts, nobody signed in issues no code.
        #expect(throws: StoreError.notPermitted("kiosk codes are issued by a signed-in account")) {
            try KioskCodes(store: store, rounds: 1_000).create(for: try ClientID("C1"))
        }
        let entries = try store.audit.entries().filter { $0.event == .kioskCodeIssued }
        #expect(entries.map { $0.account?.rawValue } == ["t1"])
        // Bound to the client's therapist: once C1 is moved to t2 the code opens nothing.
        _ = try store.updateClient(try ClientID("C1")) { $0.therapist = "t2" }
        #expect(try KioskCodes(store: store).redeem(code) == .unknown)
    }

    @Test func aCodeOpensTheBatteryWhileTheClientKeepsItsTherapist() throws {
        defer { dir.remove() }
        try clinic()
        let (t1Store, t1) = try signedIn("t1", "t1 passphrase")
        var codes = KioskCodes(store: t1Store, rounds: 1_000)
        codes.visibility = t1.visibility
        let (code, _) = try codes.create(for: try ClientID("C1"))
        // The kiosk holds public keys only.
        var kiosk = store
        kiosk.keyring = t1.keyring.publicOnly
        #expect(try KioskCodes(store: kiosk).redeem(code) == .accepted(try ClientID("C1")))
        let used = try store.audit.entries().filter { $0.event == .kioskCodeUsed }
        #expect(used.map { $0.account?.rawValue } == ["t1"])
    }
}
