import Foundation
import Store
import TestSupport
import Testing

/// Accounts from the command line: init --admin, therapist add/list/passphrase/disable/reissue,
/// and need-to-know access in every command that reads clinical data (docs/accounts.md).
@Suite struct AccountsCLITests {
    let fixture: AccountsCLIFixture
    var dir: TemporaryDirectory { fixture.dir }

    init() throws { fixture = try AccountsCLIFixture() }

    func run(_ args: [String], stdin: String? = nil) throws -> CommandResult { try fixture.run(args, stdin: stdin) }

    func run(as account: String, _ args: [String], more: String = "") throws -> CommandResult {
        try fixture.run(as: account, args, more: more)
    }

    /// An admin, t1 and t2, a supervisor of t1; C1 and C3 with t1, C2 with t2, each with records.
    func setUp() throws {
        let made = try fixture.createStaff(initArguments: ["--recovery-key-file", dir.appending("recovery.txt")])
        #expect(made.stdout.contains("Created admin account admin."))
        for (client, therapist) in [("C1", "t1"), ("C2", "t2")] {
            let r = try run(as: "admin", ["client", "add", client, "--therapist", therapist])
            try #require(r.status == 0, "\(r.stderr)")
        }
        // A therapist adds to its own caseload without --therapist.
        let own = try run(as: "t1", ["client", "add", "C3"])
        try #require(own.status == 0, "\(own.stderr)")
        // Signed in, as every command that writes a client's data.
        for (client, date) in [("C1", "2026-11-03"), ("C2", "2026-11-04"), ("C3", "2026-11-05")] {
            try fixture.recordPHQ9(client, answers: "1,1,1,1,1,1,1,1,0", date: date)
        }
    }

    /// The client ids in a text.
    func clients(_ text: String) -> Set<String> {
        Set(["C1", "C2", "C3"].filter { text.contains($0) })
    }

    @Test func eachAccountSeesExactlyItsCaseloadInEveryCommand() throws {
        defer { dir.remove() }
        try setUp()
        let expected: [String: Set<String>] = [
            "admin": ["C1", "C2", "C3"], "t1": ["C1", "C3"], "t2": ["C2"], "sup": ["C1", "C3"],
        ]
        for (account, visible) in expected {
            let list = try run(as: account, ["client", "list", "--json"])
            #expect(list.status == 0, "\(list.stderr)")
            #expect(clients(list.stdout) == visible, "client list as \(account)")
            let export = try run(as: account, ["export", "--format", "csv"])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(clients(export.stdout) == visible, "export as \(account)")
            let json = try run(as: account, ["export", "--format", "json"])
            #expect(clients(json.stdout) == visible, "export json as \(account)")
            let analyze = try run(as: account, ["analyze", "--json", "--resamples", "0"])
            #expect(analyze.status == 0, "\(analyze.stderr)")
            #expect(clients(analyze.stdout) == visible, "analyze as \(account)")
            for client in ["C1", "C2", "C3"] {
                let chart = try run(as: account, ["chart", "--client", client, "--instrument", "phq-9"])
                #expect((chart.status == 0) == visible.contains(client), "chart \(client) as \(account)")
                let report = try run(as: account, ["report", "--client", client])
                #expect((report.status == 0) == visible.contains(client), "report \(client) as \(account)")
                let notes = try run(as: account, ["client", "notes", client])
                #expect((notes.status == 0) == visible.contains(client), "notes \(client) as \(account)")
            }
        }
    }

