import ArgumentParser
import Foundation
import Store

/// `rapport therapist …`: the accounts of therapists, supervisors and admins (docs/accounts.md).
struct TherapistCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "therapist", abstract: "Add, list and disable accounts; change or re-issue a passphrase.",
        discussion: """
            Accounts exist in a data directory made with 'rapport init --admin ID'. Adding and \
            disabling accounts needs an admin (--as ID). With --passphrase-stdin, standard input \
            holds one passphrase per line in the order a terminal asks them: the signing-in \
            account's first, then a new one twice.
            """,
        subcommands: [Add.self, List.self, ChangePassphrase.self, Disable.self, Reissue.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Add an account (asks its passphrase twice).")
        @Argument(help: "Account id: 1–32 letters, digits, '_' or '-'.") var id: String
        @Option(help: "The display name (clients see it in questionnaires).") var name: String
        @Option(help: "therapist (default), supervisor or admin.") var role: AccountRole = .therapist
        @Option(parsing: .upToNextOption, help: "The therapists a supervisor supervises.") var supervises: [String] = []
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let newID = try AccountID(id)
                let supervised = try supervises.map { try AccountID($0) }
                guard let displayName = try therapistName(name) else {
                    throw CLIError("--name must not be empty", code: Exit.usage)
                }
                let session = try signIn.signIn(data, required: true)
                guard let admin = session.signedIn else { return }
                let passphrase = try signIn.passphrases.readNew(newID.rawValue)
                let account = try session.accounts.add(
                    id: newID, name: displayName, role: role, supervises: supervised, passphrase: passphrase,
                    by: admin)
                writeStdout("Added account \(account.id) (\(account.role.rawValue))\n")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the accounts.")
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let session = try signIn.signIn(data, required: true)
                let clinicKey = session.signedIn?.keyring.clinicKey
                var out = ""
                for a in try session.accounts.list() {
                    var line = "\(a.id)  \(a.role.rawValue)"
                    if !a.supervises.isEmpty {
                        line += "  supervises " + a.supervises.map(\.rawValue).joined(separator: ", ")
                    }
                    if a.disabled { line += "  disabled" }
                    if let name = session.accounts.displayName(of: a.id, clinicKey: clinicKey) { line += "  \(name)" }
                    out += line + "\n"
                }
                writeStdout(out)
            }
        }
    }

    struct ChangePassphrase: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "passphrase", abstract: "Change an account's passphrase (the current one first).")
        @Argument(help: "Account id.") var id: String
        @Flag(
            name: .customLong("passphrase-stdin"),
            help: "Read the current, then the new passphrase twice, from standard input.")
        var passphraseStdin = false
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let account = try AccountID(id)
                let store = try data.store()
                let source = PassphraseSource(fromStandardInput: passphraseStdin)
                let old = try source.read("Current passphrase for \(account): ")
                let new = try source.readNew(account.rawValue)
                try Accounts(store: store, cost: scryptCostForNewKeys()).changePassphrase(account, old: old, new: new)
                writeStdout("Passphrase of \(account) changed.\n")
            }
        }
    }

    struct Disable: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "disable", abstract: "Disable an account: it cannot sign in and loses its keys.")
        @Argument(help: "Account id.") var id: String
        @OptionGroup var signIn: SignInOptions
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let target = try AccountID(id)
                let session = try signIn.signIn(data, required: true)
                guard let admin = session.signedIn else { return }
                try session.accounts.disable(target, by: admin)
                writeStdout("Disabled account \(target)\n")
            }
        }
    }

    struct Reissue: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reissue", abstract: "Give an account a new key and passphrase with the recovery key.",
            discussion: """
                For a lost passphrase. Reads the recovery key (written down at 'rapport init') from \
                --recovery-key-file, else from the terminal (or the first line of standard input with \
                --passphrase-stdin), then the new passphrase twice. The clinic key and the caseload \
                keys the account held are sealed to its new key; the old passphrase opens nothing.
                """)
        @Argument(help: "Account id.") var id: String
        @Option(name: .customLong("recovery-key-file"), help: "A file holding the recovery key.") var recoveryKeyFile:
            String?
        @Flag(
            name: .customLong("passphrase-stdin"),
            help: "Read the recovery key (without a file) and the new passphrase twice from standard input.")
        var passphraseStdin = false
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let account = try AccountID(id)
                let store = try data.store()
                let source = PassphraseSource(fromStandardInput: passphraseStdin)
                let text: String
                if let recoveryKeyFile {
                    guard let data = FileManager.default.contents(atPath: recoveryKeyFile) else {
                        throw CLIError("cannot read \(recoveryKeyFile)", code: Exit.noInput)
                    }
                    text = String(decoding: data, as: UTF8.self)
                } else {
                    text = try source.read("Recovery key: ")
                }
                let recovery = try RecoveryKey(text: text)
                let new = try source.readNew(account.rawValue)
                try Accounts(store: store, cost: scryptCostForNewKeys()).reissue(
                    account, recovery: recovery, newPassphrase: new)
                writeStdout("Re-issued the key of \(account); its new passphrase is set.\n")
            }
        }
    }
}

extension AccountRole: ExpressibleByArgument {}
