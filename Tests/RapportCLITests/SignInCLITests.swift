import Foundation
import Store
import TestSupport
import Testing

/// Sign-in for every command that reads or writes one client's data (record, risk, alert, session
/// code, discharge, baseline, obstacles, client edit, rate), kiosk codes bound to their issuer, and
/// audit lines that name the acting account (issue 13; docs/accounts.md).
@Suite struct SignInCLITests {
    let fixture: AccountsCLIFixture
    var dir: TemporaryDirectory { fixture.dir }
    /// Who sees which client: C1 and C3 are t1's, C2 is t2's; sup supervises t1.
    static let visible: [String: Set<String>] = [
        "admin": ["C1", "C2", "C3"], "t1": ["C1", "C3"], "t2": ["C2"], "sup": ["C1", "C3"],
    ]

    init() throws { fixture = try AccountsCLIFixture() }

    func run(_ args: [String], stdin: String? = nil) throws -> CommandResult { try fixture.run(args, stdin: stdin) }

    func run(as account: String, _ args: [String], more: String = "") throws -> CommandResult {
        try fixture.run(as: account, args, more: more)
    }

    /// An admin, t1, t2 and a supervisor of t1; C1 and C3 with t1, C2 with t2, each with a PHQ-9
    /// whose risk item is answered (an open risk flag).
    func setUp() throws {
        try fixture.createStaff()
        for (client, therapist) in [("C1", "t1"), ("C2", "t2"), ("C3", "t1")] {
            let r = try run(as: "admin", ["client", "add", client, "--therapist", therapist])
            try #require(r.status == 0, "\(r.stderr)")
        }
        for (client, date) in [("C1", "2026-11-03"), ("C2", "2026-11-04"), ("C3", "2026-11-05")] {
            try fixture.recordPHQ9(client, answers: "1,1,1,1,1,1,1,1,2", date: date)
        }
    }

    /// The client ids in a text.
    func clients(_ text: String) -> Set<String> {
        Set(["C1", "C2", "C3"].filter { text.contains($0) })
    }

