// `rapport-bench keys`: keystroke-to-screen time through the app's real runtime (key → reduce →
// effects such as the durable draft save → view → present), on the curses terminal when there is
// one (Scripts/bench-keys.sh runs it in a private tmux pane). Figures on stderr.
import AppCore
import AppUI
import ArgumentParser
import CursesTerminal
import Foundation
import Instruments
import ScreenKit
import Store
import TerminalPlatform

/// `rapport-bench keys DATA_DIR ASSETS_DIR CLIENT [KEYS]`.
struct KeysBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Keystroke-to-screen time through the app's runtime (figures on stderr).")
    @Argument(help: "The data directory.") var data: String
    @Argument(help: "The assets directory.") var assets: String
    @Argument(help: "The client whose battery is answered.") var client: String
    @Argument(help: "How many keys (default 2000).") var keys: Int?

    func run() throws {
        var arguments = [data, assets, client]
        if let keys { arguments.append(String(keys)) }
        let status = KeysBenchmark.main(arguments)
        if status != 0 { throw ExitCode(status) }
    }
}

enum KeysBenchmark {
    static let usage = "usage: rapport-bench keys DATA_DIR ASSETS_DIR CLIENT [KEYS]"

    /// Runs the benchmark; returns the exit status (0, or 64 for bad arguments, 1 on failure).
    static func main(_ arguments: [String]) -> Int32 {
        guard (3...4).contains(arguments.count), let client = try? ClientID(arguments[2]) else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            return 64
        }
        let keys = arguments.count == 4 ? Int(arguments[3]) ?? 0 : 2000
        guard keys > 0 else {
            FileHandle.standardError.write(Data((usage + "\n").utf8))
            return 64
        }
        do {
            let text = try run(data: arguments[0], assets: arguments[1], client: client, keys: keys)
            FileHandle.standardError.write(Data((text + "\n").utf8))
            return 0
        } catch {
            FileHandle.standardError.write(Data("rapport-bench keys: \(error)\n".utf8))
            return 1
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(data: String, assets: String, client: ClientID, keys count: Int) throws -> String {
        let store = DataStore(root: data)
        try store.requireInitialized()
        let clinic = data + "/instruments"
        let (catalog, _) = try InstrumentCatalog.loadSkippingDamaged(
            bundled: URL(fileURLWithPath: assets).appendingPathComponent("instruments"),
            clinic: FileManager.default.fileExists(atPath: clinic) ? URL(fileURLWithPath: clinic) : nil)
        let effects = StoreEffects(store: store, catalog: catalog, passphrase: nil)
        let openStart = ContinuousClock.now
        let q = try effects.open(BatteryRequest(clientId: client, rater: .client, source: .rate))
        let openTime = milliseconds(ContinuousClock.now - openStart)
        let now = store.clock.now()
        let state = AppReducer.reduce(AppState.start(.rate, now: now), .batteryOpened(q), now: now).0
        guard state.questionnaire != nil else { throw Failure(description: "nothing to bench: the battery is done") }
        let hadDraft = (try? store.loadDraft(q.clientId, session: q.session, rater: q.rater)) != nil
        // Answer (saves the draft), back, move the choice down and up: every key changes the screen.
        var script: [Key] = q.step == .intro ? [.enter] : []
        let cycle: [Key] = [.char("3"), .left, .down, .up]
        for i in 0..<max(0, count - script.count) { script.append(cycle[i % cycle.count]) }
        let tty = isatty(0) == 1 && isatty(1) == 1
        var inner: CursesTerminal?
        if tty {
            SignalHandling.install(kiosk: false)
            inner = try CursesTerminal(
                options: CursesTerminal.Options(), environment: ProcessInfo.processInfo.environment)
        }
        let terminal = TimedKeysTerminal(inner: inner, keys: script)
        let loop = ScreenRunner<AppProgram, TimedKeysTerminal>(
            terminal: terminal, state: state, now: { store.clock.now() }, perform: { effects.perform($0) })
        _ = loop.run()
        inner?.shutdown()
        if !hadDraft { try? store.deleteDraft(q.clientId, session: q.session, rater: q.rater) }
        let all = terminal.latencies.map { $0.ms }
        guard !all.isEmpty else { throw Failure(description: "no key was measured") }
        return [
            "bench-keys: \(all.count) keys on \(tty ? "the curses terminal" : "no terminal (headless present)"), "
                + "\(store.durable ? "durable" : "unsynced") draft saves; battery opened in "
                + String(format: "%.2f ms", openTime),
            summary("all keys", all),
            summary("answer keys (draft saved)", terminal.latencies.filter { $0.key.digit != nil }.map { $0.ms }),
            summary("other keys", terminal.latencies.filter { $0.key.digit == nil }.map { $0.ms }),
        ].joined(separator: "\n")
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
    }

    /// `label: n keys, median … p95 … max … mean …` for a list of times in milliseconds.
    static func summary(_ label: String, _ times: [Double]) -> String {
        guard !times.isEmpty else { return "  \(label): none" }
        let ms = times.sorted()
        let p95 = ms[min(ms.count - 1, max(0, Int((Double(ms.count) * 0.95).rounded(.up)) - 1))]
        let mean = ms.reduce(0, +) / Double(ms.count)
        return String(
            format: "  %@: %d keys, median %.2f ms, p95 %.2f ms, max %.2f ms, mean %.2f ms", label, ms.count,
            median(ms), p95, ms[ms.count - 1], mean)
    }
}

/// Feeds scripted keys instead of the keyboard and draws on `inner` (curses, when there is a
/// terminal); records, for each key that got a frame, the time from the key being handed over to
/// that frame being presented.
final class TimedKeysTerminal: Terminal {
    let inner: (any Terminal)?
    private var keys: [Key]
    private var pending: (key: Key, at: ContinuousClock.Instant)?
    private(set) var latencies: [(key: Key, ms: Double)] = []

    init(inner: (any Terminal)?, keys: [Key]) {
        self.inner = inner
        self.keys = keys.reversed()
    }

    var size: Size { inner?.size ?? Size(width: 80, height: 24) }
    var colorMode: ColorMode { inner?.colorMode ?? .none }
    func present(_ screen: Screen) {
        inner?.present(screen)
        if let pending {
            latencies.append((pending.key, KeysBenchmark.milliseconds(ContinuousClock.now - pending.at)))
            self.pending = nil
        }
    }
    func nextEvent(timeoutMs: Int) -> TerminalEvent? {
        guard let key = keys.popLast() else { return nil }
        pending = (key, ContinuousClock.now)
        return .key(key)
    }
    func clearAll() { inner?.clearAll() }
    func shutdown() { inner?.shutdown() }
}
