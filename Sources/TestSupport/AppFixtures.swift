import AppCore
import Foundation
import Instruments
import Store

/// Questionnaire states for reducer, view and run-loop tests.
public enum AppFixtures {
    /// The session date of the fixtures (the reference date, UTC).
    public static var sessionDate: SessionDate {
        SessionDate(date: Fixtures.referenceDate, timeZone: TimeZone(identifier: "UTC") ?? .current)
    }

    /// A questionnaire of client C1 over `ids` (shipped instruments), session 3, therapist "Dr Lee",
    /// moved to its resume point (the first intro when nothing is answered).
    public static func questionnaire(
        _ ids: [String], answers: [String: [Int?]] = [:], skipped: [String: [Int]] = [:], source: RecordSource = .rate
    ) throws -> Questionnaire {
        let catalog = try Fixtures.catalog()
        var q = Questionnaire(
            clientId: try ClientID("C1"), session: 3, sessionDate: sessionDate, rater: .client, source: source,
            names: PlaceholderNames(therapist: "Dr Lee"), instruments: try ids.map { try catalog.instrument($0) },
            answers: answers, skipped: skipped)
        _ = q.moveToResumePoint()
        return q
    }
}
