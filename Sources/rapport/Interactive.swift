import AppCore
import AppUI
import ArgumentParser
import CursesTerminal
import Foundation
import Instruments
import ScreenKit
import Store
import TerminalPlatform

/// Options shared by the interactive commands (`rapport`, `rate`, `kiosk`).
struct InteractiveOptions: ParsableArguments {
    @Flag(
        help:
            "Numbered line prompts on standard input/output instead of full-screen (screen readers, TERM=dumb, scripts)."
    )
    var plain = false

    @Option(help: "Seconds without a key before a client's screen is cleared (default: the clinic's, else 300).")
    var idle: Int?

    func validate() throws {
        if let idle, !(10...86_400).contains(idle) {
            throw ValidationError("--idle must be from 10 to 86400 seconds")
        }
    }

    /// The flow settings from the clinic config and these options.
    func settings(_ config: ClinicConfig) -> AppSettings {
        AppSettings(
            idleSeconds: idle ?? config.idleSeconds ?? 300,
            showScoresToClient: config.showScoresToClient ?? false, hasPassphrase: config.passphrase != nil)
    }
}

/// Runs the app on curses or in plain mode, restoring the terminal on every way out.
enum Interactive {
    /// Runs `state` until it ends; returns how it ended. Throws a ``CLIError`` when curses cannot
    /// start, and `ExitCode(128 + signal)` after SIGINT/SIGTERM/SIGHUP. `kiosk` locks the keys
    /// that would reach the shell (raw mode; in `--plain`, the terminal's signal keys off): the
    /// kiosk, a client's `rate`, and the home menu (which hands the terminal to clients).
    /// `saveFailed`: a draft or record could not be saved during the run.
    static func run(
        _ state: AppState, effects: StoreEffects, plain: Bool, kiosk: Bool, initialEffects: [Effect] = []
    ) throws -> (exit: AppExit, saveFailed: Bool) {
        let (exit, final) = try run(
            AppProgram.self, state, clock: effects.store.clock, perform: { effects.perform($0) }, plain: plain,
            kiosk: kiosk, tickMilliseconds: 500, initialEffects: initialEffects)
        if plain { reportInputEnded(exit, final.questionnaire) }
        return (exit, final.saveFailed)
    }

    /// Runs the whole app from `state` (the home menu) until it ends: the kiosk and the review
    /// screens are entered and left inside the one run (``RootProgram``), on one terminal with
    /// locked keys (raw mode; in `--plain`, the terminal's signal keys off) from start to end.
    static func runRoot(_ state: RootState, effects: RootEffects, plain: Bool) throws -> AppExit {
        let (exit, final) = try run(
            RootProgram.self, state, clock: effects.app.store.clock, perform: { effects.perform($0) }, plain: plain,
            kiosk: true, tickMilliseconds: 500)
        if plain {
            if let app = final.app {
                reportInputEnded(exit, app.questionnaire)
            } else {
                // As `review --plain` ends: nothing of the caseload stays on the screen.
                clearPlainScreen()
            }
        }
        return exit
    }

    /// `--plain` ended by end of input inside a questionnaire: says whether the answers are kept
    /// (never that they were when a save failed).
    static func reportInputEnded(_ exit: AppExit, _ questionnaire: Questionnaire?) {
        guard exit == .inputEnded, let q = questionnaire else { return }
        writeStderr(
            q.draftFailed
                ? "rapport: input ended; some answers could not be saved"
                : "rapport: input ended; the answers so far are kept in a draft")
    }

    /// Runs `program` from `state` on curses or as `--plain` line prompts until it ends; returns
    /// how it ended and the last state. `kiosk` locks the keys that would reach the shell.
    static func run<P: ScreenProgram & LineProgram>(
        _ program: P.Type, _ state: P.State, clock: any WallClock, perform: @escaping (P.Effect) -> [P.Action],
        plain: Bool, kiosk: Bool, tickMilliseconds: Int, initialEffects: [P.Effect] = []
    ) throws -> (exit: AppExit, state: P.State) {
        if plain {
            if kiosk { PlainKioskKeys.lock() }
            defer { PlainKioskKeys.unlock() }
            let runner = LineRunner<P>(
                state: state, now: { clock.now() }, perform: perform, read: plainReader(),
                clearScreen: { clearPlainScreen() }, write: { writeStdout($0) })
            let exit = runner.run(initialEffects: initialEffects)
            PassphrasePrompt.setEcho(true)
            return (exit, runner.state)
        }
        let terminal = try openTerminal(kiosk: kiosk)
        defer { terminal.shutdown() }
        let loop = ScreenRunner<P, CursesTerminal>(
            terminal: terminal, state: state, tickMilliseconds: tickMilliseconds, now: { clock.now() },
            perform: perform)
        let exit = loop.run(initialEffects: initialEffects)
        terminal.shutdown()
        if let status = SignalHandling.exitStatusForPendingSignal { throw ExitCode(status) }
        return (exit, loop.state)
    }

