import AppCore
import Foundation
import Instruments
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// Scripted sessions on the headless terminal that end with the right records in a temporary store.
@Suite("scripted sessions", .serialized)
struct ScriptedSessionTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let effects: StoreEffects
    let c1: ClientID

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock, durable: false)
        try store.initialize()
        c1 = try ClientID("C1")
        try store.addClient(c1, therapist: "Dr Lee", battery: ["wai-sr"])
        effects = StoreEffects(
            store: store, catalog: try Fixtures.catalog(), passphrase: try Passphrase.hash("let me out", rounds: 500),
            codes: KioskCodes(store: store, rounds: 500))
    }

    func keys(_ text: String) -> [Key] { text.map { Key.char($0) } }

    func rateLoop<T: Terminal>(
        _ terminal: T, mode: AppMode = .rate, settings: AppSettings = AppSettings()
    ) -> AppLoop<
        T
    > {
        AppLoop(
            terminal: terminal, state: AppState.start(mode, settings: settings, now: clock.now()),
            now: { [clock] in clock.now() }, perform: { [effects] in effects.perform($0) })
    }

    @Test func fullWaiSrWithReviewEditEndsWithTheRecord() throws {
        defer { dir.remove() }
        var script: [Key] = [.enter] + keys("453245342453")
        script += keys("3") + [.down, .enter]  // open item 3 on the review, move the choice from 3 to 4
        script += [.enter, .enter]  // submit, leave the thank-you screen
        script += keys("let me out") + [.enter]  // the therapist's passphrase ends `rate`
        let terminal = HeadlessTerminal(keys: script)
        let loop = rateLoop(terminal)
        let exit = loop.run(initialEffects: [.openBattery(BatteryRequest(clientId: c1, rater: .client, source: .rate))])
        #expect(exit == .quit)
        let records = try store.records(c1).records
        #expect(records.count == 1)
        let record = try #require(records.first)
        #expect(record.instrument.id == "wai-sr")
        #expect(record.answers == [4, 5, 4, 2, 4, 5, 3, 4, 2, 4, 5, 3])
        #expect(record.source == .rate)
        #expect(record.session == 1)
        #expect(try store.drafts(c1).isEmpty)
        // Screens seen on the way: the review with the changed answer, then the thanks screen.
        let texts = terminal.frames.map { $0.textSnapshot() }
        #expect(texts.contains { $0.contains("Item 12 of 12") })
        #expect(texts.contains { $0.contains("3  I believe Dr Lee likes me.") && $0.contains("4 Very often") })
        let thanks = try #require(texts.first { $0.contains("Thank you. Your answers have been saved.") })
        #expect(!thanks.contains("Dr Lee"))
        // The client's turn ends on the lock, not in the shell.
        let last = try #require(terminal.lastFrame).textSnapshot()
        #expect(last.contains("Please hand the terminal back to your therapist."))
        #expect(last.contains("Therapist passphrase:"))
        #expect(!last.contains("let me out"))
        #expect(terminal.clearCount >= 3)  // after the battery, at the lock, and on the way out
    }

    @Test func resumesAtFirstUnansweredItemAfterTheTerminalCloses() throws {
        defer { dir.remove() }
        let first = HeadlessTerminal(keys: [.enter] + keys("45324"))
        let exit = rateLoop(first).run(initialEffects: [
            .openBattery(BatteryRequest(clientId: c1, rater: .client, source: .rate))
        ])
        #expect(exit == .inputEnded)
        #expect(first.clearCount == 1)
        let draft = try #require(try store.loadDraft(c1, session: 1, rater: .client))
        #expect(draft.answers["wai-sr"]?.prefix(6) == [4, 5, 3, 2, 4, nil])
        #expect(try store.records(c1).records.isEmpty)

        let second = HeadlessTerminal(keys: keys("5342453") + [.enter, .enter] + keys("let me out") + [.enter])
        let again = rateLoop(second)
        let exit2 = again.run(initialEffects: [
            .openBattery(BatteryRequest(clientId: c1, rater: .client, source: .rate))
        ])
        #expect(exit2 == .quit)
        #expect(second.frames.first?.textSnapshot().contains("Item 6 of 12") == true)
        #expect(try store.records(c1).records.first?.answers == [4, 5, 3, 2, 4, 5, 3, 4, 2, 4, 5, 3])
    }

    @Test func kioskCodeBatteryThanksThenWelcomeAndPassphraseToLeave() throws {
        defer { dir.remove() }
        try store.updateClient(c1) { $0.battery = ["phq-9"] }
        let (code, _) = try effects.codes.create(for: c1)
        var events: [TerminalEvent] = (keys("000000") + [.enter]).map { .key($0) }  // a wrong code first
        events += (keys(code) + [.enter, .enter] + keys("010101012") + [.enter, .enter]).map { .key($0) }
        events += [.tick]  // 20 s on the thank-you screen
        events += ([.ctrl("c")] + keys("let me out") + [.enter]).map { .key($0) }
        let terminal = TickingTerminal(HeadlessTerminal(events: events), clock: clock, secondsPerTick: 20)
        let loop = rateLoop(terminal, mode: .kiosk)
        let exit = loop.run()
        #expect(exit == .quit)
        let record = try #require(try store.records(c1).records.first)
        #expect(record.source == .kiosk)
        #expect(record.result.risk == [9])
        let texts = terminal.inner.frames.map { $0.textSnapshot() }
        #expect(texts.contains { $0.contains("This code was not recognised") })
        // The risk answer changes nothing on screen: the thank-you screen every client sees.
        #expect(!texts.contains { $0.contains("Thank you for answering openly.") })
        #expect(texts.contains { $0.contains("If anything in these questions troubles you") })
        // After the battery the welcome screen is back, with nothing of the client.
        let welcomeAfter = try #require(texts.last { $0.contains("Please type the 6-digit code") })
        #expect(!welcomeAfter.contains("C1"))
        #expect(!welcomeAfter.contains(code))
        #expect(!texts.contains { $0.contains("C1") })
        // Used codes are gone.
        #expect(try effects.codes.redeem(code) == .unknown)
    }

    @Test func idleTimeoutWipesAndKeepsTheDraft() throws {
        defer { dir.remove() }
        let events: [TerminalEvent] = ([.enter] + keys("453")).map { .key($0) } + Array(repeating: .tick, count: 6)
        let terminal = TickingTerminal(HeadlessTerminal(events: events), clock: clock, secondsPerTick: 60)
        // Start as the kiosk does after a code was accepted.
        var state = AppState.start(.kiosk, now: clock.now())
        state.phase = .opening
        let kiosk = AppLoop(
            terminal: terminal, state: state, now: { [clock] in clock.now() },
            perform: { [effects] in effects.perform($0) })
        _ = kiosk.run(initialEffects: [.openBattery(BatteryRequest(clientId: c1, rater: .client, source: .kiosk))])
        #expect(kiosk.state == AppState(mode: .kiosk, phase: .welcome(TextEntry()), now: Fixtures.referenceDate))
        #expect(terminal.inner.clearCount >= 2)
        let draft = try #require(try store.loadDraft(c1, session: 1, rater: .client))
        #expect(draft.answers["wai-sr"]?.prefix(3) == [4, 5, 3])
        #expect(try store.records(c1).records.isEmpty)
        let last = try #require(terminal.inner.lastFrame).textSnapshot()
        #expect(last.contains("Please type the 6-digit code"))
    }

    @Test func resizeRelaysOutAndTinySizeShowsNotice() throws {
        defer { dir.remove() }
        let terminal = HeadlessTerminal(keys: [.enter])
        terminal.enqueue(.resize(Size(width: 30, height: 10)), .resize(Size(width: 50, height: 14)))
        terminal.enqueue(keys: [.char("q")] + keys("let me out") + [.enter])
        let exit = rateLoop(terminal).run(initialEffects: [
            .openBattery(BatteryRequest(clientId: c1, rater: .client, source: .rate))
        ])
        #expect(exit == .quit)
        let sizes = terminal.frames.map(\.size)
        #expect(sizes.contains(Size(width: 30, height: 10)))
        #expect(terminal.frames.first { $0.size.width == 30 }?.textSnapshot().contains("enlarge") == true)
        #expect(terminal.frames.last?.size == Size(width: 50, height: 14))
        #expect(terminal.frames.contains { $0.size.width == 50 && $0.textSnapshot().contains("Item 1 of 12") })
    }

    @Test func therapistRatingThroughTheHomeMenu() throws {
        defer { dir.remove() }
        let script =
            keys("1") + keys("let me out") + [.enter] + keys("C1") + [.tab, .enter, .enter] + keys("444455554444")
            + [.enter, .enter] + keys("q")
        let terminal = HeadlessTerminal(keys: script)
        let exit = rateLoop(terminal, mode: .home).run()
        #expect(exit == .quit)
        let record = try #require(try store.records(c1).records.first)
        #expect(record.rater == .therapist)
        #expect(record.instrument.id == "wai-sr-therapist")
        #expect(terminal.frames.last?.textSnapshot().contains("What would you like to do?") == true)
    }

    @Test func plainModeRunsTheSameFlow() throws {
        defer { dir.remove() }
        var lines = [
            "", "4", "5", "x", "9", "3", "2", "4", "5", "3", "4", "2", "4", "5", "3", "3", "4", "", "", "let me out",
        ]
        var output = ""
        let runner = PlainRunner(
            state: AppState.start(.rate, now: clock.now()), now: { [clock] in clock.now() },
            perform: { [effects] in effects.perform($0) },
            readLine: { lines.isEmpty ? nil : lines.removeFirst() }, write: { output += $0 })
        let exit = runner.run(initialEffects: [
            .openBattery(BatteryRequest(clientId: c1, rater: .client, source: .rate))
        ])
        #expect(exit == .quit)
        #expect(try store.records(c1).records.first?.answers == [4, 5, 4, 2, 4, 5, 3, 4, 2, 4, 5, 3])
        #expect(output.contains("Not understood; type ? and Enter for the commands."))
        #expect(output.contains("! Choose 1–5."))
        #expect(output.contains("3. I believe Dr Lee likes me.\n"))
        #expect(output.contains("Thank you. Your answers have been saved."))
    }

    @Test func plainKioskReadsThePassphraseThroughTheSecretReader() throws {
        defer { dir.remove() }
        var lines = ["q"]
        var secrets = ["wrong", "let me out"]
        var secretReads = 0
        var output = ""
        let runner = PlainRunner(
            state: AppState.start(.kiosk, now: clock.now()), now: { [clock] in clock.now() },
            perform: { [effects] in effects.perform($0) },
            readLine: { lines.isEmpty ? nil : lines.removeFirst() },
            readSecretLine: {
                secretReads += 1
                return secrets.isEmpty ? nil : secrets.removeFirst()
            },
            write: { output += $0 })
        let exit = runner.run()
        // "q" at the welcome (an ordinary line), then both passphrase tries through the secret reader.
        #expect(secretReads == 2)
        #expect(lines.isEmpty && secrets.isEmpty)
        #expect(exit == .quit)
        #expect(output.contains("Therapist passphrase to leave the kiosk"))
        #expect(output.contains("Wrong passphrase."))
        #expect(!output.contains("let me out") && !output.contains("wrong\n"))
    }

    /// Scripted reads for the timed plain loop: each step is a line, a time-out (the clock moves
    /// on by the given seconds), or the end.
    enum Step {
        case line(String)
        case wait(TimeInterval)
    }

    func timedRunner(
        _ mode: AppMode, _ steps: [Step], output: @escaping (String) -> Void, cleared: @escaping () -> Void
    )
        -> PlainRunner
    {
        var steps = steps
        let settings = AppSettings(idleSeconds: 60, thanksSeconds: 10)
        return PlainRunner(
            state: AppState.start(mode, settings: settings, now: clock.now()), now: { [clock] in clock.now() },
            perform: { [effects] in effects.perform($0) },
            read: { [clock] _, _ in
                guard !steps.isEmpty else { return .ended }
                switch steps.removeFirst() {
                case .line(let text): return .line(text)
                case .wait(let seconds):
                    clock.advance(by: seconds)
                    return .timedOut
                }
            },
            clearScreen: cleared, write: output)
    }

    @Test func plainModeIdleTimeoutClosesTheQuestionnaireAndClearsTheScreen() throws {
        defer { dir.remove() }
        var output = ""
        var clears = 0
        // Intro, two answers, then nothing for 30 s (no change), then 31 s more (idle: 61 s).
        let runner = timedRunner(
            .rate, [.line(""), .line("4"), .line("5"), .wait(30), .wait(31)], output: { output += $0 },
            cleared: { clears += 1 })
        let exit = runner.run(initialEffects: [
            .openBattery(BatteryRequest(clientId: c1, rater: .client, source: .rate))
        ])
        #expect(clears == 1)
        #expect(output.contains("The questionnaire was closed after 1 minute without activity."))
        // The first time-out changed nothing, so the item prompt was not printed twice in a row.
        #expect(output.components(separatedBy: "3. I believe Dr Lee likes me.").count == 2)
        #expect(exit == .inputEnded)
        let draft = try #require(try store.drafts(c1).first)
        #expect(draft.answers["wai-sr"].map { Array($0.prefix(3)) } == [4, 5, nil])
    }

    @Test func plainKioskThanksTimesOutBackToTheWelcome() throws {
        defer { dir.remove() }
        let code = try effects.codes.create(for: c1).code
        var output = ""
        var clears = 0
        var steps: [Step] = [.line(code), .line("")]
        steps += Array(repeating: .line("3"), count: 12) + [.line(""), .wait(11)]
        let runner = timedRunner(.kiosk, steps, output: { output += $0 }, cleared: { clears += 1 })
        _ = runner.run()
        #expect(output.contains("Thank you. Your answers have been saved."))
        // After the thank-you time-out, the welcome prompt is shown again without a key.
        #expect(output.hasSuffix("Welcome. Type the 6-digit code your therapist gave you: \n"))
        #expect(clears >= 2)  // at the end of the battery and on leaving the thank-you screen
    }
}
