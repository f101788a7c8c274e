import Foundation
import Store
import TestSupport
import Testing

/// `init`, `demo` and the home menu's first run make a sealed data directory with accounts by
/// default (issue 13); `--unsealed` keeps the older layout.
@Suite("sealed by default", .serialized)
struct SealedByDefaultTests {
    let dir: TemporaryDirectory
    let d: [String]
    /// New keys in these tests use a tiny scrypt cost (sign-in reads the stored cost).
    let env = ["RAPPORT_TEST_SCRYPT_LOG2N": "4"]

    init() throws {
        dir = try TemporaryDirectory()
        d = ["--data-dir", dir.appending("data")]
    }

    func run(_ args: [String], stdin: String? = nil) throws -> CommandResult {
        try runRapport(args + d, stdin: stdin, environment: env)
    }

    /// `rapport.json`'s schemaVersion.
    func schemaVersion(_ root: String) throws -> Int? {
        let data = try Data(contentsOf: URL(fileURLWithPath: root + "/rapport.json"))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["schemaVersion"] as? Int
    }

    /// Every byte of every file under `root`, as text.
    func everything(_ root: String) throws -> String {
        let fm = FileManager.default
        var text = ""
        for path in try fm.subpathsOfDirectory(atPath: root) {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: root + "/" + path, isDirectory: &isDir), !isDir.boolValue {
                text += String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/" + path)), as: UTF8.self)
            }
        }
        return text
    }

    func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func initMakesASealedDirectoryWithTheAdminAccount() throws {
        defer { dir.remove() }
        let made = try run(["init", "--passphrase-stdin", "--admin-name", "Dr Admin Zyx"], stdin: "admin passphrase\n")
        try #require(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("Created data directory \(dir.appending("data")) (sealed)."))
        #expect(made.stdout.contains("Created admin account admin."))
        #expect(made.stdout.contains("Recovery key (shown once"))
        let root = dir.appending("data")
        #expect(try schemaVersion(root) == 3)
        #expect(FileManager.default.fileExists(atPath: root + "/accounts/admin.json"))
        #expect(try mode(root) == 0o700)
        // Nothing of the set-up is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }.isEmpty)
        // The admin signs in at once; a client's files are sealed (no migrate).
        let signIn = ["--as", "admin", "--passphrase-stdin"]
        let add = try run(["client", "add", "C1"] + signIn, stdin: "admin passphrase\n")
        try #require(add.status == 0, "\(add.stderr)")
        // (`record` does not sign in yet: the form is saved in-process with the admin's keys.)
        var store = DataStore(root: root)
        store.keyring = try Accounts(store: store).signIn(try AccountID("admin"), passphrase: "admin passphrase")
            .keyring
        let phq = try Fixtures.instrument("phq-9")
        _ = try store.save(
            NewAdministration(
                clientId: try ClientID("C1"), sessionDate: try SessionDate("2026-11-03"), rater: .client,
                instrument: phq, answers: [3, 2, 1, 0, 1, 2, 3, 2, 0], administeredAt: Date(), source: .cli))
        let note = try run(
            ["note", "add", "C1", "--text", "Distinctive note Qwv"] + signIn, stdin: "admin passphrase\n")
        #expect(note.status == 0, "\(note.stderr)")
        let list = try run(["client", "list"] + signIn, stdin: "admin passphrase\n")
        #expect(list.status == 0 && list.stdout.contains("C1"), "\(list.stderr)")
        let files = try everything(root)
        #expect(files.contains("sealedTo"))
        #expect(!files.contains("Dr Admin Zyx"))
        #expect(!files.contains("\"answers\""))
        #expect(!files.contains("Distinctive note Qwv"))
        // Again: nothing to do; an explicit second admin is refused.
        let again = try run(["init"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already set up with accounts"))
        let second = try run(["init", "--admin", "other", "--passphrase-stdin"], stdin: "other passphrase\n")
        #expect(second.status == 64)
        #expect(second.stderr.contains("has accounts already"))
        #expect(!FileManager.default.fileExists(atPath: root + "/accounts/other.json"))
    }

    @Test func initFillsAnEmptyDirectoryButNeverAFullOne() throws {
        defer { dir.remove() }
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir.appending("data"), withIntermediateDirectories: true)
        let made = try run(["init", "--passphrase-stdin"], stdin: "admin passphrase\n")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(try schemaVersion(dir.appending("data")) == 3)

        let full = dir.appending("full")
        try fm.createDirectory(atPath: full, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: URL(fileURLWithPath: full + "/notes.txt"))
        let key = dir.appending("recovery.txt")
        let refused = try runRapport(
            ["init", "--passphrase-stdin", "--recovery-key-file", key, "--data-dir", full], stdin: "admin passphrase\n",
            environment: env)
        #expect(refused.status == 74)
        #expect(refused.stderr.hasPrefix("rapport: cannot create the data directory \(full)"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        #expect(try fm.contentsOfDirectory(atPath: full) == ["notes.txt"])
        // No recovery key for keys that were never installed, nothing staged left behind.
        #expect(!fm.fileExists(atPath: key))
        #expect(try fm.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test func theUnsealedOptOutKeepsTheOlderLayout() throws {
        defer { dir.remove() }
        let made = try run(["init", "--unsealed", "--passphrase-stdin"], stdin: "clinic passphrase\n")
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("not recommended"))
        #expect(try schemaVersion(dir.appending("data")) == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.appending("data/accounts")))
        // No sign-in: the older directory works as before.
        #expect(try run(["client", "add", "C1"]).status == 0)
        let mixed = try run(["init", "--unsealed", "--admin", "admin"])
        #expect(mixed.status == 64)
    }

    @Test func theDemoSetsUpAccountsAndASealedDirectory() throws {
        defer { dir.remove() }
        let demo = try run(["demo", "--clients", "4", "--sessions", "3", "--seed", "3"])
        try #require(demo.status == 0, "\(demo.stderr)")
        for passphrase in [
            "demo-admin-passphrase", "demo-lee-passphrase", "demo-kim-passphrase", "demo-sup-passphrase",
        ] {
            #expect(demo.stdout.contains(passphrase))
        }
        #expect(demo.stdout.contains("Demo recovery key: "))
        #expect(demo.stdout.contains("rapport review --data-dir \(dir.appending("data")) --as lee"))
        let root = dir.appending("data")
        #expect(try schemaVersion(root) == 3)
        let files = try everything(root)
        #expect(!files.contains("Dr Lee (demo)"))
        #expect(!files.contains("demo-lee-passphrase"))
        #expect(!files.contains("\"answers\""))
        let lee = try run(
            ["client", "list", "--json", "--as", "lee", "--passphrase-stdin"], stdin: "demo-lee-passphrase\n")
        #expect(lee.status == 0 && lee.stderr.isEmpty, "\(lee.stderr)")
        let ids = { (text: String) in Set((1...4).map { String(format: "D%04d", $0) }.filter { text.contains($0) }) }
        #expect(ids(lee.stdout).count == 2)
        let export = { (root: String) in
            try runRapport(
                ["export", "--format", "csv", "--as", "admin", "--passphrase-stdin", "--data-dir", root],
                stdin: "demo-admin-passphrase\n", environment: self.env)
        }
        let first = try export(root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.split(separator: "\n").count > 4 * 3)
        // Again in the same directory: replaced, with the same passphrases and the same data.
        let again = try run(["demo", "--clients", "4", "--sessions", "3", "--seed", "3"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try export(root).stdout == first.stdout)
        // Another directory, the same seed: what the accounts read is the same (the bytes are not).
        let other = try runRapport(
            ["demo", "--clients", "4", "--sessions", "3", "--seed", "3", "--data-dir", dir.appending("other")],
            environment: env)
        #expect(other.status == 0)
        #expect(try export(dir.appending("other")).stdout == first.stdout)
        // A directory set up with accounts is real data, even without clients.
        let clinic = dir.appending("clinic")
        #expect(
            try runRapport(
                ["init", "--passphrase-stdin", "--data-dir", clinic], stdin: "admin passphrase\n", environment: env
            ).status == 0)
        let refused = try runRapport(
            ["demo", "--clients", "2", "--sessions", "2", "--data-dir", clinic], environment: env)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("holds real (non-demo) data"))
        #expect(FileManager.default.fileExists(atPath: clinic + "/accounts/admin.json"))
    }

    @Test func theHomeMenuOnAFreshDirectorySetsUpTheAdmin() throws {
        defer { dir.remove() }
        let root = dir.appending("data")
        // Headless: the passphrase twice, then the menu (6 quits).
        let r = try run(["--plain", "--passphrase-stdin"], stdin: "home passphrase\nhome passphrase\n6\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Created data directory \(root) (sealed) with the admin account admin."))
        #expect(r.stdout.contains("Recovery key (shown once"))
        #expect(r.stdout.contains("1. Start rating for a client"))
        #expect(try schemaVersion(root) == 3)
        let list = try run(["client", "list", "--as", "admin", "--passphrase-stdin"], stdin: "home passphrase\n")
        #expect(list.status == 0, "\(list.stderr)")
        // A second start opens the menu with a sign-in, no set-up.
        let second = try run(["--plain", "--as", "admin", "--passphrase-stdin"], stdin: "home passphrase\n6\n")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stdout.contains("Recovery key"))
    }

    @Test func theHomeMenuWithoutATerminalSaysWhatToRun() throws {
        defer { dir.remove() }
        let r = try run(["--plain"], stdin: "6\n")
        #expect(r.status == 66)
        #expect(
            r.stderr
                == "rapport: no data directory at \(dir.appending("data")) yet: set it up with 'rapport init --data-dir \(dir.appending("data"))' (creates the admin account), or try 'rapport demo'\n"
        )
        #expect(!FileManager.default.fileExists(atPath: dir.appending("data")))
        // Two passphrases that differ: nothing is made.
        let differ = try run(["--plain", "--passphrase-stdin"], stdin: "home passphrase\nhome passphrasf\n6\n")
        #expect(differ.status == 64)
        #expect(!FileManager.default.fileExists(atPath: dir.appending("data")))
    }
}
