import AppCore
import Foundation
import Instruments
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// The dashboard's prompts and alert answers at 80×24 and 120×40.
@Suite("feedback review snapshots", .serialized)
struct FeedbackReviewSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    func drive(_ effects: ReviewEffects, _ actions: [ReviewAction], from start: ReviewState) -> ReviewState {
        var state = start
        var queue = actions
        while !queue.isEmpty {
            let next = queue.removeFirst()
            for effect in ReviewReducer.reduce(&state, next, now: Fixtures.referenceDate) {
                queue.insert(contentsOf: effects.perform(effect), at: 0)
            }
        }
        return state
    }

    @Test func dashboardWithPromptsAndAnswers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = DataStore(root: dir.appending("data"), clock: FixedClock(Fixtures.referenceDate))
        try store.initialize()
        let id = try ClientID("C1")
        try store.addClient(id)
        let phq = try Fixtures.instrument("phq-9")
        let wai = try Fixtures.instrument("wai-sr")
        for (date, p, w) in [
            ("2026-10-20", [1, 1, 1, 1, 1, 1, 1, 2, 0], [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]),
            ("2026-10-27", [2, 2, 1, 1, 1, 1, 2, 2, 0], [4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4]),
            ("2026-11-03", [2, 2, 2, 2, 2, 2, 2, 2, 0], [4, 4, 4, 4, 4, 5, 4, 4, 4, 4, 4, 4]),
        ] {
            for (instrument, answers) in [(phq, p), (wai, w)] {
                try store.save(
                    NewAdministration(
                        clientId: id, sessionDate: try SessionDate(date), rater: .client, instrument: instrument,
                        answers: answers, administeredAt: Fixtures.referenceDate, source: .cli))
            }
        }
        try store.recordObstacles(id, date: try SessionDate("2026-11-03"), answers: [.lifeEvents: .yes])
        var effects = ReviewEffects(
            store: store, catalog: try Fixtures.catalog(), passphrase: try Passphrase.hash("pw", rounds: 1_000))
        effects.prompts = try PromptLoader.loadDirectory(
            Fixtures.repositoryRoot.appendingPathComponent("assets/prompts"))
        let open = drive(
            effects, "pw".map { .characterTyped($0) } + [.confirmRequested, .confirmRequested],
            from: ReviewState(now: Fixtures.referenceDate))
        #expect(open.screen == .dashboard)
        let answering = drive(
            effects, [.answerRequested, .characterTyped("x")] + "entry slip".map { .characterTyped($0) }, from: open)
        let answered = drive(effects, [.confirmRequested], from: answering)
        for size in Self.sizes {
            for (state, name) in [(open, "prompts"), (answering, "answering"), (answered, "answered")] {
                let screen = ReviewAppView.render(state, size: size, colorMode: .none)
                // Never anything client-facing here, but the prompts are therapist-only: the
                // section says so.
                if name == "prompts", size.height >= 24 {
                    #expect(screen.textSnapshot().contains("Prompts (therapist only)"))
                }
                try Snapshot.assert(screen, named: "review-feedback-\(name)-\(size.width)x\(size.height)")
            }
        }
    }
}
