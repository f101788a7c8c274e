import Foundation
import Instruments
import Store
import TestSupport

@testable import AppCore

/// Shared helpers for the reducer tests.
enum Fixture {
    static let now = Fixtures.referenceDate
    static let date = SessionDate(date: Fixtures.referenceDate, timeZone: TimeZone(identifier: "UTC") ?? .current)

    static func client() throws -> ClientID { try ClientID("C1") }

    /// A questionnaire over `ids`, on the first instrument's intro.
    static func questionnaire(
        _ ids: [String], answers: [String: [Int?]] = [:], skipped: [String: [Int]] = [:],
        source: RecordSource = .rate
    ) throws -> Questionnaire {
        let catalog = try Fixtures.catalog()
        return Questionnaire(
            clientId: try client(), session: 3, sessionDate: date, rater: .client, source: source,
            names: PlaceholderNames(therapist: "Dr Lee"), instruments: try ids.map { try catalog.instrument($0) },
            answers: answers, skipped: skipped)
    }

    /// An app state showing `q` (moved to its resume point).
    static func state(_ q: Questionnaire, mode: AppMode = .rate) -> AppState {
        var q = q
        _ = q.moveToResumePoint()
        return AppState(mode: mode, phase: .questionnaire(q), now: now)
    }
}

/// Runs actions through the reducer, collecting effects.
struct Driver {
    var state: AppState
    var now: Date
    var effects: [Effect] = []

    init(_ state: AppState, now: Date = Fixture.now) {
        self.state = state
        self.now = now
    }

    mutating func send(_ actions: Action...) {
        for a in actions {
            effects += AppReducer.reduce(&state, a, now: now)
        }
    }

    /// The questionnaire on screen (a failing placeholder when none, so expectations fail).
    var q: Questionnaire? { state.questionnaire }
}
