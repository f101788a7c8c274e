import ArgumentParser
import Crypto
import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#endif

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Seal a plaintext data directory (schemaVersion 1 or 2) in place; crash-safe, resumable.",
        discussion: """
            Creates the admin account (its passphrase is the directory's current therapist passphrase \
            when it has one), the clinic key and the recovery key, then seals every clinical file of \
            every client to the admin's caseload key (docs/data-format.md, "Migration"); `client assign` \
            moves clients to their therapists' accounts afterwards. The recovery key is written to \
            --recovery-key-file (0600; it must not exist yet) and shown nowhere else: keep it safe. If the \
            command is interrupted, run it again with the same file: it resumes. Run it while no other \
            rapport process uses the data directory.
            """)

    @Option(help: "The admin account to create; every client is assigned to it.") var admin = "admin"
    @Option(help: "File for the recovery key (created 0600; an existing one resumes a migration).")
    var recoveryKeyFile: String
    @Flag(help: "Read the admin's passphrase from standard input (one line) instead of the terminal.")
    var passphraseStdin = false
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            var store = try data.store()
            let admin = try AccountID(self.admin)
            let accounts = Accounts(store: store, cost: scryptCostForNewKeys())
            let recovery: RecoveryKey
            if FileManager.default.fileExists(atPath: recoveryKeyFile) {
                recovery = try RecoveryKey(
                    text: String(decoding: try PosixFileSystem().read(recoveryKeyFile), as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines))
            } else {
                if accounts.exist {
                    throw StoreError.invalid(
                        "this data directory has accounts already: give the recovery key file it was made with")
                }
                recovery = RecoveryKey()
                // Written (durably) before any key is made from it: a kill can never lose it.
                try PosixFileSystem().writeAtomically(
                    Data((recovery.text + "\n").utf8), to: recoveryKeyFile, durable: true)
            }
            if !accounts.exist {
                let config = try store.loadConfig()
                let source = PassphraseSource(fromStandardInput: passphraseStdin)
                let passphrase: String
                if let hash = config.passphrase {
                    // The admin keeps the passphrase the directory already has.
                    passphrase = try source.read("Current therapist passphrase (becomes \(admin)'s): ")
                    guard Passphrase.verify(passphrase, against: hash) else { throw StoreError.signInFailed }
                } else {
                    passphrase = try source.readNew("the admin account \(admin)")
                }
                try accounts.discardUnfinishedSetup()
                _ = try accounts.createAdmin(
                    id: admin, name: "Administrator", passphrase: passphrase, recovery: recovery)
            }
            store.keyring = try accounts.recoveryKeyring(recovery)
            // Every client goes to the admin's caseload (`client assign` moves them).
            var migration = Migration(store: store) { _ in admin }
            // Failure injection for the crash test: RAPPORT_MIGRATE_KILL_AT=<checkpoint prefix>.
            if let point = ProcessInfo.processInfo.environment["RAPPORT_MIGRATE_KILL_AT"], !point.isEmpty {
                migration.checkpoint = { if $0.hasPrefix(point) { kill(getpid(), SIGKILL) } }
            }
            let report = try migration.run()
            writeStdout(
                "sealed \(report.files) files of \(report.clients) clients; the data directory is schemaVersion 3\n"
                    + "sign in as \(admin) with the passphrase; keep the recovery key file safe\n")
        }
    }
}
