import Foundation
import Synchronization

/// Whether ``PlainKioskKeys`` has locked the keys.
private let keysLocked = Atomic<Bool>(false)

/// The kiosk in `--plain` mode keeps line editing but takes the terminal's escape hatches away, as
/// the full-screen kiosk does with raw mode: Ctrl-C, Ctrl-Z and Ctrl-\ no longer send signals and
/// Ctrl-D no longer ends input (they arrive as characters, which the prompts do not understand), so
/// a client cannot drop to the shell and the clinic's other data. Only the therapist's passphrase
/// leaves the kiosk. Nothing changes when standard input is not a terminal (scripts, tests).
/// SIGTERM and SIGHUP still end it, with the settings put back (``TerminalSettings``).
public enum PlainKioskKeys {
    /// Turns the escape hatches off; SIGINT, SIGTSTP and SIGQUIT are ignored as well.
    public static func lock() {
        guard !keysLocked.load(ordering: .relaxed), isatty(0) == 1 else { return }
        let locked = TerminalSettings.push { settings in
            settings.c_lflag &= ~tcflag_t(ISIG)
            withUnsafeMutableBytes(of: &settings.c_cc) { cc in cc[Int(VEOF)] = 0 }  // _POSIX_VDISABLE
        }
        guard locked else { return }
        keysLocked.store(true, ordering: .relaxed)
        signal(SIGINT, SIG_IGN)
        signal(SIGTSTP, SIG_IGN)
        signal(SIGQUIT, SIG_IGN)
    }

    /// Puts the terminal settings and the signal handlers back.
    public static func unlock() {
        guard keysLocked.load(ordering: .relaxed) else { return }
        signal(SIGTSTP, SIG_DFL)
        signal(SIGQUIT, SIG_DFL)
        TerminalSettings.pop()  // SIGINT's handler from before comes back with the last pop
        keysLocked.store(false, ordering: .relaxed)
    }
}
