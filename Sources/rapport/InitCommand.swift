import ArgumentParser
import Foundation
import Store

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a data directory (0700) with its clinic settings.",
        discussion: """
            On a terminal, asks for the therapist passphrase (it unlocks review and leaving kiosk \
            mode) when none is set yet: a passphrase that is too short is refused at once and asked \
            again, then it is typed a second time. --change-passphrase asks for the current one \
            first, then the new one. --passphrase-stdin reads the passphrase from the first line of \
            standard input instead; when one is already set, the first line must be the current \
            passphrase and the second the new one. A wrong current passphrase changes nothing and \
            exits 77. The passphrase is stored only as a salted PBKDF2 hash.
            """)

    @Flag(name: .customLong("passphrase-stdin"), help: "Read the therapist passphrase from standard input.")
    var passphraseStdin = false

    @Flag(name: .customLong("change-passphrase"), help: "Change the therapist passphrase (asks for the current one).")
    var changePassphrase = false

    @Option(
        name: .customLong("admin"),
        help: "Create the data directory with accounts: this admin account, the clinic key and the recovery key.")
    var admin: String?

    @Option(name: .customLong("admin-name"), help: "The admin's display name (default: the account id).")
    var adminName: String?

    @Option(
        name: .customLong("recovery-key-file"),
        help: "Write the recovery key to this new file (0600) instead of printing it.")
    var recoveryKeyFile: String?

    @OptionGroup var data: DataOptions

    func run() throws {
        if let admin {
            try reporting { try createAccounts(admin: admin) }
            return
        }
        try reporting {
            if recoveryKeyFile != nil || adminName != nil {
                throw CLIError("--recovery-key-file and --admin-name go with --admin", code: Exit.usage)
            }
            let store = DataStore(root: data.path)
            let existed = store.isInitialized
            let current = existed ? (try store.loadConfig()).passphrase : nil
            if changePassphrase && current == nil {
                throw CLIError("no therapist passphrase is set yet; set one with 'rapport init'", code: Exit.usage)
            }
            // Ask before creating anything, so an interrupted prompt leaves nothing half set up.
            var newHash: PassphraseHash?
            if passphraseStdin {
                newHash = try PassphraseEntry.fromStandardInput(current: current)
            } else if current == nil || changePassphrase {
                if isatty(0) == 1, isatty(2) == 1 {
                    var entry = PassphraseEntry(read: PassphrasePrompt.read, warn: { writeStderr("rapport: \($0)") })
                    if let current { try entry.confirmCurrent(current) }
                    newHash = try entry.askNew(changing: current != nil)
                } else if changePassphrase {
                    throw CLIError(
                        "--change-passphrase needs a terminal; or give the current and the new passphrase on two lines with --passphrase-stdin",
                        code: Exit.usage)
                }
            }
            var config = try store.initialize()
            if let newHash {
                config.passphrase = newHash
                try store.saveConfig(config)
            }
            writeStdout(
                existed
                    ? "Data directory \(store.layout.root) is already set up.\n"
                    : "Created data directory \(store.layout.root)\n")
            if newHash != nil {
                writeStdout(current == nil ? "Therapist passphrase set.\n" : "Therapist passphrase changed.\n")
            } else if config.passphrase == nil {
                writeStdout(
                    "No therapist passphrase set yet; review and kiosk mode need one ('rapport init' on a terminal, or 'rapport init --passphrase-stdin').\n"
                )
            } else {
                writeStdout("A therapist passphrase is set (change it with 'rapport init --change-passphrase').\n")
            }
        }
    }
}

