import AppCore
import AppUI
import Foundation
import ScreenKit
import Store

/// `rate --bench-keys N`: measures keystroke-to-screen time (key → reduce → effects such as the
/// durable draft save → view → present) through the real run loop, on the real terminal when
/// there is one. Prints the figures after the terminal is restored.
enum KeyBench {
    static func run(state: AppState, effects: StoreEffects, keys count: Int, openTime: Duration) throws {
        guard let q = state.questionnaire else { throw CLIError("nothing to bench: the battery is done", code: Exit.usage) }
        let hadDraft = (try? effects.store.loadDraft(q.clientId, session: q.session, rater: q.rater)) != nil
        var script: [Key] = q.step == .intro ? [.enter] : []
        let cycle: [Key] = [.char("3"), .left, .down, .up]
        while script.count < count { script.append(cycle[script.count % cycle.count]) }
        let tty = isatty(0) == 1 && isatty(1) == 1
        let inner = tty ? try Interactive.openTerminal(kiosk: false) : nil
        let terminal = BenchTerminal(inner: inner, keys: script)
        let clock = effects.store.clock
        let loop = AppLoop(terminal: terminal, state: state, now: { clock.now() }, perform: { effects.perform($0) })
        loop.measuresKeys = true
        _ = loop.run()
        terminal.shutdown()
        if !hadDraft { try? effects.store.deleteDraft(q.clientId, session: q.session, rater: q.rater) }
        let ms = loop.keyLatencies.map { Double($0.components.attoseconds) / 1e15 + Double($0.components.seconds) * 1e3 }
            .sorted()
        guard !ms.isEmpty else { throw CLIError("no key was measured", code: Exit.software) }
        func pct(_ p: Double) -> Double { ms[min(ms.count - 1, Int((Double(ms.count) * p).rounded(.up)) - 1)] }
        let mean = ms.reduce(0, +) / Double(ms.count)
        writeStdout(
            String(
                format:
                    "bench-keys: %d keys on %@ (%@): median %.2f ms, p95 %.2f ms, max %.2f ms, mean %.2f ms; battery opened in %.2f ms\n",
                ms.count, tty ? "the curses terminal" : "no terminal (headless present)",
                effects.store.durable ? "durable draft saves" : "no fsync", pct(0.5), pct(0.95), ms[ms.count - 1], mean,
                Double(openTime.components.attoseconds) / 1e15 + Double(openTime.components.seconds) * 1e3))
    }
}
