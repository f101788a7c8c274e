import Foundation

/// The terminal settings from before the plain kiosk changed them (valid while `keysLocked`).
nonisolated(unsafe) private var settingsBeforeKiosk = termios()
nonisolated(unsafe) private var keysLocked = false

/// File-scope handler for SIGTERM and SIGHUP in the plain kiosk: settings back, then exit.
private func restoreKioskTerminalAndExit(_ signal: Int32) {
    if keysLocked { tcsetattr(0, TCSANOW, &settingsBeforeKiosk) }
    _exit(128 + signal)
}

/// The kiosk in `--plain` mode keeps line editing but takes the terminal's escape hatches away, as
/// the full-screen kiosk does with raw mode: Ctrl-C, Ctrl-Z and Ctrl-\ no longer send signals and
/// Ctrl-D no longer ends input (they arrive as characters, which the prompts do not understand), so
/// a client cannot drop to the shell and the clinic's other data. Only the therapist's passphrase
/// leaves the kiosk. Nothing changes when standard input is not a terminal (scripts, tests).
enum PlainKioskKeys {
    /// Turns the escape hatches off; SIGINT, SIGTSTP and SIGQUIT are ignored as well.
    static func lock() {
        guard !keysLocked, isatty(0) == 1, tcgetattr(0, &settingsBeforeKiosk) == 0 else { return }
        var locked = settingsBeforeKiosk
        locked.c_lflag &= ~tcflag_t(ISIG)
        withUnsafeMutableBytes(of: &locked.c_cc) { cc in cc[Int(VEOF)] = 0 }  // _POSIX_VDISABLE
        signal(SIGINT, SIG_IGN)
        signal(SIGTSTP, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
        signal(SIGTERM, restoreKioskTerminalAndExit)
        signal(SIGHUP, restoreKioskTerminalAndExit)
        keysLocked = tcsetattr(0, TCSANOW, &locked) == 0
    }

    /// Puts the terminal settings back.
    static func unlock() {
        guard keysLocked else { return }
        tcsetattr(0, TCSANOW, &settingsBeforeKiosk)
        keysLocked = false
        for s in [SIGINT, SIGTSTP, SIGQUIT, SIGTERM, SIGHUP] { signal(s, SIG_DFL) }
    }
}
