import AppCore
import AppUI
import Foundation
import ScreenKit
import Store

/// `rate --bench-keys N`: measures keystroke-to-screen time (key → reduce → effects such as the
/// durable draft save → view → present) through the real run loop, on the real terminal when
/// there is one. Prints the figures on stderr after the terminal is restored.
enum KeyBench {
    static func run(state: AppState, effects: StoreEffects, keys count: Int, openTime: Duration) throws {
        guard let q = state.questionnaire else {
            throw CLIError("nothing to bench: the battery is done", code: Exit.usage)
        }
        let hadDraft = (try? effects.store.loadDraft(q.clientId, session: q.session, rater: q.rater)) != nil
        // Answer (saves the draft), back, move the choice down and up: every key changes the screen.
        var script: [Key] = q.step == .intro ? [.enter] : []
        let cycle: [Key] = [.char("3"), .left, .down, .up]
        for i in 0..<max(0, count - script.count) { script.append(cycle[i % cycle.count]) }
        let tty = isatty(0) == 1 && isatty(1) == 1
        let inner = tty ? try Interactive.openTerminal(kiosk: false) : nil
        let terminal = BenchTerminal(inner: inner, keys: script)
        let clock = effects.store.clock
        let loop = AppLoop(terminal: terminal, state: state, now: { clock.now() }, perform: { effects.perform($0) })
        loop.measuresKeys = true
        _ = loop.run()
        terminal.shutdown()
        if !hadDraft { try? effects.store.deleteDraft(q.clientId, session: q.session, rater: q.rater) }
        let all = loop.keyLatencies.map(milliseconds)
        guard !all.isEmpty else { throw CLIError("no key was measured", code: Exit.software) }
        var lines = [
            "bench-keys: \(all.count) keys on \(tty ? "the curses terminal" : "no terminal (headless present)"), "
                + "\(effects.store.durable ? "durable" : "unsynced") draft saves; battery opened in "
                + String(format: "%.2f ms", milliseconds(openTime)),
            summary("all keys", all),
        ]
        if all.count == script.count {
            let answers = zip(script, all).filter { $0.0.digit != nil }.map(\.1)
            let moves = zip(script, all).filter { $0.0.digit == nil }.map(\.1)
            lines.append(summary("answer keys (draft saved)", answers))
            lines.append(summary("other keys", moves))
        }
        // On stderr, so a run inside a terminal can redirect the figures while curses owns stdout.
        writeStderr(lines.joined(separator: "\n"))
    }

    static func milliseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
    }

    /// `label: n keys, median … p95 … max … mean …` for a list of times in milliseconds.
    static func summary(_ label: String, _ times: [Double]) -> String {
        guard !times.isEmpty else { return "\(label): none" }
        let ms = times.sorted()
        func pct(_ p: Double) -> Double { ms[min(ms.count - 1, max(0, Int((Double(ms.count) * p).rounded(.up)) - 1))] }
        let mean = ms.reduce(0, +) / Double(ms.count)
        return String(
            format: "  %@: %d keys, median %.2f ms, p95 %.2f ms, max %.2f ms, mean %.2f ms", label, ms.count, pct(0.5),
            pct(0.95), ms[ms.count - 1], mean)
    }
}
