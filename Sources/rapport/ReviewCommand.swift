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
            numbered rows, a client's summary (alerts, one sentence per chart, the sessions; r answers \
            an alert, e ends the episode), a session's answers. The client view (v) needs the full \
            screen.
            """)

    @Flag(help: "Numbered lines and line prompts instead of full-screen (screen readers, TERM=dumb).")
    var plain = false

    @Option(help: "Seconds without a key before the screens lock (default: the clinic's, else 300).")
    var idle: Int?
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func validate() throws {
        if let idle, !(10...86_400).contains(idle) { throw ValidationError("--idle must be from 10 to 86400 seconds") }
    }

    func run() throws {
        try reporting {
            let signed = try signIn.signIn(data)
            let store = signed.store
            let config = try store.loadConfig()
            // With accounts, the lock opens with the signed-in account's passphrase and the
            // caseload holds only the clients it may see.
            let check: (any PassphraseChecking)? =
                signed.signedIn.map { AccountPassphrase(accounts: signed.accounts, id: $0.account.id) }
                ?? config.passphrase
            var loaded = ReviewEffects(store: store, catalog: try data.catalog(), passphrase: check)
            loaded.visibility = signed.visibility
            loaded.prompts = try Assets.prompts()
            let effects = loaded
            try Self.requirePassphrase(effects)
            // Signed in with an account: no second passphrase at the start (the idle lock asks it).
            let signedIn = signed.signedIn != nil
            if plain {
                _ = try Self.runPlain(effects, config: config, idle: idle, signedIn: signedIn)
                return
            }
            if !(isatty(0) == 1 && isatty(1) == 1) {
                throw CLIError(
                    "review needs a terminal (or --plain for line prompts); for scripts use 'rapport client list --json' or 'rapport analyze'",
                    code: Exit.usage)
            }
            _ = try Self.run(effects, config: config, idle: idle, signedIn: signedIn)
        }
    }

    /// Runs the review screens on curses until the therapist leaves them.
    static func run(
        _ effects: ReviewEffects, config: ClinicConfig, idle: Int?, signedIn: Bool = false
    ) throws -> AppExit {
        try requirePassphrase(effects)
        // Locked keys (raw mode): review turns to the client (the client view) and locks itself when
        // idle, so Ctrl-C, Ctrl-Z and Ctrl-\ must not reach the shell there; Ctrl-C is a key that
        // quits wherever quitting is allowed.
        let terminal = try Interactive.openTerminal(kiosk: true)
        defer { terminal.shutdown() }
        let clock = effects.store.clock
        let seconds = idle ?? config.idleSeconds ?? 300
        let state =
            signedIn
            ? ReviewState.signedIn(now: clock.now(), idleSeconds: seconds)
            : ReviewState(now: clock.now(), idleSeconds: seconds)
        let loop = ScreenRunner<ReviewProgram, CursesTerminal>(
            terminal: terminal, state: state, tickMilliseconds: 1_000, now: { clock.now() },
            perform: { effects.perform($0) })
        let exit = loop.run(initialEffects: signedIn ? [.loadCaseload] : [])
        terminal.shutdown()
        if let status = SignalHandling.exitStatusForPendingSignal { throw ExitCode(status) }
        return exit
    }

    /// `review --plain`: the same reducer and effects as line prompts; the passphrase is read
    /// without echo on a terminal; the screen is cleared (where it can be) when it locks or ends.
    static func runPlain(
        _ effects: ReviewEffects, config: ClinicConfig, idle: Int?, signedIn: Bool = false
    ) throws -> AppExit {
        try requirePassphrase(effects)
        let clock = effects.store.clock
        let seconds = idle ?? config.idleSeconds ?? 300
        let runner = LineRunner<ReviewProgram>(
            state: signedIn
                ? ReviewState.signedIn(now: clock.now(), idleSeconds: seconds)
                : ReviewState(now: clock.now(), idleSeconds: seconds),
            now: { clock.now() }, perform: { effects.perform($0) }, read: plainReader(),
            clearScreen: { clearPlainScreen() }, write: { writeStdout($0) })
        let exit = runner.run(initialEffects: signedIn ? [.loadCaseload] : [])
        PassphrasePrompt.setEcho(true)
        clearPlainScreen()
        return exit
    }

    /// The review screens open only with the therapist passphrase; says how to set one.
    static func requirePassphrase(_ effects: ReviewEffects) throws {
        guard effects.passphrase != nil else {
            throw CLIError(
                "review needs a therapist passphrase, and none is set; set one with 'rapport init' on a terminal or 'rapport init --passphrase-stdin'",
                code: Exit.usage)
        }
    }
}