extension InitCommand {
    /// `init --admin ID`: the admin account with its passphrase (asked twice on a terminal, or the
    /// first line of standard input), the clinic key and the recovery key, shown once.
    func createAccounts(admin: String) throws {
        let id = try AccountID(admin)
        let name = try therapistName(adminName ?? admin) ?? admin
        let store = DataStore(root: data.path)
        let accounts = Accounts(store: store, cost: scryptCostForNewKeys())
        if store.isInitialized, accounts.exist {
            throw CLIError(
                "\(store.layout.root) has accounts already; add more with 'rapport therapist add'", code: Exit.usage)
        }
        if let recoveryKeyFile, FileManager.default.fileExists(atPath: recoveryKeyFile) {
            throw CLIError(
                "\(recoveryKeyFile) exists already; the recovery key is never written over a file", code: Exit.usage)
        }
        let passphrase: String
        if passphraseStdin {
            guard let line = readLine(strippingNewline: true) else {
                throw CLIError("--passphrase-stdin: no passphrase on standard input", code: Exit.usage)
            }
            if let problem = Passphrase.problem(with: line) { throw CLIError(problem, code: Exit.usage) }
            passphrase = line
        } else {
            passphrase = try PassphraseSource(fromStandardInput: false).readNew(id.rawValue)
        }
        let existed = store.isInitialized
        try store.initialize()
        let recovery = RecoveryKey()
        // The recovery key is saved before any key is sealed to it: a failed write leaves no
        // directory that depends on a key nobody has.
        if let recoveryKeyFile {
            let fd = open(recoveryKeyFile, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd < 0 {
                throw CLIError(
                    "cannot create \(recoveryKeyFile): \(String(cString: strerror(errno)))", code: Exit.ioError)
            }
            let bytes = Array((recovery.text + "\n").utf8)
            let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            let synced = fsync(fd) == 0
            close(fd)
            if written != bytes.count || !synced {
                unlink(recoveryKeyFile)
                throw CLIError("cannot write \(recoveryKeyFile)", code: Exit.ioError)
            }
        }
        _ = try accounts.createAdmin(id: id, name: name, passphrase: passphrase, recovery: recovery)
        writeStdout(
            existed
                ? "Data directory \(store.layout.root) is already set up.\n"
                : "Created data directory \(store.layout.root)\n")
        writeStdout("Created admin account \(id).\n")
        if let recoveryKeyFile {
            writeStdout("Recovery key written to \(recoveryKeyFile) (0600). Keep it offline; it is not stored here.\n")
        } else {
            writeStdout(
                "Recovery key (shown once; write it down and keep it offline, it re-issues a lost passphrase):\n  \(recovery.text)\n"
            )
        }
    }
}

/// Asking for a new therapist passphrase, and for the current one before a change. `read` shows a
/// prompt and returns the line typed (nil at end of input); `warn` prints one line.
struct PassphraseEntry {
    var read: (String) -> String?
    var warn: (String) -> Void
    /// How many times a refused entry is asked again before giving up.
    var attempts = 3

    /// Asks for the current passphrase (up to `attempts` times); throws when it is never right.
    mutating func confirmCurrent(_ stored: PassphraseHash) throws {
        for attempt in 1...attempts {
            guard let typed = read("Current therapist passphrase: ") else {
                throw CLIError("no passphrase given; nothing was changed", code: Exit.usage)
            }
            if Passphrase.verify(typed, against: stored) { return }
            if attempt < attempts { warn("that is not the current passphrase; try again") }
        }
        throw CLIError("the current passphrase was not given; nothing was changed", code: Exit.noPermission)
    }

    /// Asks for a new passphrase: one that is too short is refused at once and asked again, then it
    /// is typed a second time (a mismatch starts over); up to `attempts` tries.
    mutating func askNew(changing: Bool = false) throws -> PassphraseHash {
        let prompt =
            "\(changing ? "New therapist" : "Therapist") passphrase (at least \(Passphrase.minimumLength) characters): "
        for attempt in 1...attempts {
            guard let first = read(prompt) else {
                throw CLIError("no passphrase given; nothing was changed", code: Exit.usage)
            }
            if let problem = Passphrase.problem(with: first) {
                if attempt < attempts { warn("\(problem); try again") }
                continue
            }
            guard let second = read("Type it again: ") else {
                throw CLIError("no passphrase given; nothing was changed", code: Exit.usage)
            }
            if first == second { return try Passphrase.hash(first) }
            if attempt < attempts { warn("the two passphrases differ; try again") }
        }
        throw CLIError("no passphrase set after \(attempts) tries; nothing was changed", code: Exit.usage)
    }

    /// `--passphrase-stdin`: the new passphrase on the first line, or, when one is set, the current
    /// passphrase on the first line and the new one on the second.
    static func fromStandardInput(current: PassphraseHash?) throws -> PassphraseHash {
        if let current {
            guard let old = readLine(strippingNewline: true) else {
                throw CLIError("--passphrase-stdin: no passphrase on standard input", code: Exit.usage)
            }
            guard Passphrase.verify(old, against: current) else {
                throw CLIError(
                    "--passphrase-stdin: a passphrase is already set; give the current one on the first line and the new one on the second; nothing was changed",
                    code: Exit.noPermission)
            }
            guard let new = readLine(strippingNewline: true) else {
                throw CLIError(
                    "--passphrase-stdin: no new passphrase on the second line; nothing was changed", code: Exit.usage)
            }
            return try hash(new)
        }
        guard let line = readLine(strippingNewline: true) else {
            throw CLIError("--passphrase-stdin: no passphrase on standard input", code: Exit.usage)
        }
        return try hash(line)
    }

    static func hash(_ passphrase: String) throws -> PassphraseHash {
        if let problem = Passphrase.problem(with: passphrase) { throw CLIError(problem, code: Exit.usage) }
        return try Passphrase.hash(passphrase)
    }
}
