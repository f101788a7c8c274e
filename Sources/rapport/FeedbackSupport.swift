import Analytics
import Foundation
import Instruments
import Store

extension Assets {
    /// The shipped prompt library (`assets/prompts/*.json`); a damaged file is an error, never
    /// skipped, and so is a missing folder (a `RAPPORT_ASSETS` without `prompts/`).
    static func prompts() throws -> PromptLibrary {
        let folder = try directory().appendingPathComponent("prompts")
        guard FileManager.default.fileExists(atPath: folder.path) else {
            throw InstrumentError.missingFolder(folder: folder.path)
        }
        return try PromptLoader.loadDirectory(folder)
    }
}

extension FeedbackReport {
    /// ``FeedbackReport/build(store:catalog:library:options:only:visibility:)`` with the shipped
    /// prompt library, its warnings on stderr.
    static func build(
        store: DataStore, catalog: InstrumentCatalog, options: AnalysisOptions = .standard, only: String?,
        visibility: Visibility = .everyone
    ) throws -> CaseloadReport {
        let built = try FeedbackReport.build(
            store: store, catalog: catalog, library: try Assets.prompts(), options: options, only: only,
            visibility: visibility)
        for warning in built.warnings { writeStderr("rapport: warning: \(warning)") }
        return built.report
    }
}
