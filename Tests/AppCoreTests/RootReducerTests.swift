import Foundation
import Store
import TestSupport
import Testing

@testable import AppCore

/// The root program's reducer: entering the kiosk and the review from the home menu, and leaving
/// them, are state changes; started on their own, their quit ends the run.
@Suite("root reducer")
struct RootReducerTests {
    let root: (inout RootState, RootAction, Date) -> [RootEffect] = { RootReducer.reduce(&$0, $1, now: $2) }
    let now = Fixtures.referenceDate
    let settings = AppSettings(idleSeconds: 120)

    func home() -> RootState { RootState(.home, settings: settings, reviewIdleSeconds: 90, now: now) }

    @Test func homeToReviewAndBackIsAStateChange() {
        var store = TestStore(home(), now: now, reduce: root)
        store.send(.app(.menuChosen(.review)), effects: [.app(.clearScreen)]) {
            $0.screen = .review(ReviewState(now: now, idleSeconds: 90))
        }
        store.send(.review(.characterTyped("x"))) { $0.screen = .review(self.typed("x")) }
        // Esc on the passphrase prompt leaves the review: back to a fresh menu, the run goes on.
        let later = now.addingTimeInterval(5)
        store.now = later
        store.send(.review(.backRequested), effects: [.review(.clearScreen)]) {
            $0.screen = .app(AppState.start(.home, settings: self.settings, now: later))
        }
        // q on the menu ends the run.
        store.send(.app(.quitRequested), effects: [.app(.clearScreen), .app(.quit)]) {
            $0.screen = .app(AppState.start(.home, settings: self.settings, now: later))
        }
    }

    func typed(_ text: String) -> ReviewState {
        var state = ReviewState(now: now, idleSeconds: 90)
        state.screen = .locked(TextEntry(text: text))
        return state
    }

    @Test func homeToKioskAndBackWithThePassphrase() {
        var store = TestStore(home(), now: now, reduce: root)
        store.send(.app(.menuChosen(.kiosk)), effects: [.app(.clearScreen), .purgeExpiredCodes]) {
            $0.screen = .app(AppState.start(.kiosk, settings: self.settings, now: self.now))
        }
        var kiosk = AppState.start(.kiosk, settings: settings, now: now)
        kiosk.phase = .unlock(TextEntry())
        store.send(.app(.quitRequested)) { $0.screen = .app(kiosk) }
        store.send(.app(.characterTyped("p"))) {
            kiosk.phase = .unlock(TextEntry(text: "p"))
            $0.screen = .app(kiosk)
        }
        store.send(.app(.confirmRequested), effects: [.app(.checkPassphrase("p"))]) {
            kiosk.phase = .unlock(TextEntry())
            $0.screen = .app(kiosk)
        }
        // The kiosk's quit (the passphrase was right) is the way back to the menu, not an exit.
        store.send(.app(.passphraseChecked(true)), effects: [.app(.clearScreen)]) {
            $0.screen = .app(AppState.start(.home, settings: self.settings, now: self.now))
        }
    }

    @Test func startedOnTheirOwnTheyEndTheRun() {
        var review = TestStore(RootState(.review, reviewIdleSeconds: 90, now: now), now: now, reduce: root)
        review.send(.review(.quitRequested), effects: [.review(.clearScreen), .review(.quit)])
        var kiosk = TestStore(RootState(.kiosk, now: now), now: now, reduce: root)
        kiosk.send(.app(.quitRequested)) { $0.screen = .app(self.unlocking(RootState(.kiosk, now: self.now))) }
        kiosk.send(.app(.passphraseChecked(true)), effects: [.app(.clearScreen), .app(.quit)])
    }

    func unlocking(_ state: RootState) -> AppState {
        var app = state.app ?? AppState.start(.kiosk, now: now)
        app.phase = .unlock(TextEntry())
        return app
    }

    /// The result of work the previous part started never reaches the part now on screen.
    @Test func actionsForThePartNotOnScreenAreDropped() {
        var store = TestStore(home(), now: now, reduce: root)
        store.send(.review(.passphraseChecked(true)))
        store.send(.review(.quitRequested))
        var review = TestStore(RootState(.review, now: now), now: now, reduce: root)
        review.send(.app(.quitRequested))
    }

    /// A tick goes to the part on screen: the review locks after its idle time.
    @Test func tickReachesThePartOnScreen() {
        var state = home()
        var unlocked = ReviewState(now: now, idleSeconds: 90)
        unlocked.screen = .caseload
        state.screen = .review(unlocked)
        var store = TestStore(state, now: now.addingTimeInterval(90), reduce: root)
        store.send(.tick, effects: [.review(.clearScreen)]) {
            var locked = ReviewState(now: self.now, idleSeconds: 90)
            locked.screen = .locked(TextEntry(notice: "Locked after 90 seconds without a key."))
            $0.screen = .review(locked)
        }
    }
}

/// The helper itself: a wrong stated edit, a missed effect, an unreceived action each fail.
@Suite("test store")
struct TestStoreTests {
    let review: (inout ReviewState, ReviewAction, Date) -> [ReviewEffect] = { ReviewReducer.reduce(&$0, $1, now: $2) }
    let now = Fixtures.referenceDate

    @Test func anUnstatedEditFails() {
        var store = TestStore(ReviewState(now: now), now: now, reduce: review)
        withKnownIssue {
            store.send(.characterTyped("x"))
        }
        // The step ran: the state moved on anyway.
        #expect(store.state.screen == .locked(TextEntry(text: "x")))
    }

    @Test func aWrongEffectListFails() {
        var store = TestStore(ReviewState(now: now), now: now, reduce: review)
        store.send(.characterTyped("x")) { $0.screen = .locked(TextEntry(text: "x")) }
        withKnownIssue {
            store.send(.confirmRequested) { $0.screen = .locked(TextEntry(notice: "Checking…")) }
        }
    }

    @Test func unreceivedActionsFail() {
        var store = TestStore(
            ReviewState(now: now), now: now, reduce: review, perform: { _ in [.passphraseChecked(false)] })
        store.send(.characterTyped("x")) { $0.screen = .locked(TextEntry(text: "x")) }
        store.send(.confirmRequested, effects: [.checkPassphrase("x")]) {
            $0.screen = .locked(TextEntry(notice: "Checking…"))
        }
        withKnownIssue { store.finish() }
        withKnownIssue { store.send(.characterTyped("y")) { $0.screen = .locked(TextEntry(text: "y")) } }
        withKnownIssue { store.receive(.passphraseChecked(true)) }
    }

    /// A failure names the lines that differ, not the whole state.
    @Test func theDifferenceShowsTheChangedLines() {
        var a = ReviewState(now: now)
        var b = a
        a.idleSeconds = 300
        b.idleSeconds = 301
        let text = TestStore<ReviewState, ReviewAction, ReviewEffect>.difference(expected: a, actual: b)
        let changed = text.split(separator: "\n").filter { $0.hasPrefix("-") || $0.hasPrefix("+") }
        #expect(changed.count == 2)
        #expect(changed.first?.hasSuffix("idleSeconds: 300") == true)
        #expect(changed.last?.hasSuffix("idleSeconds: 301") == true)
        #expect(TestStore<ReviewState, ReviewAction, ReviewEffect>.difference(expected: a, actual: a).isEmpty)
    }
}
