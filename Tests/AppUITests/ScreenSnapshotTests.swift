import AppCore
import Foundation
import Instruments
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// Whole-screen text snapshots (with style runs and the cursor) of every screen at 80×24 and 40×12.
@Suite("screen snapshots")
struct ScreenSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 40, height: 12)]
    let now = Fixtures.referenceDate

    func check(_ state: AppState, _ name: String, colorMode: ColorMode = .none) throws {
        for size in Self.sizes {
            let screen = AppView.render(state, size: size, colorMode: colorMode)
            try Snapshot.assert(screen, named: "\(name)-\(size.width)x\(size.height)")
        }
    }

    func questionnaireState(_ q: Questionnaire, mode: AppMode = .rate) -> AppState {
        AppState(mode: mode, phase: .questionnaire(q), now: now)
    }

    @Test func home() throws {
        try check(AppState.start(.home, now: now), "home")
        try check(
            AppState(
                mode: .home,
                phase: .home(
                    selected: 2,
                    notice:
                        "The questionnaire was closed after 5 minutes without activity. The answers given so far are kept."
                ),
                now: now), "home-notice")
    }

    @Test func clientPrompt() throws {
        try check(
            AppState(mode: .home, phase: .clientPrompt(TextEntry(text: "C1"), rater: .client), now: now),
            "client-prompt")
        try check(
            AppState(
                mode: .home,
                phase: .clientPrompt(
                    TextEntry(text: "C9", notice: "no client C9 in this data directory"), rater: .therapist),
                now: now), "client-prompt-error")
    }

    @Test func kioskWelcome() throws {
        try check(AppState.start(.kiosk, now: now), "welcome")
        try check(
            AppState(
                mode: .kiosk,
                phase: .welcome(
                    TextEntry(text: "123", notice: "This code was not recognised. Please check it and try again.")),
                now: now), "welcome-typing")
    }

    @Test func kioskUnlock() throws {
        try check(
            AppState(mode: .kiosk, phase: .unlock(TextEntry(text: "secret", notice: "Wrong passphrase.")), now: now),
            "unlock")
    }

    @Test func opening() throws {
        try check(AppState.start(.rate, now: now), "opening")
    }

    @Test func intro() throws {
        try check(
            questionnaireState(try AppFixtures.questionnaire(["wai-sr", "si-therapist", "phq-9", "gad-7"])), "intro")
    }

    @Test func itemWithChoiceHighlighted() throws {
        var q = try AppFixtures.questionnaire(["wai-sr", "si-therapist", "phq-9", "gad-7"])
        q.answers["wai-sr"] = [4, 3, 5, nil, nil, nil, nil, nil, nil, nil, nil, nil]
        q.enterItem(3)
        q.highlighted = 2
        try check(questionnaireState(q), "item-wai-sr")
        try check(questionnaireState(q), "item-wai-sr-colour", colorMode: .extended)
    }

    @Test func itemWithoutChoiceAndStem() throws {
        var q = try AppFixtures.questionnaire(["wai-sr", "si-therapist", "phq-9", "gad-7"])
        q.submitted = ["wai-sr", "si-therapist"]
        _ = q.moveToResumePoint()
        q.enterItem(8)
        try check(questionnaireState(q, mode: .kiosk), "item-phq-9-kiosk")
    }

    @Test func sevenPointItemWithNotice() throws {
        var q = try AppFixtures.questionnaire(["ecr-rs"])
        q.enterItem(0)
        q.notice = "This question needs an answer."
        try check(questionnaireState(q), "item-ecr-rs-notice")
    }

    @Test func review() throws {
        var answers: [Int?] = [4, 3, 5, 2, 1, 4, 5, 3, 2, 4, 5, 3]
        answers[6] = nil
        let q = try AppFixtures.questionnaire(
            ["wai-sr", "gad-7"], answers: ["wai-sr": answers], skipped: ["wai-sr": [7]])
        try check(questionnaireState(q), "review")
        var pending = q
        pending.pendingNumber = "1"
        pending.reviewOffset = 4
        try check(questionnaireState(pending), "review-pending-scrolled")
    }

    @Test func secondIntroCarriesTheSupportSentenceForEveryone() throws {
        var q = try AppFixtures.questionnaire(["phq-9", "gad-7"])
        q.index = 1
        try check(questionnaireState(q), "intro-second")
    }

    @Test func thanks() throws {
        try check(
            AppState(mode: .rate, phase: .thanks(Farewell(riskFlagged: false, scores: [])), now: now), "thanks")
        let scores = [
            SubmittedScore(title: "WAI-SR", scaleLabel: "Total", score: 3.75, band: nil),
            SubmittedScore(title: "PHQ-9", scaleLabel: "Total", score: 11, band: "moderate"),
        ]
        try check(
            AppState(mode: .kiosk, phase: .thanks(Farewell(riskFlagged: true, scores: scores)), now: now),
            "thanks-risk-scores")
    }

    @Test func message() throws {
        let notice = Notice(
            title: "Review",
            text:
                "The review screens (trend charts, ruptures, risk items, the client–therapist gap) arrive with 'rapport review' in a later version. Until then, use 'rapport client list' and 'rapport export'."
        )
        try check(AppState(mode: .home, phase: .message(notice), now: now), "message-review")
    }

    @Test func help() throws {
        var state = questionnaireState(try AppFixtures.questionnaire(["wai-sr"]))
        state = AppReducer.reduce(state, .confirmRequested, now: now).0
        state.showingHelp = true
        try check(state, "help")
    }

    @Test func tooSmall() throws {
        let state = questionnaireState(try AppFixtures.questionnaire(["wai-sr"]))
        for size in [
            Size(width: 39, height: 24), Size(width: 80, height: 11), Size(width: 10, height: 3),
            Size(width: 0, height: 0),
        ] {
            let screen = AppView.render(state, size: size)
            #expect(screen.size == size)
            if size.width >= 20 && size.height >= 3 {
                #expect(screen.textSnapshot().contains("Please enlarge"))
            }
        }
        try Snapshot.assert(AppView.render(state, size: Size(width: 39, height: 11)), named: "too-small-39x11")
    }

    @Test func longItemTextWrapsAtWordsNeverMidWord() throws {
        let q = try AppFixtures.questionnaire(["wai-sr"])
        let inst = q.instrument
        for (index, item) in inst.items.enumerated() {
            var qi = q
            qi.enterItem(index)
            let screen = AppView.render(questionnaireState(qi), size: Size(width: 40, height: 12))
            let text = screen.textSnapshot()
            // Every word of the item text appears whole on the screen.
            for word in inst.text(of: item, names: q.names).split(separator: " ") {
                #expect(text.contains(word), "item \(item.number): '\(word)' was cut")
            }
        }
    }

    @Test func cursorSitsOnTheHighlightedOption() throws {
        var q = try AppFixtures.questionnaire(["gad-7"])
        q.enterItem(0)
        q.highlighted = 2
        let screen = AppView.render(questionnaireState(q), size: Size(width: 80, height: 24))
        let cursor = try #require(screen.cursor)
        #expect(screen.line(cursor.y).contains("▸ 2  More than half the days"))
        #expect(screen[cursor.x, cursor.y].style.reverse)
    }
}

