import CursesTerminal
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps clinical data out of crash output. Swift's backtracer prints registers and the memory they
/// point to, which can hold answers or names; rapport replaces it with one fixed line (exit 70).
/// `RAPPORT_BACKTRACE=1` keeps the backtracer, for developers reproducing a crash on test data.
enum CrashGuard {
    static func install() {
        if let keep = getenv("RAPPORT_BACKTRACE"), String(cString: keep) == "1" { return }
        for signal in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGABRT] {
            _ = Glibc.signal(signal, crashed)
        }
    }
}

/// The handler: async-signal-safe (the terminal put back when curses had it, a static message,
/// `write`, `_exit`).
private func crashed(_ signal: Int32) {
    SignalHandling.restoreTerminalAfterCrash()
    let message: StaticString =
        "rapport: internal error: rapport crashed; nothing more is printed, to keep clinical data private (RAPPORT_BACKTRACE=1 shows a backtrace)\n"
    _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
    _exit(70)
}