    @Test func aHiddenClientReadsExactlyLikeAnUnknownOne() throws {
        defer { dir.remove() }
        try setUp()
        for args in [
            ["chart", "--client", "%@", "--instrument", "phq-9"], ["report", "--client", "%@"],
            ["export", "--format", "csv", "--client", "%@"], ["client", "notes", "%@"],
            ["note", "add", "%@", "--text", "seen"], ["analyze", "--client", "%@"],
        ] {
            let hidden = try run(as: "t2", args.map { $0 == "%@" ? "C1" : $0 })
            let unknown = try run(as: "t2", args.map { $0 == "%@" ? "C9" : $0 })
            #expect(hidden.status == unknown.status, "\(args)")
            #expect(hidden.status == 66, "\(args): \(hidden.stderr)")
            #expect(
                hidden.stderr == unknown.stderr.replacingOccurrences(of: "C9", with: "C1"), "\(args)")
            #expect(hidden.stdout == unknown.stdout)
        }
    }

    @Test func signInFailuresAreOneMessageAndBackOff() throws {
        defer { dir.remove() }
        try setUp()
        let wrong = try run(["client", "list", "--as", "t1", "--passphrase-stdin"], stdin: "not the passphrase\n")
        let unknown = try run(["client", "list", "--as", "nobody", "--passphrase-stdin"], stdin: "t1 passphrase\n")
        #expect(wrong.status == 77)
        #expect(wrong.stderr == "rapport: sign-in failed: unknown account or wrong passphrase\n")
        #expect(unknown.stderr == wrong.stderr && unknown.status == 77)
        // The failure is counted on disk, for every process.
        let accounts = Accounts(store: DataStore(root: dir.appending("data")))
        let failures = try String(contentsOfFile: dir.appending("data/accounts/.failures.json"), encoding: .utf8)
        #expect(failures.contains("\"t1\":{\"count\":1,"))
        #expect(failures.contains("\"nobody\":{\"count\":1,"))
        #expect(try accounts.secondsToWait(AccountID("t1"))! <= 1)
        // After 8 failures in a row the next try waits 128 s, even with the right passphrase.
        let now = ISO8601DateFormatter().string(from: Date())
        try Data(#"{"schemaVersion":2,"failures":{"t1":{"count":8,"last":"\#(now)"}}}"#.utf8).write(
            to: URL(fileURLWithPath: dir.appending("data/accounts/.failures.json")))
        let soon = try run(as: "t1", ["client", "list"])
        #expect(soon.status == 77)
        #expect(soon.stderr.hasPrefix("rapport: not permitted: too many failed sign-ins; wait "))
        let noAccount = try run(["client", "list"])
        #expect(noAccount.status == 64)
        #expect(noAccount.stderr == "rapport: this data directory has accounts: sign in with --as ID\n")
        let audit = try String(contentsOfFile: dir.appending("data/audit.log"), encoding: .utf8)
        #expect(audit.contains("\"event\":\"signInFailed\""))
        #expect(audit.contains("\"event\":\"therapistAdded\""))
        #expect(!audit.contains("t1 passphrase") && !audit.contains("Dr Lee"))
    }

    @Test func accountsAreListedChangedDisabledAndReissued() throws {
        defer { dir.remove() }
        try setUp()
        let list = try run(as: "t2", ["therapist", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("sup  supervisor  supervises t1  Dr Sup\n"))
        #expect(list.stdout.contains("t1  therapist  Dr Lee\n"))
        // Only an admin adds accounts.
        let notAdmin = try run(
            as: "t1", ["therapist", "add", "x", "--name", "X"], more: "x passphrase\nx passphrase\n")
        #expect(notAdmin.status == 77)
        // The passphrase: the old one first, then the new one twice.
        let change = try run(
            ["therapist", "passphrase", "t2", "--passphrase-stdin"],
            stdin: "t2 passphrase\nnew t2 phrase\nnew t2 phrase\n")
        #expect(change.status == 0, "\(change.stderr)")
        let signed = try run(["client", "list", "--as", "t2", "--passphrase-stdin"], stdin: "new t2 phrase\n")
        #expect(signed.status == 0)
        // Lost passphrase: the recovery key re-issues the key.
        let reissue = try run(
            ["therapist", "reissue", "t1", "--recovery-key-file", dir.appending("recovery.txt"), "--passphrase-stdin"],
            stdin: "found again 1\nfound again 1\n")
        #expect(reissue.status == 0, "\(reissue.stderr)")
        let after = try run(["client", "list", "--json", "--as", "t1", "--passphrase-stdin"], stdin: "found again 1\n")
        #expect(after.status == 0, "\(after.stderr)")
        #expect(clients(after.stdout) == ["C1", "C3"])
        // Disabled: it cannot sign in any more.
        #expect(try run(as: "admin", ["therapist", "disable", "t2"]).status == 0)
        let disabled = try run(["client", "list", "--as", "t2", "--passphrase-stdin"], stdin: "new t2 phrase\n")
        #expect(disabled.status == 77)
        #expect(disabled.stderr == "rapport: sign-in failed: unknown account or wrong passphrase\n")
    }

    @Test func assigningMovesAClientBetweenCaseloadsAndNotesNeedToSeeIt() throws {
        defer { dir.remove() }
        try setUp()
        // t1 cannot give a client to t2's caseload; the admin can.
        let refused = try run(as: "t1", ["client", "assign", "C3", "--therapist", "t2"])
        #expect(refused.status == 77)
        let moved = try run(as: "admin", ["client", "assign", "C3", "--therapist", "t2"])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(clients(try run(as: "t2", ["client", "list", "--json"]).stdout) == ["C2", "C3"])
        #expect(clients(try run(as: "t1", ["client", "list", "--json"]).stdout) == ["C1"])
        let note = try run(as: "t1", ["note", "add", "C1", "--text", "talked about the gap"])
        #expect(note.status == 0, "\(note.stderr)")
        #expect(note.stdout == "Added a note to session 1 of C1\n")
        let notes = try run(as: "sup", ["client", "notes", "C1"])
        #expect(notes.stdout.contains("talked about the gap"))
        let audit = try String(contentsOfFile: dir.appending("data/audit.log"), encoding: .utf8)
        #expect(audit.contains("\"event\":\"clientAssigned\""))
        #expect(audit.contains("\"event\":\"clientViewed\""))
    }

    @Test func aClientSeesTheTherapistsDisplayNameNeverTheAccountID() throws {
        defer { dir.remove() }
        try setUp()
        // Intro, 12 answers, review, submit, finish; then the lock's passphrase (t1's).
        let answers = "\n4\n5\n3\n2\n4\n5\n3\n4\n2\n4\n5\n3\n\n\n"
        let r = try run(
            as: "t1", ["rate", "--client", "C1", "--battery", "wai-sr", "--plain"], more: answers + "t1 passphrase\n")
        #expect(r.stdout.contains("3. I believe Dr Lee likes me."), "\(r.stderr)")
        #expect(!r.stdout.contains("I believe t1 likes me"))
        // A client of another caseload cannot be rated from this sign-in: unknown, as everywhere.
        let hidden = try run(as: "t1", ["rate", "--client", "C2", "--battery", "wai-sr", "--plain"])
        #expect(hidden.status == 66)
        #expect(hidden.stderr == "rapport: no client C2 in this data directory\n")
    }

    @Test func reviewShowsTheSignedInCaseloadAndUnlocksWithItsPassphrase() throws {
        defer { dir.remove() }
        try setUp()
        // Signed in with --as: the caseload at once (no second passphrase); quit.
        let r = try run(as: "t2", ["review", "--plain"], more: "q\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Caseload · 1 client"))
        #expect(!r.stdout.contains("Therapist passphrase"))
        #expect(clients(r.stdout) == ["C2"])
        let sup = try run(as: "sup", ["review", "--plain"], more: "q\n")
        #expect(clients(sup.stdout) == ["C1", "C3"])
        // The lock (after idle) opens only with the signed-in account's passphrase.
        let accounts = Accounts(store: DataStore(root: dir.appending("data")))
        let lock = AccountPassphrase(accounts: accounts, id: try AccountID("sup"))
        #expect(!lock.matches("t1 passphrase"))
        #expect(lock.matches("sup passphrase"))
    }

    @Test func theDemoWithAccountsSpreadsItsClientsOverTwoTherapists() throws {
        defer { dir.remove() }
        let demo = try run(["demo", "--accounts", "--clients", "4", "--sessions", "2"])
        #expect(demo.status == 0, "\(demo.stderr)")
        #expect(demo.stdout.contains("demo-lee-passphrase"))
        let lee = try run(
            ["client", "list", "--json", "--as", "lee", "--passphrase-stdin"], stdin: "demo-lee-passphrase\n")
        let kim = try run(
            ["client", "list", "--json", "--as", "kim", "--passphrase-stdin"], stdin: "demo-kim-passphrase\n")
        let sup = try run(
            ["client", "list", "--json", "--as", "sup", "--passphrase-stdin"], stdin: "demo-sup-passphrase\n")
        let ids = { (text: String) in Set((1...4).map { String(format: "D%04d", $0) }.filter { text.contains($0) }) }
        #expect(ids(lee.stdout).count == 2, "\(lee.stderr)")
        #expect(ids(kim.stdout).count == 2)
        #expect(ids(lee.stdout).isDisjoint(with: ids(kim.stdout)))
        #expect(ids(sup.stdout) == ids(lee.stdout))
    }
}
