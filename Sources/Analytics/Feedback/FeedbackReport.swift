import Foundation
import Instruments
import Store

/// The caseload report with the feedback loop's stored answers: discharges, baseline choices,
/// alert responses and obstacle checks of every visible client, and the prompt library (what
/// `rapport analyze` and `rapport alert` print).
public enum FeedbackReport {
    /// The report and the problems met on the way, as one-line warnings for the caller to show
    /// (a skipped summary; a damaged episodes or baseline file, read as having none).
    public struct Built {
        public var report: CaseloadReport
        public var warnings: [String]
    }

    /// Builds the report over the clients `visibility` allows (clinic-wide analytics run over the
    /// signed-in account's visible caseload). Answers and obstacle checks are read for the clients
    /// reported (`only`, or all); a damaged one is an error, never skipped: an alert must never look
    /// answered or unanswered by mistake.
    public static func build(
        store: DataStore, catalog: InstrumentCatalog, library: PromptLibrary, options: AnalysisOptions = .standard,
        only: String?, visibility: Visibility = .everyone
    ) throws -> Built {
        // Only the visible clients are read: another caseload's client is neither opened nor named
        // in a warning (no existence leak).
        let (ids, idProblems) = try store.visibleClientIDs(visibility)
        let (summaries, problems) = try store.summaries(of: ids)
        var warnings = (visibility == .everyone ? idProblems + problems : problems).map { "skipped \($0)" }
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
                warnings.append("\(error); \(id) treated as one open episode")
            }
            do {
                let list = try store.baselineChoices(id)
                if !list.isEmpty { baselines[id.rawValue] = list }
            } catch {
                warnings.append("\(error); \(id) analysed with its original baselines")
            }
            if only == nil || only == id.rawValue {
                responses[id.rawValue] = try store.alertResponses(id)
                obstacles[id.rawValue] = try store.obstacleChecks(id)
            }
        }
        let report = CaseloadReport.build(
            summaries: summaries, catalog: catalog, options: options, only: only, discharges: discharges,
            baselines: baselines)
        return Built(
            report: report.withFeedback(
                summaries: summaries, responses: responses, obstacles: obstacles, library: library, catalog: catalog),
            warnings: warnings)
    }
}
