import Analytics
import Foundation
import Instruments
import Store

extension Assets {
    /// The shipped prompt library (`assets/prompts/*.json`); a damaged file is an error, never skipped.
    static func prompts() throws -> PromptLibrary {
        try PromptLoader.loadDirectory(directory().appendingPathComponent("prompts"))
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
