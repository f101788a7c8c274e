/// The seam between the app's run loop and a real or headless terminal.
///
/// The run loop renders a ``Screen`` and calls ``present(_:)``; it never draws piecemeal.
/// Implementations: `CursesTerminal` (ncurses) and `TestSupport.HeadlessTerminal`.
/// Use from one thread only.
public protocol Terminal: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// The colours this terminal can show (``ColorMode/none`` when colour is off).
    var colorMode: ColorMode { get }
    /// Shows `screen` (drawing only what changed since the last frame) and places the cursor
    /// at `screen.cursor`, hiding it when nil.
    func present(_ screen: Screen)
    /// Waits up to `timeoutMs` milliseconds for input. Returns ``TerminalEvent/tick`` on timeout,
    /// or nil when input has ended for good (no more events will ever come).
    func nextEvent(timeoutMs: Int) -> TerminalEvent?
    /// Clears the screen and the terminal's scrollback (so a previous client's answers cannot
    /// be scrolled back to), and forces the next ``present(_:)`` to redraw everything.
    func clearAll()
    /// Restores the terminal to its normal state. Safe to call more than once.
    func shutdown()
}
