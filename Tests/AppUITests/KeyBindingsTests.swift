import AppCore
import Foundation
import ScreenKit
import TestSupport
import Testing

@testable import AppUI

@Suite("key bindings")
struct KeyBindingsTests {
    let now = Fixtures.referenceDate

    func item(mode: AppMode) throws -> AppState {
        var q = try AppFixtures.questionnaire(["phq-9"])
        q.enterItem(0)
        return AppState(mode: mode, phase: .questionnaire(q), now: now)
    }

    @Test func itemKeys() throws {
        let s = try item(mode: .rate)
        #expect(KeyBindings.action(for: .char("2"), in: s) == .answerChosen(2))
        #expect(KeyBindings.action(for: .up, in: s) == .highlightMoved(-1))
        #expect(KeyBindings.action(for: .down, in: s) == .highlightMoved(1))
        #expect(KeyBindings.action(for: .enter, in: s) == .confirmRequested)
        #expect(KeyBindings.action(for: .left, in: s) == .backRequested)
        #expect(KeyBindings.action(for: .backspace, in: s) == .backRequested)
        #expect(KeyBindings.action(for: .char("s"), in: s) == .skipRequested)
        #expect(KeyBindings.action(for: .char("?"), in: s) == .helpRequested)
        #expect(KeyBindings.action(for: .char("q"), in: s) == .quitRequested)
        // Nothing else does anything.
        for key: Key in [.char("x"), .right, .tab, .escape, .function(1), .char(" "), .home, .ctrl("z"), .paste] {
            #expect(KeyBindings.action(for: key, in: s) == nil, "\(key)")
        }
    }

    @Test func finishLaterPasteAndStillThere() throws {
        for mode: AppMode in [.rate, .kiosk, .home] {
            var s = try item(mode: mode)
            #expect(KeyBindings.action(for: .char("f"), in: s) == .finishLaterRequested)
            // A paste never answers or moves anything.
            #expect(KeyBindings.action(for: .paste, in: s) == nil)
            s.askingPresence = true
            #expect(KeyBindings.action(for: .char("7"), in: s) == .presenceConfirmed)
        }
    }

    @Test func ctrlCInAClientsRateAsksToLeave() throws {
        // Raw mode turns Ctrl-C into a key; it asks for the passphrase like q.
        #expect(KeyBindings.action(for: .ctrl("c"), in: try item(mode: .rate)) == .quitRequested)
    }

    @Test func digitsOnTheKioskThankYouAreKept() {
        var s = AppState.start(.kiosk, now: now)
        s.phase = .thanks(Farewell(riskFlagged: false, scores: []))
        #expect(KeyBindings.action(for: .char("3"), in: s) == .characterTyped("3"))
    }

    @Test func kioskIgnoresQuitAndControlKeysInsideABattery() throws {
        let s = try item(mode: .kiosk)
        for key: Key in [.char("q"), .ctrl("c"), .ctrl("z"), .ctrl("\\"), .escape] {
            #expect(KeyBindings.action(for: key, in: s) == nil, "\(key)")
        }
    }

    @Test func kioskWelcomeLeavesOnlyThroughThePassphrase() {
        let s = AppState.start(.kiosk, now: now)
        #expect(KeyBindings.action(for: .char("7"), in: s) == .characterTyped("7"))
        #expect(KeyBindings.action(for: .char("a"), in: s) == nil)
        #expect(KeyBindings.action(for: .ctrl("c"), in: s) == .quitRequested)
        #expect(KeyBindings.action(for: .ctrl("z"), in: s) == nil)
        let after = AppReducer.reduce(s, .quitRequested, now: now).0
        #expect(after.phase == .unlock(TextEntry()))
    }

    @Test func reviewKeys() throws {
        var q = try AppFixtures.questionnaire(["gad-7"], answers: ["gad-7": Array(repeating: 1, count: 7)])
        q.step = .review
        let s = AppState(mode: .rate, phase: .questionnaire(q), now: now)
        #expect(KeyBindings.action(for: .char("3"), in: s) == .reviewNumberTyped(3))
        #expect(KeyBindings.action(for: .down, in: s) == .reviewScrolled(1))
        #expect(KeyBindings.action(for: .enter, in: s) == .confirmRequested)
    }

    @Test func anyKeyClosesHelp() throws {
        var s = try item(mode: .rate)
        s.showingHelp = true
        for key: Key in [.char("2"), .enter, .char("q"), .escape] {
            #expect(KeyBindings.action(for: key, in: s) == .helpDismissed)
        }
    }
}
