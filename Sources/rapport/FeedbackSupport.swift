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

/// The caseload report with the feedback loop's stored answers: discharges, baseline choices,
/// alert responses and obstacle checks of every client, and the prompt library.
enum FeedbackReport {
    static func build(
        store: DataStore, catalog: InstrumentCatalog, options: AnalysisOptions = .standard, only: String?,
        visibility: Visibility = .everyone
    ) throws -> CaseloadReport {
        // Clinic-wide analytics run over the signed-in account's visible caseload only.
        let (all, problems) = try store.summaries()
        let summaries = visibility.filter(all, in: store)
        for p in problems { writeStderr("rapport: warning: skipped \(p)") }
        var discharges: [String: [Discharge]] = [:]
        var baselines: [String: [BaselineChoice]] = [:]
        var responses: [String: [AlertResponse]] = [:]
        var obstacles: [String: [ObstacleCheck]] = [:]
        for s in summaries {
            let id = s.clientId
            do {
                let list = try store.discharges(id)
                if !list.isEmpty { discharges[id.rawValue] = list }
            } catch {
                writeStderr("rapport: warning: \(cliError(error).message); \(id) treated as one open episode")
            }
            do {
                let list = try store.baselineChoices(id)
                if !list.isEmpty { baselines[id.rawValue] = list }
            } catch {
                writeStderr("rapport: warning: \(cliError(error).message); \(id) analysed with its original baselines")
            }
            // Answers and obstacle checks are read for the clients reported; a damaged file is
            // an error there (an alert must never look answered or unanswered by mistake).
            if only == nil || only == id.rawValue {
                responses[id.rawValue] = try store.alertResponses(id)
                obstacles[id.rawValue] = try store.obstacleChecks(id)
            }
        }
        let report = CaseloadReport.build(
            summaries: summaries, catalog: catalog, options: options, only: only, discharges: discharges,
            baselines: baselines)
        return report.withFeedback(
            summaries: summaries, responses: responses, obstacles: obstacles, library: try Assets.prompts(),
            catalog: catalog)
    }
}
