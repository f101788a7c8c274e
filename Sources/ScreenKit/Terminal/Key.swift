/// A key the user pressed, decoded from the terminal.
public enum Key: Sendable, Hashable {
    /// A printable character (digits included: `.char("7")`).
    case char(Character)
    case up, down, left, right
    case enter, backspace, delete, escape, tab, backTab
    case pageUp, pageDown, home, end
    /// Control plus a letter, lower-case: `.ctrl("c")`.
    case ctrl(Character)
    /// The terminal was resized (the new size comes with ``TerminalEvent/resize(_:)``).
    case resize
    /// Function key F*n*.
    case function(Int)
    /// A key code the terminal reported that has no mapping here.
    case unknown(Int)
    /// Text pasted in one go (bracketed paste); its content is dropped, never typed.
    case paste

    /// The digit 0–9 for a digit key, else nil.
    public var digit: Int? {
        if case .char(let c) = self, let v = c.wholeNumberValue, c.isASCII { return v }
        return nil
    }

    /// A short name for hints and logs: `up`, `enter`, `ctrl-c`, `F1`, `q`.
    public var name: String {
        switch self {
        case .char(let c): return c == " " ? "space" : String(c)
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .enter: return "enter"
        case .backspace: return "backspace"
        case .delete: return "delete"
        case .escape: return "escape"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .pageUp: return "pageup"
        case .pageDown: return "pagedown"
        case .home: return "home"
        case .end: return "end"
        case .ctrl(let c): return "ctrl-\(c)"
        case .resize: return "resize"
        case .function(let n): return "F\(n)"
        case .unknown(let code): return "key\(code)"
        case .paste: return "paste"
        }
    }

    /// Decodes a plain (non-function-key) character code, as read from a terminal in raw mode:
    /// Enter is 10 or 13, Backspace 127 or 8, Tab 9, Escape 27, other codes below 32 are Ctrl
    /// plus a letter.
    public static func fromCharacterCode(_ code: UInt32) -> Key {
        switch code {
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 9: return .tab
        case 27: return .escape
        case 0: return .ctrl(" ")
        case 1...26:
            guard let s = Unicode.Scalar(code + 96) else { return .unknown(Int(code)) }
            return .ctrl(Character(s))
        case 28: return .ctrl("\\")
        case 29: return .ctrl("]")
        case 30: return .ctrl("^")
        case 31: return .ctrl("_")
        default:
            guard let s = Unicode.Scalar(code) else { return .unknown(Int(code)) }
            return .char(Character(s))
        }
    }
}
