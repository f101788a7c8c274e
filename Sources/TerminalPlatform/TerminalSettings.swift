import Foundation
import Synchronization

/// Standard input's settings from before the first change, while any change is in force (read by
/// the signal and crash handlers).
private let originalSettings = TermiosSlot()
/// The settings to go back to at each ``TerminalSettings/pop()``, innermost last, and the SIGINT,
/// SIGTERM and SIGHUP handlers from before the first change. Never touched by a handler.
private let stack = Mutex<(changes: [termios], previousHandlers: [(Int32, sighandler_t?)])>(([], []))

/// File-scope handler: the original settings back, then exit as the signal would.
private func restoreSettingsAndExit(_ signal: Int32) {
    originalSettings.restore(fd: 0)
    _exit(128 + signal)
}

/// Nested changes to standard input's terminal settings (echo off for a passphrase, the plain
/// kiosk's locked keys), each undone by a ``pop()``. While any is in force, SIGINT, SIGTERM and
/// SIGHUP put the settings from before the first change back before the process exits, and so
/// does a crash (``CrashGuard``), so neither leaves the shell with echo or its signal keys off.
public enum TerminalSettings {
    /// Applies `change` to the current settings. Returns false, changing nothing (and needing no
    /// `pop`), when standard input is not a terminal. `discardTypeahead` drops input typed but
    /// not yet read.
    @discardableResult
    public static func push(discardTypeahead: Bool = false, _ change: (inout termios) -> Void) -> Bool {
        var current = termios()
        guard tcgetattr(0, &current) == 0 else { return false }
        var changed = current
        change(&changed)
        stack.withLock { stack in
            if stack.changes.isEmpty {
                originalSettings.save(current)
                stack.previousHandlers = [SIGINT, SIGTERM, SIGHUP].map { ($0, signal($0, restoreSettingsAndExit)) }
            }
            stack.changes.append(current)
        }
        guard tcsetattr(0, discardTypeahead ? TCSAFLUSH : TCSANOW, &changed) == 0 else {
            pop()
            return false
        }
        return true
    }

    /// Undoes the latest ``push(discardTypeahead:_:)``; after the last one, the signal handlers
    /// from before come back.
    public static func pop() {
        stack.withLock { stack in
            guard var settings = stack.changes.popLast() else { return }
            tcsetattr(0, TCSANOW, &settings)
            if stack.changes.isEmpty {
                originalSettings.clear()
                for (number, handler) in stack.previousHandlers { signal(number, handler) }
                stack.previousHandlers = []
            }
        }
    }

    /// Whether a change is in force.
    public static var isChanged: Bool { originalSettings.isSaved }

    /// For a crash handler: puts standard input's settings from before the first change back, if
    /// a change is in force. Async-signal-safe (atomic loads and `tcsetattr`).
    public static func restoreAfterCrash() {
        originalSettings.restore(fd: 0)
    }
}
