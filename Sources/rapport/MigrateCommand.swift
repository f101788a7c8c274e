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
            Makes a recovery key, the clinic key and the admin's caseload key, then seals every clinical \
            file of every client to it (docs/data-format.md, "Migration"). The recovery key is written to \
            --recovery-key-file (0600; it must not exist yet) and shown nowhere else: keep it safe. If the \
            command is interrupted, run it again with the same file: it resumes. Run it while no other \
            rapport process uses the data directory.
            """)

    @Option(help: "The admin account the clients are assigned to.") var admin = "admin"
    @Option(help: "File for the recovery key (created 0600; an existing one resumes a migration).")
    var recoveryKeyFile: String
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            var store = try data.store()
            let admin = try AccountID(self.admin)
            let recovery: Curve25519.KeyAgreement.PrivateKey
            if FileManager.default.fileExists(atPath: recoveryKeyFile) {
                recovery = try MigrationKeys.recoveryKey(
                    from: String(decoding: try PosixFileSystem().read(recoveryKeyFile), as: UTF8.self))
            } else {
                if MigrationKeys.exist(in: store) {
                    throw StoreError.invalid("this data directory already has keys: give the recovery key file it was made with")
                }
                recovery = Curve25519.KeyAgreement.PrivateKey()
                try PosixFileSystem().writeAtomically(
                    Data((MigrationKeys.text(of: recovery) + "\n").utf8), to: recoveryKeyFile, durable: true)
            }
            if !MigrationKeys.exist(in: store) {
                try MigrationKeys.create(in: store, admin: admin, recovery: recovery)
            }
            store.keyring = try MigrationKeys.keyring(in: store, recovery: recovery)
            // Until accounts exist every client goes to the admin's caseload (`client assign` moves them).
            var migration = Migration(store: store) { _ in admin }
            // Failure injection for the crash test: RAPPORT_MIGRATE_KILL_AT=<checkpoint prefix>.
            if let point = ProcessInfo.processInfo.environment["RAPPORT_MIGRATE_KILL_AT"], !point.isEmpty {
                migration.checkpoint = { if $0.hasPrefix(point) { kill(getpid(), SIGKILL) } }
            }
            let report = try migration.run()
            writeStdout(
                "sealed \(report.files) files of \(report.clients) clients; the data directory is schemaVersion 3\n")
        }
    }
}
