/// Why the curses terminal could not start.
public enum CursesTerminalError: Error, Equatable, CustomStringConvertible {
    /// Standard input or output is not a terminal (a pipe, a file, or no TTY at all).
    case notATerminal
    /// ncurses has no description for this `TERM`.
    case unknownTerminal(String)
    /// Another ``CursesTerminal`` is still active in this process.
    case alreadyActive

    public var description: String {
        switch self {
        case .notATerminal: return "standard input and output must be a terminal"
        case .unknownTerminal(let t): return "unknown terminal type '\(t)' (check TERM)"
        case .alreadyActive: return "a curses terminal is already active"
        }
    }
}
