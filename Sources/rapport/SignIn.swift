import ArgumentParser
import Foundation
import Store

/// `--as ID` and `--passphrase-stdin`: who signs in, for every command that reads clinical data.
struct SignInOptions: ParsableArguments {
    @Option(name: .customLong("as"), help: "The account to sign in as (asked on a terminal when not given).")
    var account: String?

    @Flag(
        name: .customLong("passphrase-stdin"),
        help: "Read passphrases from standard input, one per line, in the order a terminal would ask.")
    var passphraseStdin = false
}

/// A command's view of the data directory after sign-in: the store with the account's keyring,
/// and what it may see. A directory without accounts (the single clinic passphrase, not migrated
/// yet) signs nobody in and sees every client, as before.
struct SignedInStore {
    var store: DataStore
    var signedIn: SignedIn?
    var accounts: Accounts

    var visibility: Visibility { signedIn?.visibility ?? .everyone }

    /// The audit role of what this account does: an admin's acts are `admin`, anyone else's
    /// `therapist` (the line's `account` names who).
    var auditRole: AuditRole { signedIn?.account.role == .admin ? .admin : .therapist }

    /// The client's record when this account may see it; exactly the unknown client's error when not.
    @discardableResult
    func require(_ id: ClientID) throws -> ClientRecord {
        try visibility.require(id, in: store)
    }

    /// Opens one client for reading and logs the view (`clientViewed`) when someone signed in.
    func view(_ id: ClientID) throws {
        try require(id)
        if let signedIn {
            try store.audit.append(.clientViewed, role: auditRole, account: signedIn.account.id, client: id)
        }
    }

    /// The visible ones of every client id (by the sealed caseload index's therapists when it is
    /// fresh, else by each `client.json`: `DataStore.visibleClientIDs`).
    func clientIDs() throws -> [ClientID] {
        try store.visibleClientIDs(visibility).ids
    }
}

/// Reads passphrases in the order a terminal asks them: from standard input with
/// `--passphrase-stdin`, else from the terminal without echo.
struct PassphraseSource {
    var fromStandardInput: Bool

    func read(_ prompt: String) throws -> String {
        if fromStandardInput {
            guard let line = Self.readUnbufferedLine() else {
                throw CLIError("--passphrase-stdin: no passphrase on standard input", code: Exit.usage)
            }
            return line
        }
        guard isatty(0) == 1, isatty(2) == 1 else {
            throw CLIError(
                "a passphrase is needed: type it on a terminal, or give it with --passphrase-stdin", code: Exit.usage)
        }
        guard let line = PassphrasePrompt.read(prompt) else {
            throw CLIError("no passphrase given", code: Exit.usage)
        }
        return line
    }

    /// One line of standard input read byte by byte, so that nothing after it is taken from a
    /// later reader of the same input (review --plain's line reader reads fd 0 itself).
    static func readUnbufferedLine() -> String? {
        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = Glibc.read(0, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self) }
            if byte == 0x0A { break }
            bytes.append(byte)
            if bytes.count > 4096 { break }
        }
        if bytes.last == 0x0D { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A new passphrase, typed twice.
    func readNew(_ what: String) throws -> String {
        let first = try read("New passphrase for \(what) (at least \(Passphrase.minimumLength) characters): ")
        if let problem = Passphrase.problem(with: first) { throw CLIError(problem, code: Exit.usage) }
        let second = try read("Type it again: ")
        guard first == second else {
            throw CLIError("the two passphrases differ; nothing was changed", code: Exit.usage)
        }
        return first
    }
}

extension SignInOptions {
    var passphrases: PassphraseSource { PassphraseSource(fromStandardInput: passphraseStdin) }

    /// Signs in (when the directory has accounts) and returns the store to use. The one sign-in
    /// helper of the CLI.
    func signIn(_ data: DataOptions, durable: Bool = true, required: Bool = false) throws -> SignedInStore {
        var store = try data.store(durable: durable)
        let accounts = Accounts(store: store, cost: scryptCostForNewKeys())
        guard accounts.exist else {
            if required {
                throw CLIError(
                    "this data directory has no accounts yet; create the admin with 'rapport init --admin ID'",
                    code: Exit.usage)
            }
            return SignedInStore(store: store, signedIn: nil, accounts: accounts)
        }
        let id = try AccountID(try accountID())
        let passphrase = try passphrases.read("Passphrase for \(id): ")
        let signedIn = try accounts.signIn(id, passphrase: passphrase)
        store.keyring = signedIn.keyring
        return SignedInStore(store: store, signedIn: signedIn, accounts: Accounts(store: store, cost: accounts.cost))
    }

    /// `--as`, else asked on a terminal.
    func accountID() throws -> String {
        if let account { return account }
        guard isatty(0) == 1, isatty(2) == 1, !passphraseStdin else {
            throw CLIError("this data directory has accounts: sign in with --as ID", code: Exit.usage)
        }
        FileHandle.standardError.write(Data("Account: ".utf8))
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw CLIError("no account given", code: Exit.usage)
        }
        return line.trimmingCharacters(in: .whitespaces)
    }
}

/// The scrypt cost of keys this process wraps: OWASP's N = 2^17 unless the test suite lowers it
/// with `RAPPORT_TEST_SCRYPT_LOG2N` (4…16; sign-in always uses the cost stored with the key).
func scryptCostForNewKeys() -> ScryptCost {
    if let raw = ProcessInfo.processInfo.environment["RAPPORT_TEST_SCRYPT_LOG2N"], let log2 = Int(raw),
        (4...16).contains(log2)
    {
        return ScryptCost(n: 1 << log2, r: 8, p: 1)
    }
    return .standard
}
