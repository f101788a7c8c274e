internal import CNCurses
import ScreenKit

/// Maps what `wget_wch` returned to a ``Key``. Pure: usable in unit tests without starting curses.
public enum CursesKeyMap {
    /// Decodes one `wget_wch` result.
    /// - Parameters:
    ///   - code: the value stored by `wget_wch`.
    ///   - isKeyCode: true when `wget_wch` returned `KEY_CODE_YES` (a function-key code).
    public static func key(code: UInt32, isKeyCode: Bool) -> Key {
        guard isKeyCode else { return Key.fromCharacterCode(code) }
        let c = Int32(bitPattern: code)
        switch c {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case KEY_F0...(KEY_F0 + 63): return .function(Int(c - KEY_F0))
        case pasteStartCode: return .paste
        default: return .unknown(Int(c))
        }
    }

    /// The key code given to the start of a bracketed paste (`ESC [ 200 ~`) with `define_key`.
    public static let pasteStartCode: Int32 = KEY_MAX + 100
    /// The key code given to the end of a bracketed paste (`ESC [ 201 ~`).
    public static let pasteEndCode: Int32 = KEY_MAX + 101

    /// Raw key codes for tests and diagnostics: (up, down, resize, F1, backspace).
    public static var sampleCodes: (up: UInt32, down: UInt32, resize: UInt32, f1: UInt32, backspace: UInt32) {
        (UInt32(KEY_UP), UInt32(KEY_DOWN), UInt32(KEY_RESIZE), UInt32(cn_KEY_F(1)), UInt32(KEY_BACKSPACE))
    }
}