    /// Every file under the data directory with its bytes (the audit log and its head left out).
    func snapshot() throws -> [String: Data] {
        let root = dir.appending("data")
        var out: [String: Data] = [:]
        let walker = FileManager.default.enumerator(atPath: root)
        while let path = walker?.nextObject() as? String {
            if path.hasPrefix("audit.") || path.hasPrefix("accounts/.failures") { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDir), !isDir.boolValue {
                out[path] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + path))
            }
        }
        return out
    }

    /// The audit log's lines as JSON objects.
    func auditLines() throws -> [[String: Any]] {
        let text = try String(contentsOfFile: dir.appending("data/audit.log"), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Commands that read one client (`%@`).
    static let reads: [[String]] = [
        ["risk", "list", "--all", "--client", "%@"], ["alert", "list", "%@"], ["obstacles", "%@"],
        ["client", "baseline", "%@"],
    ]
    /// Commands that write one client's data (`%@`).
    static let writes: [[String]] = [
        ["record", "--client", "%@", "--instrument", "gad-7", "--answers", "1,1,1,1,1,1,1", "--date", "2026-11-10"],
        ["risk", "ack", "--client", "%@", "--session", "1"],
        ["alert", "answer", "%@", "--alert", "risk-1", "--response", "seen"],
        ["session", "code", "--client", "%@"],
        ["client", "discharge", "%@"],
        ["client", "baseline", "%@", "--episode", "1", "--reset"],
        ["obstacles", "%@", "--relationship", "yes"],
        ["client", "edit", "%@", "--battery", "phq-9"],
        ["rate", "--client", "%@", "--rater", "therapist", "--battery", "wai-sr-therapist", "--plain"],
    ]

    @Test func eachAccountReadsExactlyItsCaseloadInEveryCommand() throws {
        defer { dir.remove() }
        try setUp()
        for (account, visible) in Self.visible {
            let all = try run(as: account, ["risk", "list", "--all"])
            #expect(all.status == 0, "\(all.stderr)")
            #expect(clients(all.stdout) == visible, "risk list as \(account)")
            // The caseload-wide commands read only the visible caseload: no other client is shown,
            // nor named in a warning (the directory is sealed; another caseload's files don't open).
            for args in [["analyze"], ["client", "list"], ["export", "--format", "csv"]] {
                let r = try run(as: account, args)
                #expect(r.status == 0, "\(args) as \(account): \(r.stderr)")
                #expect(clients(r.stdout) == visible, "\(args) as \(account)")
                #expect(clients(r.stderr).isSubset(of: visible), "\(args) as \(account): \(r.stderr)")
            }
            for client in ["C1", "C2", "C3"] {
                for args in Self.reads {
                    let r = try run(as: account, args.map { $0 == "%@" ? client : $0 })
                    if visible.contains(client) {
                        #expect(r.status == 0, "\(args) \(client) as \(account): \(r.stderr)")
                    } else {
                        #expect(r.status == 66, "\(args) \(client) as \(account)")
                        #expect(r.stderr == "rapport: no client \(client) in this data directory\n")
                        #expect(r.stdout.isEmpty)
                    }
                }
            }
        }
    }

    @Test func aHiddenClientIsExactlyAnUnknownOneAndNothingIsWritten() throws {
        defer { dir.remove() }
        try setUp()
        let before = try snapshot()
        for args in Self.reads + Self.writes {
            let hidden = try run(as: "t2", args.map { $0 == "%@" ? "C1" : $0 })
            let unknown = try run(as: "t2", args.map { $0 == "%@" ? "C9" : $0 })
            #expect(hidden.status == 66, "\(args): \(hidden.stderr)")
            #expect(hidden.status == unknown.status, "\(args)")
            #expect(hidden.stderr == unknown.stderr.replacingOccurrences(of: "C9", with: "C1"), "\(args)")
            #expect(hidden.stdout == unknown.stdout, "\(args)")
        }
        #expect(try snapshot() == before)
        // The signed-in therapist (and its supervisor) write to their own caseload.
        for args in Self.writes where !["alert", "rate", "client"].contains(args[0]) {
            let r = try run(as: "t1", args.map { $0 == "%@" ? "C1" : $0 })
            #expect(r.status == 0, "\(args): \(r.stderr)")
        }
        let edit = try run(as: "sup", ["client", "edit", "C3", "--battery", "phq-9"])
        #expect(edit.status == 0, "\(edit.stderr)")
        // With accounts the therapist is an account: moved only by `client assign`.
        let rename = try run(as: "t1", ["client", "edit", "C1", "--therapist", "Dr Who"])
        #expect(rename.status == 64)
        #expect(rename.stderr.contains("client assign C1"))
    }

    @Test func withoutASignInEveryCommandIsRefused() throws {
        defer { dir.remove() }
        try setUp()
        let before = try snapshot()
        for args in Self.reads + Self.writes + [["risk", "list"]] {
            let r = try run(args.map { $0 == "%@" ? "C1" : $0 })
            #expect(r.status == 64, "\(args): \(r.stderr)")
            #expect(r.stderr == "rapport: this data directory has accounts: sign in with --as ID\n", "\(args)")
            #expect(r.stdout.isEmpty)
        }
        #expect(try snapshot() == before)
    }

    @Test func kioskCodesAreMadeByAndBoundToTheClientsTherapist() throws {
        defer { dir.remove() }
        try setUp()
        let codes = dir.appending("data/codes")
        func files() throws -> [String: String] {
            var out: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: codes) where name.hasSuffix(".json") {
                out[name] = try String(contentsOfFile: codes + "/" + name, encoding: .utf8)
            }
            return out
        }
        let own = try run(as: "t1", ["session", "code", "--client", "C1"])
        #expect(own.status == 0, "\(own.stderr)")
        #expect(own.stdout.hasPrefix("Kiosk code for C1: "))
        let first = try files()
        #expect(first.count == 1)
        #expect(first.values.allSatisfy { $0.contains(#""issuedBy":"t1""#) && $0.contains(#""therapist":"t1""#) })
        // The supervisor issues for its supervisee's client: it is named as the issuer.
        let sup = try run(as: "sup", ["session", "code", "--client", "C3"])
        #expect(sup.status == 0, "\(sup.stderr)")
        let second = try files()
        #expect(second.count == 2)
        #expect(
            second.values.contains { $0.contains(#""issuedBy":"sup""#) && $0.contains(#""therapist":"t1""#) })
        // Another caseload's client: the unknown client's error, and no code file.
        let other = try run(as: "t2", ["session", "code", "--client", "C1"])
        #expect(other.status == 66)
        #expect(try files() == second)
        let issued = try auditLines().filter { $0["event"] as? String == "kioskCodeIssued" }
        #expect(issued.map { $0["account"] as? String } == ["t1", "sup"])
    }

    @Test func importWritesOnlyToVisibleClientsAndCreatesInTheOwnCaseload() throws {
        defer { dir.remove() }
        try setUp()
        let export = try run(as: "t1", ["export", "--format", "csv", "--items", "--client", "C1"])
        try #require(export.status == 0, "\(export.stderr)")
        let own = dir.appending("c1.csv")
        try export.stdout.write(toFile: own, atomically: true, encoding: .utf8)
        // C1's forms, imported by an account that may not see C1: the unknown client, nothing written.
        let before = try snapshot()
        let hidden = try run(as: "t2", ["import", "--format", "csv", own])
        #expect(hidden.status == 66, "\(hidden.stderr)")
        #expect(hidden.stderr == "rapport: no client C1 in this data directory\n")
        #expect(try snapshot() == before)
        // The same forms for a new client: created in the importing account's caseload.
        let lines = export.stdout.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasPrefix("C1,") ? "C7," + $0.dropFirst(3) : String($0)
        }
        let fresh = dir.appending("c7.csv")
        try lines.joined(separator: "\n").write(toFile: fresh, atomically: true, encoding: .utf8)
        let made = try run(as: "t1", ["import", "--format", "csv", fresh])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("(1 new)"))
        let client = try String(contentsOfFile: dir.appending("data/clients/C7/client.json"), encoding: .utf8)
        #expect(client.contains(#""therapist":"t1""#))
        #expect(try run(as: "sup", ["risk", "list", "--all", "--client", "C7"]).status == 0)
        #expect(try run(as: "t2", ["risk", "list", "--all", "--client", "C7"]).status == 66)
    }

    @Test func everyAuditLineNamesTheActingAccountAndNeverAName() throws {
        defer { dir.remove() }
        try setUp()
        #expect(try run(as: "t1", ["risk", "list", "--client", "C1"]).status == 0)
        #expect(try run(as: "t1", ["risk", "ack", "--client", "C1", "--session", "1"]).status == 0)
        #expect(try run(as: "sup", ["export", "--format", "csv"]).status == 0)
        #expect(try run(as: "t2", ["obstacles", "C2", "--support", "no"]).status == 0)
        let wrong = try run(["risk", "list", "--as", "t2", "--passphrase-stdin"], stdin: "not t2's passphrase\n")
        #expect(wrong.status == 77)
        let ghost = try run(["risk", "list", "--as", "ghost", "--passphrase-stdin"], stdin: "ghost passphrase\n")
        #expect(ghost.status == 77)
        #expect(try run(as: "admin", ["client", "assign", "C3", "--therapist", "t2"]).status == 0)
        let lines = try auditLines()
        func accounts(_ event: String) -> [String?] {
            lines.filter { $0["event"] as? String == event }.map { $0["account"] as? String }
        }
        // Every line but the failed sign-in of an account that does not exist names an account.
        #expect(lines.filter { $0["account"] == nil }.map { $0["event"] as? String } == ["signInFailed"])
        #expect(accounts("clientViewed") == ["t1"])
        #expect(accounts("riskAcknowledged") == ["t1"])
        #expect(accounts("exportRun") == ["sup"])
        #expect(accounts("obstaclesRecorded") == ["t2"])
        #expect(accounts("signInFailed") == ["t2", nil])
        #expect(accounts("clientAssigned") == ["admin"])
        #expect(accounts("recordSaved") == ["admin", "admin", "admin"])
        #expect(Set(accounts("signIn").compactMap { $0 }) == ["admin", "t1", "t2", "sup"])
        let text = try String(contentsOfFile: dir.appending("data/audit.log"), encoding: .utf8)
        for secret in ["ghost", "Dr Lee", "Dr Kim", "Dr Sup", "passphrase"] {
            #expect(!text.contains(secret), "\(secret)")
        }
        // The chain still verifies.
        let check = try run(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }
}
