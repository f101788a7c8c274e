import Foundation

/// Standard input's terminal settings before the first change (valid while `changes` is not empty).
nonisolated(unsafe) private var originalSettings = termios()
/// The settings to go back to at each ``TerminalSettings/pop()``, innermost last.
nonisolated(unsafe) private var changes: [termios] = []
/// Mirrors `!changes.isEmpty` for the signal handler.
nonisolated(unsafe) private var settingsChanged = false
/// The SIGINT, SIGTERM and SIGHUP handlers from before the first change.
nonisolated(unsafe) private var previousHandlers: [(Int32, sighandler_t?)] = []

/// File-scope handler: the original settings back, then exit as the signal would.
private func restoreSettingsAndExit(_ signal: Int32) {
    if settingsChanged { tcsetattr(0, TCSANOW, &originalSettings) }
    _exit(128 + signal)
}

/// Nested changes to standard input's terminal settings (echo off for a passphrase, the plain
/// kiosk's locked keys), each undone by a ``pop()``. While any is in force, SIGINT, SIGTERM and
/// SIGHUP put the settings from before the first change back before the process exits, so a
/// signal never leaves the shell with echo or its signal keys off.
enum TerminalSettings {
    /// Applies `change` to the current settings. Returns false, changing nothing (and needing no
    /// `pop`), when standard input is not a terminal. `discardTypeahead` drops input typed but
    /// not yet read.
    @discardableResult
    static func push(discardTypeahead: Bool = false, _ change: (inout termios) -> Void) -> Bool {
        var current = termios()
        guard tcgetattr(0, &current) == 0 else { return false }
        var changed = current
        change(&changed)
        if changes.isEmpty {
            originalSettings = current
            settingsChanged = true
            previousHandlers = [SIGINT, SIGTERM, SIGHUP].map { ($0, signal($0, restoreSettingsAndExit)) }
        }
        changes.append(current)
        guard tcsetattr(0, discardTypeahead ? TCSAFLUSH : TCSANOW, &changed) == 0 else {
            pop()
            return false
        }
        return true
    }

    /// Undoes the latest ``push(discardTypeahead:_:)``; after the last one, the signal handlers
    /// from before come back.
    static func pop() {
        guard var settings = changes.popLast() else { return }
        tcsetattr(0, TCSANOW, &settings)
        if changes.isEmpty {
            settingsChanged = false
            for (number, handler) in previousHandlers { signal(number, handler) }
            previousHandlers = []
        }
    }
}
