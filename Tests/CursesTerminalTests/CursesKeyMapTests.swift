import CursesTerminal
import Foundation
import ScreenKit
import Testing

/// Key decoding only: curses is never started here.
@Suite struct CursesKeyMapTests {
    @Test func functionKeyCodes() {
        let c = CursesKeyMap.sampleCodes
        #expect(CursesKeyMap.key(code: c.up, isKeyCode: true) == .up)
        #expect(CursesKeyMap.key(code: c.down, isKeyCode: true) == .down)
        #expect(CursesKeyMap.key(code: c.resize, isKeyCode: true) == .resize)
        #expect(CursesKeyMap.key(code: c.f1, isKeyCode: true) == .function(1))
        #expect(CursesKeyMap.key(code: c.backspace, isKeyCode: true) == .backspace)
        #expect(CursesKeyMap.key(code: 9999, isKeyCode: true) == .unknown(9999))
    }

    @Test func bracketedPasteStartIsAPasteKey() {
        // define_key gives ESC[200~ this code; the terminal then drops the pasted text.
        #expect(CursesKeyMap.key(code: UInt32(CursesKeyMap.pasteStartCode), isKeyCode: true) == .paste)
    }

    @Test func characterCodes() {
        #expect(CursesKeyMap.key(code: 13, isKeyCode: false) == .enter)
        #expect(CursesKeyMap.key(code: 10, isKeyCode: false) == .enter)
        #expect(CursesKeyMap.key(code: 127, isKeyCode: false) == .backspace)
        #expect(CursesKeyMap.key(code: 3, isKeyCode: false) == .ctrl("c"))
        #expect(CursesKeyMap.key(code: 0x35, isKeyCode: false) == .char("5"))
        #expect(CursesKeyMap.key(code: 0x2800 + 0xFF, isKeyCode: false) == .char("⣿"))
    }

    @Test func startingWithoutATerminalThrows() {
        // `swift test` runs with stdin not a TTY under CI; when it is a TTY this check is skipped.
        guard isatty(0) != 1 || isatty(1) != 1 else { return }
        #expect(throws: CursesTerminalError.notATerminal) {
            _ = try CursesTerminal()
        }
    }
}
