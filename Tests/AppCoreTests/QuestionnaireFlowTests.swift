import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

@Suite("questionnaire flow")
struct QuestionnaireFlowTests {
    @Test func introEnterShowsFirstItem() throws {
        let q0 = try Fixture.questionnaire(["phq-9"])
        var d = Driver(Fixture.state(q0))
        #expect(d.q?.step == .intro)
        d.send(.confirmRequested)
        var expected = q0
        expected.step = .item(0)
        #expect(d.state == AppState(mode: .rate, phase: .questionnaire(expected), now: Fixture.now))
        #expect(d.effects.isEmpty)
    }

    @Test func digitAnswersSavesDraftAndMovesOn() throws {
        let q0 = try Fixture.questionnaire(["phq-9"])
        var d = Driver(Fixture.state(q0))
        d.send(.confirmRequested, .answerChosen(2))
        var expected = q0
        expected.answers["phq-9"]?[0] = 2
        expected.step = .item(1)
        #expect(d.state.phase == .questionnaire(expected))
        #expect(d.effects == [.saveDraft(expected.draft(updatedAt: Fixture.now))])
        #expect(
            d.effects.first.map { if case .saveDraft(let dr) = $0 { dr.answers["phq-9"]?[0] == 2 } else { false } }
                == true)
    }

    @Test func valueOffTheScaleIsRefusedWithANotice() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["phq-9"])))
        d.send(.confirmRequested, .answerChosen(7))
        #expect(d.q?.step == .item(0))
        #expect(d.q?.answer(at: 0) == nil)
        #expect(d.q?.notice == "Choose 0–3.")
        #expect(d.effects.isEmpty)
    }

    @Test func arrowsMoveHighlightAndEnterConfirms() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["wai-sr"])))
        d.send(.confirmRequested, .highlightMoved(1))
        #expect(d.q?.highlighted == 0)
        d.send(.highlightMoved(1), .highlightMoved(1), .highlightMoved(-1))
        #expect(d.q?.highlighted == 1)
        d.send(.highlightMoved(-1), .highlightMoved(-1))
        #expect(d.q?.highlighted == 0)
        d.send(.confirmRequested)
        #expect(d.q?.answers["wai-sr"]?[0] == 1)
        #expect(d.q?.step == .item(1))
        #expect(d.q?.highlighted == nil)
    }

    @Test func enterWithoutChoiceExplains() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["wai-sr"])))
        d.send(.confirmRequested, .confirmRequested)
        #expect(d.q?.step == .item(0))
        #expect(d.q?.notice == "Choose an answer: 1–5, or ↑/↓ then Enter.")
    }

    @Test func backGoesToPreviousItemWithItsAnswerHighlighted() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["wai-sr"])))
        d.send(.confirmRequested, .answerChosen(4), .answerChosen(2))
        #expect(d.q?.step == .item(2))
        d.send(.backRequested)
        #expect(d.q?.step == .item(1))
        #expect(d.q?.highlighted == 1)  // value 2 is the second option
        d.send(.backRequested)
        #expect(d.q?.highlighted == 3)
        d.send(.backRequested)
        #expect(d.q?.step == .intro)
        d.send(.backRequested)
        #expect(d.q?.step == .intro)
        // Answers survive going back.
        #expect(d.q?.answers["wai-sr"]?.prefix(2) == [4, 2])
    }

    @Test func skipAllowedOncePerScaleThatPermitsOneMissing() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["phq-9"])))
        d.send(.confirmRequested, .skipRequested)
        #expect(d.q?.step == .item(1))
        #expect(d.q?.skipped["phq-9"] == [1])
        #expect(d.effects.count == 1)
        // The total allows one missing item: a second skip is refused.
        d.send(.skipRequested)
        #expect(d.q?.step == .item(1))
        #expect(d.q?.notice == "This question needs an answer.")
        #expect(d.q?.skipped["phq-9"] == [1])
        #expect(d.effects.count == 1)
    }

    @Test func skipRefusedWhereNoMissingAllowed() throws {
        // ECR-RS anxiety allows no missing item (items 7–9).
        let inst = try Fixtures.instrument("ecr-rs")
        let anxiety = try #require(inst.scales.first { $0.maxMissing == 0 })
        let item = try #require(anxiety.items.first)
        var q = try Fixture.questionnaire(["ecr-rs"])
        let index = try #require(inst.items.firstIndex { $0.number == item })
        q.enterItem(index)
        #expect(!q.canSkip(at: index))
        var d = Driver(AppState(mode: .rate, phase: .questionnaire(q), now: Fixture.now))
        d.send(.skipRequested)
        #expect(d.q?.step == .item(index))
        #expect(d.q?.notice == "This question needs an answer.")
    }

    @Test func answeringASkippedItemUnskipsIt() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["phq-9"])))
        d.send(.confirmRequested, .skipRequested, .backRequested, .answerChosen(1))
        #expect(d.q?.skipped["phq-9"] == nil)
        #expect(d.q?.answers["phq-9"]?[0] == 1)
    }

    @Test func lastAnswerOpensReviewAndNumbersReopenItems() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["wai-sr"])))
        d.send(.confirmRequested)
        for _ in 0..<12 { d.send(.answerChosen(3)) }
        #expect(d.q?.step == .review)
        // "1" could be 1, 10, 11 or 12: it waits.
        d.send(.reviewNumberTyped(1))
        #expect(d.q?.step == .review)
        #expect(d.q?.pendingNumber == "1")
        d.send(.reviewNumberTyped(2))
        #expect(d.q?.step == .item(11))
        #expect(d.q?.editingFromReview == true)
        d.send(.answerChosen(5))
        #expect(d.q?.step == .review)
        #expect(d.q?.answers["wai-sr"]?[11] == 5)
        #expect(d.q?.editingFromReview == false)
        // The edit is in the draft at once, before any submission.
        guard case .saveDraft(let draft) = d.effects.last else {
            Issue.record("expected a draft save after the edit")
            return
        }
        #expect(draft.answers["wai-sr"]?[11] == 5)
        #expect(draft.submitted.isEmpty)
        // "1" then Enter opens item 1.
        d.send(.reviewNumberTyped(1), .confirmRequested)
        #expect(d.q?.step == .item(0))
        // Back from an item opened on the review returns to the review unchanged.
        d.send(.backRequested)
        #expect(d.q?.step == .review)
        #expect(d.q?.answers["wai-sr"]?[0] == 3)
        // A digit that cannot start an item number is refused.
        d.send(.reviewNumberTyped(0))
        #expect(d.q?.notice == "There is no item 0. Items are numbered 1–12.")
        #expect(d.q?.step == .review)
    }

    @Test func reviewEnterSubmitsThenNextInstrument() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7", "phq-9"])))
        d.send(.confirmRequested)
        for _ in 0..<7 { d.send(.answerChosen(1)) }
        d.effects = []
        d.send(.confirmRequested)
        let q = try #require(d.q)
        #expect(q.saving)
        let submission = Submission(
            clientId: try Fixture.client(), session: 3, sessionDate: Fixture.date, rater: .client,
            instrument: try Fixtures.instrument("gad-7"), answers: Array(repeating: 1, count: 7), source: .rate)
        #expect(d.effects == [.submit(submission)])
        // Keys are ignored while saving.
        d.send(.backRequested)
        #expect(d.q?.step == .review)
        d.effects = []
        let score = SubmittedScore(title: "GAD-7", scaleLabel: "Total", score: 7, band: "mild")
        d.send(.submissionSaved(instrument: "gad-7", score: score, risk: false))
        #expect(d.q?.index == 1)
        #expect(d.q?.step == .intro)
        #expect(d.q?.submitted == ["gad-7"])
        #expect(d.q?.saving == false)
        guard case .saveDraft(let draft) = d.effects.first else {
            Issue.record("expected a draft save, got \(d.effects)")
            return
        }
        #expect(draft.submitted == ["gad-7"])
    }

    @Test func submissionFailureKeepsReviewWithNotice() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        d.send(.confirmRequested)
        for _ in 0..<7 { d.send(.answerChosen(0)) }
        d.send(.confirmRequested, .submissionFailed("disk full"))
        #expect(d.q?.step == .review)
        #expect(d.q?.saving == false)
        // No store message (it may name a path) on the client's screen.
        #expect(
            d.q?.notice == "Your answers could not be submitted; they are saved for later. Please tell your therapist.")
    }

    @Test func submissionFailureAfterADraftFailureNeverClaimsTheAnswersAreKept() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        d.send(.confirmRequested)
        for _ in 0..<7 { d.send(.answerChosen(0)) }
        d.send(.draftSaveFailed("/data/clients/C1/drafts/3-client.json: write failed: No space left on device"))
        d.send(.confirmRequested, .submissionFailed("/data/clients/C1/x.json: write failed"))
        #expect(d.q?.notice == "Your answers could not be submitted or saved. Please tell your therapist.")
        #expect(d.q?.notice?.contains("/") == false)
    }

    @Test func lastSubmissionEndsBatteryDeletesDraftAndClears() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"]), mode: .kiosk))
        d.send(.confirmRequested)
        for _ in 0..<7 { d.send(.answerChosen(0)) }
        d.send(.confirmRequested)
        d.effects = []
        let score = SubmittedScore(title: "GAD-7", scaleLabel: "Total", score: 0, band: "minimal")
        d.send(.submissionSaved(instrument: "gad-7", score: score, risk: false))
        #expect(d.state.phase == .thanks(Farewell(riskFlagged: false, scores: [])))
        #expect(d.effects == [.deleteDraft(try Fixture.client(), session: 3, rater: .client), .clearScreen])
    }

    @Test func riskAnswerIsFlaggedAndTheBatteryGoesOnAsUsual() throws {
        // No screen of its own: the next screen is the same as after an answer without risk.
        var states: [AppState] = []
        for risk in [true, false] {
            var d = Driver(Fixture.state(try Fixture.questionnaire(["phq-9", "gad-7"])))
            d.send(.confirmRequested)
            for v in [0, 1, 0, 1, 0, 1, 0, 1, risk ? 2 : 0] { d.send(.answerChosen(v)) }
            d.send(.confirmRequested)
            let score = SubmittedScore(title: "PHQ-9", scaleLabel: "Total", score: 6, band: "mild")
            d.send(.submissionSaved(instrument: "phq-9", score: score, risk: risk))
            #expect(d.q?.riskFlagged == risk)
            #expect(d.q?.index == 1)
            #expect(d.q?.step == .intro)
            states.append(d.state)
        }
        var flagged = states[0]
        if case .questionnaire(var q) = flagged.phase {
            q.riskFlagged = false
            q.answers = states[1].questionnaire?.answers ?? [:]
            flagged.phase = .questionnaire(q)
        }
        #expect(flagged == states[1])
    }

    @Test func scoresShownOnlyWhenClinicAllows() throws {
        for show in [false, true] {
            var state = Fixture.state(try Fixture.questionnaire(["gad-7"]))
            state.settings.showScoresToClient = show
            var d = Driver(state)
            d.send(.confirmRequested)
            for _ in 0..<7 { d.send(.answerChosen(2)) }
            d.send(.confirmRequested)
            let score = SubmittedScore(title: "GAD-7", scaleLabel: "Total", score: 14, band: "moderate")
            d.send(.submissionSaved(instrument: "gad-7", score: score, risk: false))
            #expect(d.state.phase == .thanks(Farewell(riskFlagged: false, scores: show ? [score] : [])))
        }
    }

    @Test func resumeAtFirstUnansweredNotSkippedItem() throws {
        var answers: [Int?] = Array(repeating: nil, count: 9)
        answers[0] = 1
        answers[2] = 2
        var q = try Fixture.questionnaire(["gad-7", "phq-9"], answers: ["phq-9": answers], skipped: ["phq-9": [2]])
        q.submitted = ["gad-7"]
        let movedQ = q.moveToResumePoint()
        #expect(movedQ)
        #expect(q.index == 1)
        #expect(q.step == .item(3))  // item 2 was skipped, item 3 answered
        // A fully answered instrument resumes on its review.
        var all = try Fixture.questionnaire(["gad-7"], answers: ["gad-7": Array(repeating: 1, count: 7)])
        let movedAll = all.moveToResumePoint()
        #expect(movedAll)
        #expect(all.step == .review)
        // Nothing answered: the intro.
        var none = try Fixture.questionnaire(["gad-7"])
        let movedNone = none.moveToResumePoint()
        #expect(movedNone)
        #expect(none.step == .intro)
        // Everything submitted: nothing to resume.
        var done = try Fixture.questionnaire(["gad-7"])
        done.submitted = ["gad-7"]
        let movedDone = done.moveToResumePoint()
        #expect(!movedDone)
    }

    @Test func openedBatteryWithEverythingSubmittedSaysSoInsteadOfThanks() throws {
        // Not "Thank you, your answers have been saved" for answers nobody gave just now.
        var q = try Fixture.questionnaire(["gad-7"])
        q.submitted = ["gad-7"]
        var d = Driver(AppState.start(.rate, now: Fixture.now))
        d.send(.batteryOpened(q))
        #expect(
            d.state.phase
                == .message(
                    Notice(
                        title: "Nothing to fill in",
                        text:
                            "Today's questionnaires were already answered, so there is nothing to fill in now. Please ask your therapist."
                    )))
        #expect(d.effects == [.deleteDraft(try Fixture.client(), session: 3, rater: .client), .clearScreen])
    }

    @Test func quitKeepsDraftInRateButNotInKiosk() throws {
        var rate = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        rate.send(.confirmRequested, .answerChosen(1), .quitRequested)
        rate.send(.passphraseChecked(true))
        #expect(rate.effects.suffix(2) == [.clearScreen, .quit])
        #expect(!rate.effects.contains { if case .deleteDraft = $0 { true } else { false } })
        var kiosk = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"]), mode: .kiosk))
        kiosk.send(.confirmRequested, .quitRequested)
        #expect(kiosk.effects.isEmpty)
        #expect(kiosk.q?.step == .item(0))
    }

    @Test func helpShowsAndAnyKeyHides() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        d.send(.helpRequested)
        #expect(d.state.showingHelp)
        d.send(.helpDismissed)
        #expect(!d.state.showingHelp)
    }
}
