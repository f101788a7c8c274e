import Analytics
import AppCore
import AppUI
import ArgumentParser
import CursesTerminal
import Foundation
import ScreenKit
import Store
import TerminalPlatform

/// `rapport review`: the therapist's caseload, client dashboards and session details, behind
/// the therapist passphrase.
struct ReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Review the caseload, each client's trend charts and session answers.",
        discussion: """
            Asks for the therapist passphrase first (set by 'rapport init'). Caseload: ↑↓ move, Enter \
            opens a client, / filters (a client id, or an alert: risk, rupture, low, falling, gap, \
            stuck …), Esc clears the filter or leaves. Dashboard: Tab or ←→ switches the chart, ↑↓ \
            picks a session, Enter shows its answers, n adds a note to it, c makes a kiosk code for the \
            client, a acknowledges its open risk items. Esc goes back; q quits. After --idle seconds \
            without a key the screens lock again.

            --plain gives the same path as line prompts (screen readers, TERM=dumb): the caseload as \
            numbered rows, a client's summary (alerts, one sentence per chart, the sessions), a \
            session's answers.
            """)

    @Flag(help: "Numbered lines and line prompts instead of full-screen (screen readers, TERM=dumb).")
    var plain = false

    @Option(help: "Seconds without a key before the screens lock (default: the clinic's, else 300).")
    var idle: Int?
    @Option(name: .customLong("bench-open"), help: .hidden)
    var benchOpen: Int?
    @OptionGroup var data: DataOptions

    func validate() throws {
        if let idle, !(10...86_400).contains(idle) { throw ValidationError("--idle must be from 10 to 86400 seconds") }
        if let benchOpen, benchOpen < 1 { throw ValidationError("--bench-open must be at least 1") }
    }

    func run() throws {
        try reporting {
            let store = try data.store()
            let config = try store.loadConfig()
            var loaded = ReviewEffects(store: store, catalog: try data.catalog(), passphrase: config.passphrase)
            loaded.prompts = try Assets.prompts()
            let effects = loaded
            if let runs = benchOpen {
                writeStdout(try Self.benchmark(effects, runs: runs) + "\n")
                return
            }
            try Self.requirePassphrase(config)
            if plain {
                _ = try Self.runPlain(effects, config: config, idle: idle)
                return
            }
            if !(isatty(0) == 1 && isatty(1) == 1) {
                throw CLIError(
                    "review needs a terminal (or --plain for line prompts); for scripts use 'rapport client list --json' or 'rapport analyze'",
                    code: Exit.usage)
            }
            _ = try Self.run(effects, config: config, idle: idle)
        }
    }

    /// Runs the review screens on curses until the therapist leaves them.
    static func run(_ effects: ReviewEffects, config: ClinicConfig, idle: Int?) throws -> AppExit {
        try requirePassphrase(config)
        let terminal = try Interactive.openTerminal(kiosk: false)
        defer { terminal.shutdown() }
        let clock = effects.store.clock
        let state = ReviewState(now: clock.now(), idleSeconds: idle ?? config.idleSeconds ?? 300)
        let loop = ScreenRunner<ReviewProgram, CursesTerminal>(
            terminal: terminal, state: state, tickMilliseconds: 1_000, now: { clock.now() },
            perform: { effects.perform($0) })
        let exit = loop.run()
        terminal.shutdown()
        if let status = SignalHandling.exitStatusForPendingSignal { throw ExitCode(status) }
        return exit
    }

    /// `review --plain`: the same reducer and effects as line prompts; the passphrase is read
    /// without echo on a terminal; the screen is cleared (where it can be) when it locks or ends.
    static func runPlain(_ effects: ReviewEffects, config: ClinicConfig, idle: Int?) throws -> AppExit {
        try requirePassphrase(config)
        let clock = effects.store.clock
        let runner = LineRunner<ReviewProgram>(
            state: ReviewState(now: clock.now(), idleSeconds: idle ?? config.idleSeconds ?? 300),
            now: { clock.now() }, perform: { effects.perform($0) }, read: plainReader(),
            clearScreen: { clearPlainScreen() }, write: { writeStdout($0) })
        let exit = runner.run()
        PassphrasePrompt.setEcho(true)
        clearPlainScreen()
        return exit
    }

    /// The review screens open only with the therapist passphrase; says how to set one.
    static func requirePassphrase(_ config: ClinicConfig) throws {
        guard config.passphrase != nil else {
            throw CLIError(
                "review needs a therapist passphrase, and none is set; set one with 'rapport init' on a terminal or 'rapport init --passphrase-stdin'",
                code: Exit.usage)
        }
    }

    /// `--bench-open N`: reads the summaries, builds the caseload state and renders its first
    /// frame (100×30, no terminal) N times; reports the median and the fastest run, and the
    /// median of each stage.
    static func benchmark(_ effects: ReviewEffects, runs: Int) throws -> String {
        var total: [Double] = []
        var read: [Double] = []
        var analyse: [Double] = []
        var draw: [Double] = []
        var cpu: [Double] = []
        func cpuNow() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
            return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
        }
        var clients = 0
        var alerts = 0
        let clock = ContinuousClock()
        func ms(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15
        }
        for _ in 0..<runs {
            let c0 = cpuNow()
            let t0 = clock.now
            let (summaries, problems) = try CaseloadReader.summaries(effects.store)
            let t1 = clock.now
            let sds = CaseloadReport.caseloadSDs(
                summaries: summaries, catalog: effects.catalog, options: effects.options)
            var state = ReviewState(now: Date())
            state.caseload = CaseloadState(
                entries: CaseloadEntry.caseload(
                    summaries: summaries, catalog: effects.catalog, options: effects.options, caseloadSDs: sds),
                caseloadSDs: sds, problems: problems.count)
            state.screen = .caseload
            let t2 = clock.now
            let screen = ReviewAppView.render(state, size: Size(width: 100, height: 30))
            let t3 = clock.now
            cpu.append(cpuNow() - c0)
            clients = state.caseload.entries.count
            alerts = state.caseload.entries.filter { !$0.alerts.isEmpty }.count
            if screen.width != 100 { throw CLIError("unexpected frame", code: Exit.software) }
            total.append(ms(t3 - t0))
            read.append(ms(t1 - t0))
            analyse.append(ms(t2 - t1))
            draw.append(ms(t3 - t2))
        }
        func median(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        return String(
            format:
                "review open: median %.1f ms (min %.1f ms, %d runs; %d clients, %d with alerts) = read summaries %.1f + analytics %.1f + first frame %.1f ms; CPU time %.1f ms (all threads, %d cores)",
            median(total), total.min() ?? 0, runs, clients, alerts, median(read), median(analyse), median(draw),
            median(cpu), ProcessInfo.processInfo.activeProcessorCount)
    }
}
