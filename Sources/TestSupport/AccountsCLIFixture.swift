import Foundation
import Testing

/// A data directory with accounts, driven through the `rapport` binary: the admin, therapists t1
/// ("Dr Lee") and t2 ("Dr Kim"), and sup, who supervises t1. Every account has a known passphrase,
/// and new keys use the tiny test scrypt cost (sign-in reads the cost stored with each key).
public struct AccountsCLIFixture: Sendable {
    /// The temporary directory; the data directory is its `data` folder.
    public let dir: TemporaryDirectory
    /// `--data-dir` and the data directory, appended to every command.
    public let dataArguments: [String]
    /// The environment every command runs with.
    public let environment = ["RAPPORT_TEST_SCRYPT_LOG2N": "4"]
    /// Each account's passphrase.
    public static let passphrases = [
        "admin": "admin passphrase", "t1": "t1 passphrase", "t2": "t2 passphrase", "sup": "sup passphrase",
    ]

    public init() throws {
        dir = try TemporaryDirectory()
        dataArguments = ["--data-dir", dir.appending("data")]
    }

    /// Runs `rapport args` on the data directory.
    public func run(_ args: [String], stdin: String? = nil) throws -> CommandResult {
        try runRapport(args + dataArguments, stdin: stdin, environment: environment)
    }

    /// Runs `args` signed in as `account` (its passphrase on the first line of standard input, then
    /// `more`).
    public func run(as account: String, _ args: [String], more: String = "") throws -> CommandResult {
        let passphrase = try #require(Self.passphrases[account], "no passphrase for \(account)")
        return try run(args + ["--as", account, "--passphrase-stdin"], stdin: passphrase + "\n" + more)
    }

    /// `rapport init` with the admin account (and `initArguments`), then t1, t2 and sup added by
    /// the admin. Returns what `init` printed.
    @discardableResult
    public func createStaff(initArguments: [String] = []) throws -> CommandResult {
        let made = try run(
            ["init", "--admin", "admin", "--passphrase-stdin"] + initArguments,
            stdin: Self.passphrases["admin", default: ""] + "\n")
        try #require(made.status == 0, "\(made.stderr)")
        for (id, extra) in [
            ("t1", ["--name", "Dr Lee"]), ("t2", ["--name", "Dr Kim"]),
            ("sup", ["--name", "Dr Sup", "--role", "supervisor", "--supervises", "t1"]),
        ] {
            let p = Self.passphrases[id, default: ""]
            let r = try run(as: "admin", ["therapist", "add", id] + extra, more: "\(p)\n\(p)\n")
            try #require(r.status == 0, "\(r.stderr)")
        }
        return made
    }

    /// Records a PHQ-9 for `client` on `date`, signed in as `account`.
    public func recordPHQ9(_ client: String, answers: String, date: String, as account: String = "admin") throws {
        let r = try run(
            as: account,
            ["record", "--client", client, "--instrument", "phq-9", "--answers", answers, "--date", date])
        try #require(r.status == 0, "\(r.stderr)")
    }
}
