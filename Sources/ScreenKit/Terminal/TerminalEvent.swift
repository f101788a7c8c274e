/// Something that happened at the terminal.
public enum TerminalEvent: Sendable, Hashable {
    /// A key press.
    case key(Key)
    /// The terminal now has this size; the next frame should be drawn for it.
    case resize(Size)
    /// No input arrived within the timeout (lets the loop run timers and poll signals).
    case tick
}