    /// Starts curses (raw mode in kiosk, so Ctrl-C, Ctrl-Z and Ctrl-\ never reach a shell).
    static func openTerminal(kiosk: Bool) throws -> CursesTerminal {
        let env = ProcessInfo.processInfo.environment
        if env["TERM"] == "dumb" {
            throw CLIError("TERM=dumb cannot show the full-screen view; use --plain for line prompts", code: Exit.usage)
        }
        SignalHandling.install(kiosk: kiosk)
        do {
            return try CursesTerminal(options: CursesTerminal.Options(raw: kiosk), environment: env)
        } catch let error as CursesTerminalError {
            throw CLIError("\(error.description); use --plain for line prompts", code: Exit.usage)
        }
    }

    /// The store effects for a data directory. With accounts, the account signs in first; the
    /// client-facing flows keep only public keys (they write, never read earlier data), and the
    /// lock opens with the signed-in account's passphrase.
    static func effects(
        _ data: DataOptions, signIn: SignInOptions
    ) throws -> (StoreEffects, ClinicConfig, SignedInStore) {
        try effects(data, signed: try signIn.signIn(data))
    }

    /// The effects of a run for an account signed in already (the home menu's first run).
    static func effects(
        _ data: DataOptions, signed: SignedInStore
    ) throws -> (StoreEffects, ClinicConfig, SignedInStore) {
        var store = signed.store
        if let s = signed.signedIn { store.keyring = s.keyring.publicOnly }
        let config = try store.loadConfig()
        let check: (any PassphraseChecking)? =
            signed.signedIn.map { AccountPassphrase(accounts: signed.accounts, id: $0.account.id) } ?? config.passphrase
        // Kiosk codes (the home menu's form) only for the clients the signed-in account may see.
        var codes = KioskCodes(store: store)
        codes.visibility = signed.visibility
        var effects = StoreEffects(store: store, catalog: try data.catalog(), passphrase: check, codes: codes)
        if let s = signed.signedIn {
            // Questionnaires name the therapist by the account's display name, never its id.
            let accounts = signed.accounts
            let keyring = s.keyring
            effects.therapistName = { raw in
                (try? AccountID(raw)).flatMap { accounts.displayName(of: $0, clinicKey: keyring.clinicKey) }
            }
        }
        return (effects, config, signed)
    }

    /// Runs the kiosk loop until the therapist leaves it with the passphrase.
    static func kiosk(
        _ effects: StoreEffects, config: ClinicConfig, options: InteractiveOptions, settings: AppSettings? = nil
    ) throws {
        guard effects.passphrase != nil else {
            throw CLIError(
                "kiosk mode needs a therapist passphrase to leave it; set one with 'rapport init --passphrase-stdin' or 'rapport init' on a terminal",
                code: Exit.usage)
        }
        try requireWritable(effects.store)
        _ = try? effects.codes.purgeExpired()
        let state = AppState.start(
            .kiosk, settings: settings ?? options.settings(config), now: effects.store.clock.now())
        _ = try run(state, effects: effects, plain: options.plain, kiosk: true)
    }
}

extension Interactive {
    /// Refuses (one line, exit 74) a data directory that cannot take a client's answers, before
    /// anyone starts answering: a file is written (durably, as drafts are) and removed again.
    static func requireWritable(_ store: DataStore) throws {
        let probe = store.layout.root + "/.write-check-\(getpid())"
        do {
            try store.fs.writeAtomically(Data("{}".utf8), to: probe, durable: store.durable)
            try store.fs.remove(probe)
        } catch {
            throw CLIError(
                "cannot write to the data directory \(store.layout.root) (\(error.description)); answers could not be saved",
                code: Exit.ioError)
        }
    }
}

/// `--plain`'s reads: lines from standard input with the tick's time-out; echo is off for as long
/// as a secret (passphrase) prompt is up (toggling it per read would be racy with what is typed).
func plainReader() -> (_ secret: Bool, _ timeoutSeconds: Double) -> PlainInput {
    let reader = LineReader(fd: 0)
    return { secret, timeout in
        PassphrasePrompt.setEcho(!secret)
        switch reader.next(timeoutSeconds: timeout) {
        case .line(let line): return .line(line)
        case .timedOut: return .timedOut
        case .ended: return .ended
        }
    }
}

/// `--plain`'s clear-screen effect (end of a battery, idle wipe): on a terminal that can, the
/// screen and its scroll-back are cleared and a half-typed line is dropped, so the next person
/// sees nothing of the last one's answers. On a dumb terminal or a pipe: nothing to clear.
func clearPlainScreen() {
    guard isatty(1) == 1, let term = getenv("TERM").map({ String(cString: $0) }), !term.isEmpty, term != "dumb"
    else { return }
    writeStdout("\u{1B}[H\u{1B}[2J\u{1B}[3J")
    if isatty(0) == 1 { tcflush(0, TCIFLUSH) }
}
