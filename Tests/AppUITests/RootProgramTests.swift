import AppCore
import Foundation
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// The whole app as one program (``RootProgram``): from the home menu into the review, the kiosk
/// and a rating and back, driven headless (and through the line front end), one run each.
@Suite("root program", .serialized)
struct RootProgramTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let effects: RootEffects
    let c1: ClientID
    static let homeTitle = "What would you like to do?"

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock, durable: false)
        try store.initialize()
        c1 = try ClientID("C1")
        try store.addClient(c1, therapist: "Dr Lee", battery: ["wai-sr"])
        let catalog = try Fixtures.catalog()
        let passphrase = try Passphrase.hash("let me out", rounds: 500)
        effects = RootEffects(
            app: StoreEffects(
                store: store, catalog: catalog, passphrase: passphrase, codes: KioskCodes(store: store, rounds: 500)),
            review: ReviewEffects(store: store, catalog: catalog, passphrase: passphrase))
    }

    func keys(_ text: String) -> [Key] { text.map { Key.char($0) } }

    func loop(_ terminal: HeadlessTerminal) -> RootLoop<HeadlessTerminal> {
        RootLoop(
            terminal: terminal, state: RootState(.home, now: clock.now()), now: { [clock] in clock.now() },
            perform: { [effects] in effects.perform($0) })
    }

    /// Index of the first frame from `start` on whose text contains `text`.
    func frame(_ terminal: HeadlessTerminal, containing text: String, from start: Int = 0) -> Int? {
        terminal.frames.indices.dropFirst(start).first { terminal.frames[$0].textSnapshot().contains(text) }
    }

    @Test func homeToReviewAndBack() throws {
        defer { dir.remove() }
        // 3: review; the passphrase; the caseload; q leaves the review; q at the menu quits.
        let terminal = HeadlessTerminal(keys: keys("3") + keys("let me out") + [.enter, .char("q"), .char("q")])
        let loop = loop(terminal)
        #expect(loop.run() == .quit)
        let home = try #require(frame(terminal, containing: Self.homeTitle))
        let lock = try #require(frame(terminal, containing: "Therapist passphrase", from: home + 1))
        let caseload = try #require(frame(terminal, containing: "C1", from: lock + 1))
        #expect(terminal.frames[caseload].textSnapshot().contains("Caseload"))
        let back = try #require(frame(terminal, containing: Self.homeTitle, from: caseload + 1))
        #expect(back == terminal.frames.count - 1)
        // Nothing of the review is left in the state: the menu is a fresh one.
        #expect(loop.state.screen == .app(AppState.start(.home, now: clock.now())))
    }

    @Test func homeToKioskAndBack() throws {
        defer { dir.remove() }
        // 2: kiosk; q on the welcome screen asks for the passphrase; with it, back to the menu.
        let terminal = HeadlessTerminal(keys: keys("2") + keys("q") + keys("let me out") + [.enter, .char("q")])
        let loop = loop(terminal)
        #expect(loop.run() == .quit)
        let home = try #require(frame(terminal, containing: Self.homeTitle))
        let welcome = try #require(frame(terminal, containing: "Welcome", from: home + 1))
        let back = try #require(frame(terminal, containing: Self.homeTitle, from: welcome + 1))
        #expect(back == terminal.frames.count - 1)
        #expect(loop.state.app?.mode == .home)
    }

    @Test func homeToRateAndBack() throws {
        defer { dir.remove() }
        // 1: rate (therapist's own form); C1; the twelve answers; submitted; back at the menu.
        let script =
            keys("1") + keys("let me out") + [.enter] + keys("C1") + [.tab, .enter, .enter] + keys("444455554444")
            + [.enter, .enter] + keys("q")
        let terminal = HeadlessTerminal(keys: script)
        let loop = loop(terminal)
        #expect(loop.run() == .quit)
        let record = try #require(try store.records(c1).records.first)
        #expect(record.rater == .therapist)
        let item = try #require(frame(terminal, containing: "Item 1 of 12"))
        let back = try #require(frame(terminal, containing: Self.homeTitle, from: item + 1))
        #expect(back == terminal.frames.count - 1)
    }

    @Test func reviewThenKioskInOneRun() throws {
        defer { dir.remove() }
        let script =
            keys("3") + keys("let me out") + [.enter, .char("q")]  // review and back
            + keys("2") + keys("q") + keys("let me out") + [.enter]  // kiosk and back
            + keys("q")
        let terminal = HeadlessTerminal(keys: script)
        let loop = loop(terminal)
        #expect(loop.run() == .quit)
        let caseload = try #require(frame(terminal, containing: "Caseload"))
        let welcome = try #require(frame(terminal, containing: "Welcome", from: caseload + 1))
        #expect(frame(terminal, containing: Self.homeTitle, from: welcome + 1) == terminal.frames.count - 1)
    }

    /// `rapport --plain`: the same path as lines; the review's own "not understood" on its screens.
    @Test func plainHomeToReviewAndBack() throws {
        defer { dir.remove() }
        var lines = ["3", "zzz", "q", "q"]
        var secrets = ["let me out"]
        var output = ""
        let runner = LineRunner<RootProgram>(
            state: RootState(.home, now: clock.now()), now: { [clock] in clock.now() },
            perform: { [effects] in effects.perform($0) },
            readLine: { lines.isEmpty ? nil : lines.removeFirst() },
            readSecretLine: { secrets.isEmpty ? nil : secrets.removeFirst() }, write: { output += $0 })
        #expect(runner.run() == .quit)
        #expect(secrets.isEmpty && lines.isEmpty)
        let review = try #require(output.range(of: "Therapist passphrase"))
        let notUnderstood = try #require(
            output.range(of: "Not understood.\n", range: review.upperBound..<output.endIndex))
        // q on the caseload: back to the menu's prompt, where q quits.
        #expect(output[notUnderstood.upperBound...].hasSuffix("Choose 1–6 (q to quit): \n"))
        #expect(output[notUnderstood.upperBound...].contains("3. Review the caseload and charts"))
    }
}
