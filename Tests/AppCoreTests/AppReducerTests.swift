import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

@Suite("app reducer: idle, kiosk, passphrase, home")
struct AppReducerTests {
    /// The reducer under test, for ``TestStore``.
    let app: (inout AppState, Action, Date) -> [Effect] = { AppReducer.reduce(&$0, $1, now: $2) }

    /// Types `code` on the kiosk's welcome screen, one digit per step (each a keypress at `now`).
    func type(
        _ code: String, into store: inout TestStore<AppState, Action, Effect>,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var typed = ""
        let now = store.now
        for c in code {
            typed.append(c)
            store.send(.characterTyped(c), sourceLocation: sourceLocation) {
                $0.phase = .welcome(TextEntry(text: typed))
                $0.lastActivity = now
            }
        }
    }

    @Test func idleWipeInKioskLeavesAFreshWelcome() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"]), mode: .kiosk))
        d.send(.confirmRequested, .answerChosen(2), .helpRequested)
        d.effects = []
        d.now = Fixture.now.addingTimeInterval(299)
        d.send(.tick)
        #expect(d.q != nil)
        #expect(d.effects.isEmpty)
        d.now = Fixture.now.addingTimeInterval(300)
        d.send(.tick)
        // Nothing of the client remains: the state equals a fresh kiosk state.
        #expect(d.state == AppState(mode: .kiosk, phase: .welcome(TextEntry()), now: Fixture.now))
        // The draft is kept (no delete, no submit): only the screen is wiped.
        #expect(d.effects == [.clearScreen])
    }

    @Test func idleWipeOnTheTherapistsOwnFormSaysTheAnswersAreKept() throws {
        var store = TestStore(
            Fixture.state(try ClientLockTests.therapistQuestionnaire()), now: Fixture.now, reduce: app)
        let later = Fixture.now.addingTimeInterval(600)
        store.now = later
        store.send(.tick, effects: [.clearScreen]) {
            $0.phase = .message(
                Notice(
                    title: "Questionnaire closed",
                    text:
                        "The questionnaire was closed after 5 minutes without activity. The answers given so far are kept."
                ))
        }
        store.send(.confirmRequested, effects: [.clearScreen, .quit]) { $0.lastActivity = later }
    }

    @Test func keysResetTheIdleClock() throws {
        var d = Driver(Fixture.state(try Fixture.questionnaire(["gad-7"]), mode: .kiosk))
        d.now = Fixture.now.addingTimeInterval(200)
        d.send(.confirmRequested)
        d.now = Fixture.now.addingTimeInterval(450)
        d.send(.tick)
        #expect(d.q?.step == .item(0))
        d.now = Fixture.now.addingTimeInterval(500)
        d.send(.tick)
        #expect(d.q == nil)
    }

    @Test func idleClearsAHalfTypedCode() {
        var d = Driver(AppState.start(.kiosk, now: Fixture.now))
        d.send(.characterTyped("1"), .characterTyped("2"))
        d.now = Fixture.now.addingTimeInterval(301)
        d.send(.tick)
        #expect(d.state.phase == .welcome(TextEntry()))
        #expect(d.effects == [.clearScreen])
    }

    @Test func kioskThanksReturnsToWelcome() throws {
        var state = AppState.start(.kiosk, now: Fixture.now)
        state.phase = .thanks(Farewell(riskFlagged: true, scores: []))
        var store = TestStore(state, now: Fixture.now.addingTimeInterval(19), reduce: app)
        store.send(.tick)
        store.now = Fixture.now.addingTimeInterval(20)
        store.send(.tick, effects: [.clearScreen]) { $0.phase = .welcome(TextEntry()) }
    }

    @Test func kioskCodeAccepted() throws {
        var store = TestStore(AppState.start(.kiosk, now: Fixture.now), now: Fixture.now, reduce: app)
        type("12345", into: &store)
        store.send(.characterTyped("x"))  // not a digit: nothing changes
        store.send(.confirmRequested) {
            $0.phase = .welcome(TextEntry(text: "12345", notice: "The code has 6 digits."))
        }
        store.send(.characterTyped("6")) { $0.phase = .welcome(TextEntry(text: "123456")) }
        store.send(.confirmRequested, effects: [.checkCode("123456")]) { $0.phase = .opening }
        // Still "Opening…": the effect that checked the code opened the battery too (the code is
        // used up only once it is open), and says so next.
        store.send(.codeChecked(.accepted(try Fixture.client())))
    }

    /// A valid code whose battery could not be opened: the client is told so on the welcome
    /// screen, and it does not count as a wrong code (no wait before the next try).
    @Test func kioskCodeWhoseBatteryCannotOpen() throws {
        var store = TestStore(AppState.start(.kiosk, now: Fixture.now), now: Fixture.now, reduce: app)
        type("123456", into: &store)
        store.send(.confirmRequested, effects: [.checkCode("123456")]) { $0.phase = .opening }
        store.send(.openFailed("instrument no-such-instrument is not installed")) {
            $0.phase = .welcome(TextEntry(notice: $0.strings["welcome.cannotOpen"]))
        }
        #expect(store.state.codeBackoff.secondsToWait(at: store.now) == 0)
        #expect(store.state.codeBackoff.failures == 0)
    }

    @Test func kioskCodeRefusedAndExpired() throws {
        var store = TestStore(AppState.start(.kiosk, now: Fixture.now), now: Fixture.now, reduce: app)
        type("111111", into: &store)
        store.send(.confirmRequested, effects: [.checkCode("111111")]) { $0.phase = .opening }
        store.send(.codeChecked(.unknown)) {
            $0.phase = .welcome(TextEntry(notice: "This code was not recognised. Please check it and try again."))
            $0.codeBackoff.failures = 1
        }
        type("222222", into: &store)
        store.send(.confirmRequested, effects: [.checkCode("222222")]) { $0.phase = .opening }
        // Two wrong codes: the next try must wait.
        store.send(.codeChecked(.expired)) {
            $0.phase = .welcome(TextEntry(notice: "This code has expired. Please ask your therapist for a new one."))
            $0.codeBackoff = Backoff(failures: 2, lockedUntil: Fixture.now.addingTimeInterval(2))
        }
        #expect(store.state.codeBackoff.secondsToWait(at: store.now) == 2)
        type("333333", into: &store)
        store.send(.confirmRequested) { $0.phase = .welcome(TextEntry(notice: "Please wait 2 seconds and try again.")) }
        store.now = store.now.addingTimeInterval(2)
        type("333333", into: &store)
        store.send(.confirmRequested, effects: [.checkCode("333333")]) { $0.phase = .opening }
    }

    @Test func kioskCodeFieldTakesOnlyDigits() {
        var d = Driver(AppState.start(.kiosk, now: Fixture.now))
        for c in "1a2b3c4d5e6f7" { d.send(.characterTyped(c)) }
        #expect(d.state.phase == .welcome(TextEntry(text: "123456")))
        d.send(.characterErased)
        #expect(d.state.phase == .welcome(TextEntry(text: "12345")))
    }

    @Test func leavingKioskNeedsThePassphraseWithBackoff() throws {
        var d = Driver(AppState.start(.kiosk, now: Fixture.now))
        d.send(.quitRequested)
        #expect(d.state.phase == .unlock(TextEntry()))
        for c in "wrong" { d.send(.characterTyped(c)) }
        d.send(.confirmRequested)
        #expect(d.effects == [.checkPassphrase("wrong")])
        #expect(d.state.phase == .unlock(TextEntry()))
        d.send(.passphraseChecked(false))
        #expect(d.state.phase == .unlock(TextEntry(notice: "Wrong passphrase.")))
        for c in "again" { d.send(.characterTyped(c)) }
        d.send(.confirmRequested, .passphraseChecked(false))
        #expect(d.state.phase == .unlock(TextEntry(notice: "Wrong passphrase. Wait 2 seconds before the next try.")))
        d.effects = []
        for c in "third" { d.send(.characterTyped(c)) }
        d.send(.confirmRequested)
        #expect(d.effects.isEmpty)
        #expect(d.state.phase == .unlock(TextEntry(notice: "Please wait 2 seconds and try again.")))
        d.now = d.now.addingTimeInterval(2)
        d.send(.characterTyped("x"), .confirmRequested, .passphraseChecked(false))
        #expect(d.state.passphraseBackoff.secondsToWait(at: d.now) == 4)
        d.now = d.now.addingTimeInterval(4)
        d.effects = []
        d.send(.characterTyped("y"), .confirmRequested, .passphraseChecked(true))
        #expect(d.effects == [.checkPassphrase("y"), .clearScreen, .quit])
        #expect(d.state.passphraseBackoff == Backoff())
    }

    @Test func backoffDoublesUpToAMinute() {
        var b = Backoff()
        var waits: [Int] = []
        for _ in 0..<9 {
            b.recordFailure(at: Fixture.now)
            waits.append(b.secondsToWait(at: Fixture.now))
        }
        #expect(waits == [0, 2, 4, 8, 16, 32, 60, 60, 60])
    }

    @Test func escapeOnUnlockReturnsToWelcome() {
        var d = Driver(AppState.start(.kiosk, now: Fixture.now))
        d.send(.cancelRequested, .characterTyped("a"), .cancelRequested)
        #expect(d.state.phase == .welcome(TextEntry()))
    }

    @Test func homeMenu() throws {
        var d = Driver(AppState.start(.home, now: Fixture.now))
        d.send(.highlightMoved(-1))
        #expect(d.state.phase == .home(selected: HomeChoice.allCases.count - 1, notice: nil))
        d.send(.highlightMoved(1), .confirmRequested)
        // Starting a rating needs the therapist passphrase (it can resume a client's draft).
        guard case .locked(let lock) = d.state.phase else {
            Issue.record("expected the passphrase, got \(d.state.phase)")
            return
        }
        #expect(lock.purpose == .menu(.rate))
        d.send(.characterTyped("p"), .confirmRequested)
        #expect(d.effects == [.checkPassphrase("p")])
        d.send(.passphraseChecked(true))
        d.effects = []
        #expect(d.state.phase == .clientPrompt(TextEntry(), rater: .client))
        d.send(.characterTyped("C"), .characterTyped(" "), .confirmRequested)
        #expect(
            d.state.phase
                == .clientPrompt(
                    TextEntry(text: "C ", notice: "A client id has 1–32 letters, digits, '_' or '-'."), rater: .client))
        d.send(.characterErased, .characterTyped("1"), .raterToggled, .confirmRequested)
        #expect(d.state.phase == .opening)
        #expect(
            d.effects == [
                .openBattery(BatteryRequest(clientId: try Fixture.client(), rater: .therapist, source: .rate))
            ])
        d.send(.openFailed("no client C1 in this data directory"))
        #expect(
            d.state.phase == .clientPrompt(TextEntry(notice: "no client C1 in this data directory"), rater: .client))
        d.send(.cancelRequested)
        d.effects = []
        d.send(.menuChosen(.review))
        #expect(d.effects == [.clearScreen, .startReview])
        d.effects = []
        d.send(.menuChosen(.kiosk))
        #expect(d.effects == [.clearScreen, .startKiosk])
        d.effects = []
        d.send(.quitRequested)
        #expect(d.effects == [.clearScreen, .quit])
    }

    @Test func homeBatteryEndsLockedThenBackAtTheMenu() throws {
        var state = Fixture.state(try Fixture.questionnaire(["gad-7"]), mode: .home)
        state.phase = .thanks(Farewell(riskFlagged: false, scores: []))
        var d = Driver(state)
        d.send(.confirmRequested)
        #expect(d.state.phase == .locked(Lock(purpose: .leave, message: Lock.handBack)))
        #expect(d.effects == [.clearScreen])
        d.send(.passphraseChecked(true))
        #expect(d.state.phase == .home(selected: 0, notice: nil))
    }

    @Test func therapistFormEndsBackAtTheMenuWithoutALock() throws {
        var state = Fixture.state(try Fixture.questionnaire(["gad-7"]), mode: .home)
        state.phase = .thanks(Farewell(riskFlagged: false, scores: [], rater: .therapist))
        var d = Driver(state)
        d.send(.confirmRequested)
        #expect(d.state.phase == .home(selected: 0, notice: nil))
        #expect(d.effects == [.clearScreen])
    }

    @Test func kioskOpenFailureShowsNothingAboutTheClient() {
        var d = Driver(AppState.start(.kiosk, now: Fixture.now))
        d.state.phase = .opening
        d.send(.openFailed("no client C1 in this data directory"))
        #expect(
            d.state.phase
                == .welcome(TextEntry(notice: "This code cannot be used right now. Please ask your therapist.")))
    }
}
