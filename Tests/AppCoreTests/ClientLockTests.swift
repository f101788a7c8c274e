import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

/// Field-test items 4, 5, 15, 17: a client never reaches the therapist's shell or menu, "finish
/// later", the short idle time on screens with earlier answers, the home menu's therapist entries.
@Suite("client lock, finish later, still there, home entries")
struct ClientLockTests {
    static func therapistQuestionnaire() throws -> Questionnaire {
        let catalog = try Fixtures.catalog()
        return Questionnaire(
            clientId: try Fixture.client(), session: 3, sessionDate: Fixture.date, rater: .therapist, source: .rate,
            names: PlaceholderNames(), instruments: [try catalog.instrument("wai-sr-therapist")])
    }

    @Test func qInAClientsRateAsksForThePassphraseAndEscGoesBack() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        d.send(.confirmRequested, .answerChosen(1))
        let before = try #require(d.q)
        // From here each step states all it does to the state, and its effects (never `.quit`
        // before the right passphrase).
        var store = TestStore(d.state, now: Fixture.now, reduce: { AppReducer.reduce(&$0, $1, now: $2) })
        func asking(_ entry: TextEntry = TextEntry()) -> Phase {
            .locked(Lock(purpose: .leave, entry: entry, paused: before, message: Lock.askToLeave))
        }
        store.send(.quitRequested) { $0.phase = asking() }
        store.send(.cancelRequested) { $0.phase = .questionnaire(before) }
        store.send(.quitRequested) { $0.phase = asking() }
        store.send(.characterTyped("x")) { $0.phase = asking(TextEntry(text: "x")) }
        store.send(.confirmRequested, effects: [.checkPassphrase("x")]) { $0.phase = asking() }
        store.send(.passphraseChecked(false)) {
            $0.phase = asking(TextEntry(notice: "Wrong passphrase."))
            $0.passphraseBackoff.failures = 1
        }
        store.send(.passphraseChecked(true), effects: [.clearScreen, .quit]) { $0.passphraseBackoff = Backoff() }
    }

    @Test func qOnTheTherapistsOwnFormQuitsAtOnce() throws {
        var d = Driver(Fixture.state(try Self.therapistQuestionnaire()))
        d.send(.quitRequested)
        #expect(d.effects == [.clearScreen, .quit])
    }

    @Test func aClientsRateEndsOnTheLockNotInTheShell() throws {
        var state = Fixture.state(try Fixture.questionnaire(["gad-7"]))
        state.phase = .thanks(Farewell(riskFlagged: false, scores: []))
        var d = Driver(state)
        d.send(.confirmRequested)
        #expect(d.state.phase == .locked(Lock(purpose: .leave, message: Lock.handBack)))
        #expect(d.effects == [.clearScreen])
        d.send(.cancelRequested, .quitRequested)
        #expect(d.effects == [.clearScreen])
        d.send(.passphraseChecked(true))
        #expect(d.effects == [.clearScreen, .clearScreen, .quit])
    }

    @Test func idleInAClientsRateLocksInsteadOfAMessageThatQuits() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        d.now = Fixture.now.addingTimeInterval(300)
        d.send(.tick)
        #expect(
            d.state.phase
                == .locked(
                    Lock(
                        purpose: .leave,
                        message:
                            "The questionnaire was closed after 5 minutes without activity. The answers given so far are kept."
                    )))
        #expect(d.effects == [.clearScreen])
        d.send(.confirmRequested)  // an empty passphrase is checked, never a way out
        #expect(d.effects.contains(.quit) == false)
    }

    @Test func idleOnTheLockDropsThePausedQuestionnaire() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        d.send(.confirmRequested, .answerChosen(1), .quitRequested)
        d.effects = []
        d.now = Fixture.now.addingTimeInterval(300)
        d.send(.tick)
        guard case .locked(let lock) = d.state.phase else {
            Issue.record("expected the lock, got \(d.state.phase)")
            return
        }
        #expect(lock.paused == nil)
        #expect(d.effects == [.clearScreen])
    }

    @Test func finishLaterInTheKioskSavesWipesAndWelcomesTheNextPerson() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"]), mode: .kiosk))
        d.send(.confirmRequested, .answerChosen(2), .answerChosen(3))
        let q = try #require(d.q)
        d.effects = []
        d.send(.finishLaterRequested)
        #expect(d.effects == [.saveDraft(q.draft(updatedAt: Fixture.now)), .clearScreen])
        #expect(d.state == AppState(mode: .kiosk, phase: .welcome(TextEntry()), now: Fixture.now))
    }

    @Test func finishLaterInRateLocksAndSaysTheAnswersAreSavedOnlyWhenTheyAre() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        d.send(.confirmRequested, .answerChosen(2))
        d.effects = []
        d.send(.finishLaterRequested)
        #expect(d.state.phase == .locked(Lock(purpose: .leave, message: Lock.savedForLater)))
        #expect(d.effects.last == .clearScreen)
        // The save at "finish later" failed: the message must change.
        d.send(.draftSaveFailed("disk full"))
        #expect(d.state.phase == .locked(Lock(purpose: .leave, message: Lock.notSaved)))

        var e = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        e.send(.confirmRequested, .answerChosen(2), .draftSaveFailed("disk full"), .finishLaterRequested)
        #expect(e.state.phase == .locked(Lock(purpose: .leave, message: Lock.notSaved)))
    }

    @Test func theReviewScreenAsksAreYouStillThereAfterAMinuteThenWipes() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"]), mode: .kiosk))
        d.send(.confirmRequested)
        for _ in 0..<7 { d.send(.answerChosen(1)) }
        #expect(d.q?.step == .review)
        d.effects = []
        d.now = Fixture.now.addingTimeInterval(59)
        d.send(.tick)
        #expect(d.state.askingPresence == false)
        d.now = Fixture.now.addingTimeInterval(60)
        d.send(.tick)
        #expect(d.state.askingPresence)
        #expect(d.effects == [.clearScreen])
        // A key brings the questions back …
        d.send(.presenceConfirmed)
        #expect(d.state.askingPresence == false)
        #expect(d.q?.step == .review)
        // … and without one the screen is wiped 30 s after the question.
        d.now = Fixture.now.addingTimeInterval(120)
        d.send(.tick)
        #expect(d.state.askingPresence)
        d.now = Fixture.now.addingTimeInterval(149)
        d.send(.tick)
        #expect(d.q != nil)
        d.now = Fixture.now.addingTimeInterval(150)
        d.send(.tick)
        #expect(d.state.phase == .welcome(TextEntry()))
        #expect(d.state.askingPresence == false)
    }

    @Test func anAnsweredItemReachedWithBackTimesOutSoonerAnOpenOneDoesNot() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"]), mode: .kiosk))
        d.send(.confirmRequested, .answerChosen(1))
        d.now = Fixture.now.addingTimeInterval(60)
        d.send(.tick)
        #expect(d.state.askingPresence == false)  // item 2 shows no earlier answer
        d.send(.backRequested)
        #expect(d.q?.step == .item(0))
        d.now = Fixture.now.addingTimeInterval(120)
        d.send(.tick)
        #expect(d.state.askingPresence)
    }

    @Test func skipOnAnAnsweredItemKeepsTheAnswer() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["wai-sr"])))
        d.send(.confirmRequested, .answerChosen(4), .backRequested)
        #expect(d.q?.step == .item(0))
        d.effects = []
        d.send(.skipRequested)
        #expect(d.q?.answer(at: 0) == 4)
        #expect(d.q?.step == .item(0))
        #expect(d.q?.notice == "This question is answered. To change it, choose another answer.")
        #expect(d.effects.isEmpty)
    }

    @Test func digitsOnTheKioskThankYouStartTheNextCode() {
        var state = AppState.start(.kiosk, now: Fixture.now)
        state.phase = .thanks(Farewell(riskFlagged: false, scores: []))
        var d = Driver(state)
        d.send(.characterTyped("4"), .characterTyped("2"))
        #expect(d.state.phase == .welcome(TextEntry(text: "42")))
    }

    @Test func aBatteryAlreadyDoneTodaySaysSo() throws {
        var q = try Fixture.questionnaire(["gad-7"])
        q.submitted = ["gad-7"]
        var d = Driver(AppState.start(.kiosk, now: Fixture.now))
        d.state.phase = .opening
        d.send(.batteryOpened(q))
        #expect(
            d.state.phase
                == .welcome(
                    TextEntry(
                        notice:
                            "Today's questionnaires were already answered, so there is nothing to fill in now. Please ask your therapist."
                    )))
    }

    @Test func homeEntriesExplainAMissingPassphraseWithoutLeaving() {
        var d = Driver(AppState.start(.home, settings: AppSettings(hasPassphrase: false), now: Fixture.now))
        for choice in [HomeChoice.rate, .kiosk, .review, .addClient, .kioskCode] {
            d.send(.menuChosen(choice))
            #expect(d.state.phase == .home(selected: choice.rawValue, notice: AppReducer.noPassphraseNotice))
        }
        #expect(d.effects.isEmpty)
    }

    @Test func theMissingPassphraseHintNamesTheDataDirectory() {
        var settings = AppSettings(hasPassphrase: false)
        settings.initCommand = "rapport init --data-dir /srv/clinic"
        var d = Driver(AppState.start(.home, settings: settings, now: Fixture.now))
        d.send(.menuChosen(.review))
        guard case .home(_, let notice?) = d.state.phase else {
            Issue.record("no notice: \(d.state.phase)")
            return
        }
        #expect(notice.contains("'rapport init --data-dir /srv/clinic'"), "\(notice)")
    }

    @Test func homeAddsAClientAndMakesACodeBehindThePassphrase() throws {
        var d = Driver(AppState.start(.home, now: Fixture.now))
        d.send(.menuChosen(.addClient))
        #expect(
            d.state.phase
                == .locked(Lock(purpose: .menu(.addClient), message: "Add a client: the therapist passphrase, please."))
        )
        d.send(.passphraseChecked(true))
        #expect(d.state.phase == .form(HomeForm(kind: .addClient)))
        for c in "C9" { d.send(.characterTyped(c)) }
        d.send(.confirmRequested)
        for c in "Dr Lee" { d.send(.characterTyped(c)) }
        d.send(.confirmRequested)
        #expect(d.effects.last == .addClient(try ClientID("C9"), therapist: "Dr Lee"))
        d.send(.formDone(Notice(title: "Client added", text: "Client C9 was added.")))
        #expect(d.state.phase == .message(Notice(title: "Client added", text: "Client C9 was added.")))
        d.send(.confirmRequested)
        #expect(d.state.phase == .home(selected: 0, notice: nil))
        #expect(d.effects.last == .clearScreen)

        d.send(.menuChosen(.kioskCode), .passphraseChecked(true))
        for c in "C9" { d.send(.characterTyped(c)) }
        d.send(.confirmRequested)
        #expect(d.effects.last == .makeCode(try ClientID("C9")))
        d.send(.formFailed("no client C9 in this data directory"))
        #expect(
            d.state.phase
                == .form(
                    HomeForm(
                        kind: .kioskCode, entry: TextEntry(text: "C9", notice: "no client C9 in this data directory"))))
    }

    @Test func aFailedSaveIsRememberedForTheExitStatus() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"])))
        #expect(d.state.saveFailed == false)
        d.send(.confirmRequested, .answerChosen(1), .draftSaveFailed("disk full"), .finishLaterRequested)
        #expect(d.state.questionnaire == nil)
        #expect(d.state.saveFailed)
    }

    @Test func durationsAreTheTrueTime() {
        #expect(AppReducer.durationText(seconds: 10) == "10 seconds")
        #expect(AppReducer.durationText(seconds: 90) == "90 seconds")
        #expect(AppReducer.durationText(seconds: 60) == "1 minute")
        #expect(AppReducer.durationText(seconds: 300) == "5 minutes")
    }

    @Test func instructionsSpeakToTheRaterWhenNoTherapistNameIsSet() throws {
        var q = try Fixture.questionnaire(["wai-sr"])
        q.names = PlaceholderNames()
        #expect(q.instructions.contains("your sessions with your therapist"))
        #expect(!q.instructions.contains("my therapist"))
    }
}
