import AppCore
import Foundation
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// The one runtime: the screen a reducer sets for a slow effect is on the terminal (or printed)
/// while that effect runs, through the headless front end, the plain front end, and a toy program.
@Suite("runtime", .serialized)
struct RuntimeTests {
    func keys(_ text: String) -> [Key] { text.map { Key.char($0) } }

    /// The frame on the headless terminal at the moment the passphrase's key derivation runs.
    @Test func checkingIsOnScreenDuringTheKeyDerivation() throws {
        let demo = try DemoCaseload.make(clients: 2, sessions: 3)
        defer { demo.remove() }
        let effects = ReviewEffects(
            store: demo.store, catalog: demo.catalog, passphrase: try Passphrase.hash("correct horse", rounds: 1_000))
        let terminal = HeadlessTerminal(keys: keys("correct horse") + [.enter, .char("q")])
        var during: [(ReviewEffect, Screen?)] = []
        let loop = ReviewLoop(
            terminal: terminal, state: ReviewState(now: Fixtures.referenceDate), now: { Fixtures.referenceDate },
            perform: { effect in
                during.append((effect, terminal.lastFrame))
                return effects.perform(effect)
            })
        #expect(loop.run() == .quit)
        let checking = try #require(during.first { $0.0 == .checkPassphrase("correct horse") }?.1)
        #expect(checking.textSnapshot().contains("Checking…"))
        try Snapshot.assert(checking, named: "runtime-checking-80x24")
        let loading = try #require(during.first { $0.0 == .loadCaseload }?.1)
        #expect(loading.textSnapshot().contains("Reading the caseload…"))
    }

    /// The kiosk code check, which opens the battery too, runs under "Opening…".
    @Test func openingIsOnScreenDuringTheCodeCheckAndTheOpen() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = FixedClock(Fixtures.referenceDate)
        let store = DataStore(root: dir.appending("data"), clock: clock, durable: false)
        try store.initialize()
        let client = try ClientID("C1")
        try store.addClient(client, therapist: "Dr Lee", battery: ["phq-9"])
        let effects = StoreEffects(
            store: store, catalog: try Fixtures.catalog(), passphrase: try Passphrase.hash("let me out", rounds: 500),
            codes: KioskCodes(store: store, rounds: 500))
        let (code, _) = try effects.codes.create(for: client)
        let terminal = HeadlessTerminal(keys: keys(code) + [.enter])
        var during: [String: Screen] = [:]
        let loop = AppLoop(
            terminal: terminal, state: AppState.start(.kiosk, now: clock.now()), now: { clock.now() },
            perform: { effect in
                switch effect {
                case .checkCode: during["checkCode"] = terminal.lastFrame
                case .openBattery: during["openBattery"] = terminal.lastFrame  // not any more
                default: break
                }
                return effects.perform(effect)
            })
        #expect(loop.run() == .inputEnded)
        let checking = try #require(during["checkCode"])
        try Snapshot.assert(checking, named: "runtime-opening-80x24")
        #expect(during["openBattery"] == nil)
        // One "Opening…" frame, then the battery's first screen.
        let texts = terminal.frames.map { $0.textSnapshot() }
        #expect(texts.filter { $0.contains("Opening…") }.count == 1)
        #expect(loop.state.questionnaire?.clientId == client)
        #expect(texts.last?.contains("Opening…") == false)
    }

    /// `review --plain` says "Checking…" and what it reads before the caseload, as it happens.
    @Test func plainFrontEndPrintsTheWaitBeforeTheSlowEffect() throws {
        let demo = try DemoCaseload.make(clients: 2, sessions: 3)
        defer { demo.remove() }
        let effects = ReviewEffects(
            store: demo.store, catalog: demo.catalog, passphrase: try Passphrase.hash("correct horse", rounds: 1_000))
        var lines = ["q"]
        var secrets = ["correct horse"]
        var output = ""
        var printedAtCheck: String?
        let runner = PlainReviewRunner(
            state: ReviewState(now: Fixtures.referenceDate), now: { Fixtures.referenceDate },
            perform: { effect in
                if case .checkPassphrase = effect { printedAtCheck = output }
                return effects.perform(effect)
            },
            readLine: { lines.isEmpty ? nil : lines.removeFirst() },
            readSecretLine: { secrets.isEmpty ? nil : secrets.removeFirst() }, write: { output += $0 })
        #expect(runner.run() == .quit)
        #expect(printedAtCheck?.hasSuffix("Checking…\n") == true)
        #expect(output.contains("Checking…\nReading the caseload…\n"))
        #expect(output.contains("Caseload · 2 clients"))
    }

    /// A toy program: the runtime draws before a slow effect only when the state changed since the
    /// last frame, handles clear and exit itself, and performs the rest in order.
    enum Counter: ScreenProgram {
        typealias State = Int
        enum Action: Equatable { case add(Int), tick, added(Int) }
        enum Effect: Equatable { case slowAdd(Int), fastLog, clear, stop }
        static var tick: Action { .tick }
        static func reduce(_ state: inout Int, _ action: Action, now: Date) -> [Effect] {
            switch action {
            case .add(let n) where n < 0: return [.clear, .stop]
            case .add(let n):
                state += 1  // "working…"
                return [.fastLog, .slowAdd(n), .slowAdd(0)]
            case .added(let n):
                state += n
                return []
            case .tick: return []
            }
        }
        static func command(for effect: Effect) -> RuntimeCommand? {
            switch effect {
            case .clear: return .clearScreen
            case .stop: return .exit(.quit)
            default: return nil
            }
        }
        static func isSlow(_ effect: Effect) -> Bool {
            if case .slowAdd = effect { return true }
            return false
        }
        static func view(_ state: Int, size: Size, colorMode: ColorMode) -> Screen {
            var screen = Screen(size: size)
            _ = screen.put(String(state), x: 0, y: 0)
            return screen
        }
        static func action(for key: Key, in state: Int) -> Action? {
            key.digit.map { .add($0) } ?? (key == .char("-") ? .add(-1) : nil)
        }
    }

    @Test func toyProgramFramesAndEffectOrder() {
        let terminal = HeadlessTerminal(size: Size(width: 4, height: 1), keys: [.char("5"), .char("x"), .char("-")])
        var performed: [Counter.Effect] = []
        let runner = ScreenRunner<Counter, HeadlessTerminal>(
            terminal: terminal, state: 0, now: { Date() },
            perform: { effect in
                performed.append(effect)
                if case .slowAdd(let n) = effect { return [.added(n)] }
                return []
            })
        #expect(runner.run() == .quit)
        #expect(performed == [.fastLog, .slowAdd(5), .slowAdd(0)])
        // The first frame, "1" before the first slow add (not again before the second: the state
        // is the same), the result after the key; "x" means nothing; "-" clears and quits.
        #expect(
            terminal.frames.map { $0.textSnapshot().trimmingCharacters(in: .whitespacesAndNewlines) } == [
                "0", "1", "6",
            ])
        #expect(runner.state == 6)
        #expect(terminal.clearCount == 2)  // the program's clear, and the runner's on the way out
    }
}
