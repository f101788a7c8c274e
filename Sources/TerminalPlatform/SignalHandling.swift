internal import CNCurses
import Foundation
import Synchronization

/// The last signal caught by ``SignalHandling`` (0: none). Written only by the handler.
private let caughtSignal = Atomic<Int32>(0)
/// True while curses owns the terminal, so the exit safety net knows whether to call `endwin`.
package let cursesActive = Atomic<Bool>(false)
/// Whether the atexit safety net is already registered.
private let exitHookInstalled = Atomic<Bool>(false)
/// The terminal settings from before curses started, for
/// ``SignalHandling/restoreTerminalAfterCrash()``. Written before curses starts.
private let settingsBeforeCurses = TermiosSlot()

/// File-scope signal handler: only an atomic store (async-signal-safe).
private func onTerminatingSignal(_ signal: Int32) {
    caughtSignal.store(signal, ordering: .relaxed)
}

/// File-scope atexit hook: restores the terminal if curses is still active.
private func restoreTerminalAtExit() {
    if cursesActive.load(ordering: .relaxed) && !isendwin() {
        endwin()
    }
}

/// Signal handling for a full-screen app: SIGINT, SIGTERM and SIGHUP set a flag that the run
/// loop polls (``CursesTerminal/nextEvent(timeoutMs:)`` returns nil once one arrived), so the
/// app restores the terminal and exits with 128 + signal.
///
/// Install **before** creating the ``CursesTerminal`` (ncurses then leaves these signals alone).
public enum SignalHandling {
    /// Installs the handlers and the atexit safety net.
    /// - Parameter kiosk: also ignore SIGINT, SIGTSTP and SIGQUIT (a shared clinic terminal);
    ///   the terminal is then put in raw mode so Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys.
    public static func install(kiosk: Bool = false) {
        _ = caughtSignal.load(ordering: .relaxed)
        _ = cursesActive.load(ordering: .relaxed)
        if kiosk {
            signal(SIGINT, SIG_IGN)
            signal(SIGTSTP, SIG_IGN)
            signal(SIGQUIT, SIG_IGN)
        } else {
            signal(SIGINT, onTerminatingSignal)
        }
        signal(SIGTERM, onTerminatingSignal)
        signal(SIGHUP, onTerminatingSignal)
        installExitSafetyNet()
    }

    /// Registers (once) an atexit hook that calls `endwin()` if curses is still active.
    public static func installExitSafetyNet() {
        if exitHookInstalled.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged {
            atexit(restoreTerminalAtExit)
        }
    }

    /// The signal caught since start (or the last ``reset()``), if any.
    public static var pendingSignal: Int32? {
        let s = caughtSignal.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    /// The conventional exit status for the pending signal (128 + signal), if any.
    public static var exitStatusForPendingSignal: Int32? {
        pendingSignal.map { 128 + $0 }
    }

    /// Forgets the pending signal.
    public static func reset() {
        caughtSignal.store(0, ordering: .relaxed)
    }

    /// Remembers the terminal settings of standard input before curses changes them.
    package static func rememberTerminalSettings() {
        settingsBeforeCurses.saveCurrent(of: 0)
    }

    /// For a crash handler, which must not call `endwin`: when curses owns the terminal, puts
    /// back the settings from before curses (echo, line mode) and writes a fixed sequence that
    /// resets attributes, shows the cursor and leaves the alternate screen, so the shell after a
    /// crash is usable. Async-signal-safe: atomic loads, `tcsetattr` and `write` only.
    public static func restoreTerminalAfterCrash() {
        guard cursesActive.load(ordering: .relaxed), settingsBeforeCurses.isSaved else { return }
        settingsBeforeCurses.restore(fd: 0)
        let reset: StaticString = "\u{1B}[0m\u{1B}[?25h\u{1B}[?1049l\r\n"
        _ = write(1, reset.utf8Start, reset.utf8CodeUnitCount)
    }
}
