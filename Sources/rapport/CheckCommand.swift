import ArgumentParser
import Foundation
import Store

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Read every file of the data directory and report each problem with its path.",
        discussion: "Exits 65 when any file is damaged, unreadable or from a newer rapport; warnings alone exit 0.")

    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let store = try data.store()
            let catalog = try data.catalog()
            let progress = ProgressLine("check")
            let report = try StoreChecker(store: store, catalog: catalog).run { progress.update($0, of: $1) }
            progress.finish()
            for p in report.errors { writeStdout("error: \(p)\n") }
            for p in report.warnings { writeStdout("warning: \(p)\n") }
            writeStdout("\(report.filesChecked) files checked: \(report.errors.count) problems, \(report.warnings.count) warnings\n")
            if !report.errors.isEmpty { throw ExitCode(Exit.dataError) }
        }
    }
}
