import Foundation
import Instruments
import Store

/// The demo's feedback loop: some alerts answered and some obstacle checks, deterministically, so
/// that review and `analyze` show answered alerts, obstacle-driven prompts and the flag summary.
public enum DemoFeedback {
    static let answers: [(AlertResponseKind, String?)] = [
        (.discussed, nil), (.seen, nil), (.planChanged, "weekly sessions for a month"),
        (.disagree, "a known one-off event that week (demo)"),
    ]

    /// Answers the first alert of every second flagged client (cycling through the responses) and
    /// records an obstacle check at the latest session of every third client. Returns the counts.
    @discardableResult
    public static func seed(
        _ store: DataStore, catalog: InstrumentCatalog, library: PromptLibrary
    ) throws -> (answered: Int, checks: Int) {
        let report = try FeedbackReport.build(store: store, catalog: catalog, library: library, only: nil).report
        var answered = 0
        var checks = 0
        var flagged = 0
        for (index, client) in report.clients.enumerated() {
            let id = try ClientID(client.clientID)
            if let alert = client.feedback?.alerts.first(where: { $0.kind != .risk }) {
                if flagged % 2 == 0 {
                    let (response, reason) = answers[answered % answers.count]
                    try store.answerAlert(
                        id, alert: alert.id, response: response, reason: reason, evidenceDate: alert.evidenceDate,
                        role: .system)
                    answered += 1
                }
                flagged += 1
            }
            if index % 3 == 0, let last = try store.summary(id).sessions.last {
                let areas: [ObstacleArea: ObstacleAnswer] =
                    index % 2 == 0
                    ? [.relationship: .no, .motivation: .unsure, .support: .yes, .lifeEvents: .yes, .risk: .no]
                    : [.relationship: .yes, .motivation: .yes, .support: .no, .lifeEvents: .no, .risk: .no]
                try store.recordObstacles(id, date: last.date, answers: areas, role: .system)
                checks += 1
            }
        }
        return (answered, checks)
    }
}
