import ArgumentParser
import Foundation
import Instruments
import Store

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read every file of the data directory and report each problem with its path.",
        discussion: """
            Also verifies the audit log's hash chain and reports an edited or deleted line by its number.

            Exits 65 when any file is damaged, unreadable or from a newer rapport, when the audit log is \
            broken, or when permissions are wider than 0600 (files) / 0700 (directories); other warnings \
            (leftovers of an interrupted write) alone exit 0.

            --quarantine moves damaged files aside into <data-dir>/quarantine/<UTC time>/, keeping their \
            relative paths, and logs each move in the audit log; nothing is deleted.
            """)

    @Flag(help: "Move damaged files aside into a dated folder under <data-dir>/quarantine.") var quarantine = false
    @Option(help: "The recovery key file of a sealed directory: opens (authenticates) every sealed file.")
    var recoveryKeyFile: String?
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            var store = try data.store()
            if let recoveryKeyFile {
                let key = try RecoveryKey(
                    text: String(decoding: try PosixFileSystem().read(recoveryKeyFile), as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines))
                store.keyring = try Accounts(store: store).recoveryKeyring(key)
            }
            let catalog = try data.catalog(warn: false)
            var report = try runChecker(store: store, catalog: catalog)
            if quarantine, !report.errors.isEmpty {
                let outcome = try Quarantine(store: store).run(report)
                for move in outcome.moved { writeStdout("moved: \(move.from) -> \(move.to)\n") }
                for kept in outcome.kept { writeStdout("kept: \(kept)\n") }
                writeStdout("\(outcome.moved.count) files moved to quarantine; checking again\n")
                report = try runChecker(store: store, catalog: catalog)
            }
            let privacy = report.warnings.filter { $0.kind == .permissions }
            if !report.errors.isEmpty || !privacy.isEmpty { throw ExitCode(Exit.dataError) }
        }
    }

    private func runChecker(store: DataStore, catalog: InstrumentCatalog) throws -> StoreChecker.Report {
        let progress = ProgressLine("check")
        let report = try StoreChecker(store: store, catalog: catalog).run { progress.update($0, of: $1) }
        progress.finish()
        for p in report.errors { writeStdout("error: \(p)\n") }
        for p in report.warnings { writeStdout("warning: \(p)\n") }
        if report.filesNotOpened > 0 {
            writeStdout(
                "\(report.filesNotOpened) sealed files checked by their envelope only (no key; see --recovery-key-file)\n"
            )
        }
        let audit = (try? store.audit.verify())
        let head = audit?.headHash.map { ", last entry \($0.prefix(16))" } ?? ""
        writeStdout(
            "\(report.filesChecked) files checked: \(report.errors.count) problems, \(report.warnings.count) warnings; "
                + "audit log: \(audit?.lines ?? 0) entries\(head)\n")
        return report
    }
}