/// The screens added for the field-test items: the lock, the therapist forms, "Are you still
/// there?", the therapist's own thank-you.
@Suite("screen snapshots: lock, forms, presence")
struct LockSnapshotTests {
    let now = Fixtures.referenceDate

    func check(_ state: AppState, _ name: String) throws {
        for size in ScreenSnapshotTests.sizes {
            try Snapshot.assert(AppView.render(state, size: size), named: "\(name)-\(size.width)x\(size.height)")
        }
    }

    @Test func lockAfterFinishLater() throws {
        try check(
            AppState(
                mode: .rate,
                phase: .locked(Lock(purpose: .leave, entry: TextEntry(text: "abc"), message: Lock.savedForLater)),
                now: now), "lock-finish-later")
    }

    @Test func lockWhenTheClientPressedQ() throws {
        let q = try AppFixtures.questionnaire(["gad-7"])
        try check(
            AppState(
                mode: .rate,
                phase: .locked(
                    Lock(
                        purpose: .leave, entry: TextEntry(notice: "Wrong passphrase."), paused: q,
                        message: Lock.askToLeave)), now: now), "lock-paused")
    }

    @Test func homeForm() throws {
        try check(
            AppState(
                mode: .home, phase: .form(HomeForm(kind: .addClient, values: ["C9"], entry: TextEntry(text: "Dr"))),
                now: now),
            "form-add-client")
    }

    @Test func stillThere() throws {
        var q = try AppFixtures.questionnaire(["gad-7"], answers: ["gad-7": Array(repeating: 2, count: 7)])
        q.step = .review
        var state = AppState(mode: .kiosk, phase: .questionnaire(q), now: now)
        state.askingPresence = true
        try check(state, "still-there")
        // None of the answers is on the screen.
        let text = AppView.render(state, size: Size(width: 80, height: 24)).textSnapshot()
        #expect(!text.contains("More than half the days"))
        #expect(!text.contains("Feeling nervous"))
    }

    @Test func therapistThanksHasNoHandBack() throws {
        let state = AppState(
            mode: .rate, phase: .thanks(Farewell(riskFlagged: false, scores: [], rater: .therapist)), now: now)
        try check(state, "thanks-therapist")
        let text = AppView.render(state, size: Size(width: 80, height: 24)).textSnapshot()
        #expect(!text.contains("hand the terminal back"))
    }

    @Test func riskAndNoRiskThankYouScreensAreTheSame() {
        for size in ScreenSnapshotTests.sizes {
            let risk = AppView.render(
                AppState(mode: .kiosk, phase: .thanks(Farewell(riskFlagged: true, scores: [])), now: now), size: size)
            let none = AppView.render(
                AppState(mode: .kiosk, phase: .thanks(Farewell(riskFlagged: false, scores: [])), now: now), size: size)
            #expect(risk == none)
        }
    }
}
