import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps clinical data out of crash output. Swift's backtracer prints registers and the memory they
/// point to, which can hold answers or names; rapport replaces it with one fixed line (exit 70).
/// `RAPPORT_BACKTRACE=1` keeps the backtracer, for developers reproducing a crash on test data.
///
/// The handler also puts the terminal back as it was: the settings from before curses (and the
/// alternate screen left), or from before a `--plain` change (echo off at a passphrase, the plain
/// kiosk's signal keys off).
public enum CrashGuard {
    /// Installs the crash handlers (once at start-up, before anything else).
    public static func install() {
        if let keep = getenv("RAPPORT_BACKTRACE"), String(cString: keep) == "1" { return }
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT] {
            _ = Glibc.signal(signal, crashed)
        }
    }
}

/// The handler: async-signal-safe (the terminal put back from atomically published settings, a
/// static message, `write`, `_exit`).
private func crashed(_ signal: Int32) {
    SignalHandling.restoreTerminalAfterCrash()
    TerminalSettings.restoreAfterCrash()
    let message: StaticString =
        "rapport: internal error: rapport crashed; nothing more is printed, to keep clinical data private (RAPPORT_BACKTRACE=1 shows a backtrace)\n"
    _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
    _exit(70)
}
