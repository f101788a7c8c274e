internal import CNCurses
import Foundation
import ScreenKit
import TerminalPlatform

/// The real terminal, through ncursesw. The only type in the project that draws with curses.
///
/// Presents a ``Screen`` by writing only the cells that changed since the previous frame, puts
/// the hardware cursor at `screen.cursor` (hidden when nil), and decodes input into
/// ``TerminalEvent``s. Use from one thread; call ``shutdown()`` (idempotent) before printing.
public final class CursesTerminal: Terminal {
    /// Options for starting curses.
    public struct Options: Sendable, Equatable {
        /// Colour mode; nil detects it from the environment (`NO_COLOR`, `TERM`).
        public var colorMode: ColorMode?
        /// Raw mode: Ctrl-C, Ctrl-Z and Ctrl-\ arrive as keys instead of signals (kiosk).
        public var raw: Bool
        /// Milliseconds to wait after Escape for the rest of an escape sequence.
        public var escapeDelayMs: Int

        /// Creates options.
        public init(colorMode: ColorMode? = nil, raw: Bool = false, escapeDelayMs: Int = 25) {
            self.colorMode = colorMode
            self.raw = raw
            self.escapeDelayMs = escapeDelayMs
        }
    }

    public private(set) var size: Size
    public let colorMode: ColorMode
    private let window: UnsafeMutablePointer<WINDOW>
    private let screenPointer: OpaquePointer
    private var previous: Screen?
    private var pairs: [Int: Int16] = [:]
    private var cursorVisible = false
    private var isActive = true
    /// Consecutive `wget_wch` errors that returned long before the timeout.
    private var earlyErrors = 0

    /// Starts curses on the process's terminal.
    /// - Throws: ``CursesTerminalError`` when stdin/stdout is not a TTY, TERM is unknown, or
    ///   another instance is active.
    public init(
        options: Options = Options(), environment: [String: String] = ProcessInfo.processInfo.environment
    )
        throws
    {
        guard isatty(0) == 1, isatty(1) == 1 else { throw CursesTerminalError.notATerminal }
        guard cursesActive.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else {
            throw CursesTerminalError.alreadyActive
        }
        setlocale(LC_ALL, "")
        SignalHandling.rememberTerminalSettings()
        let term = environment["TERM"] ?? ""
        guard !term.isEmpty, let scr = cn_newterm_stdio(term) else {
            cursesActive.store(false, ordering: .relaxed)
            throw CursesTerminalError.unknownTerminal(term)
        }
        set_term(scr)
        guard let win = cn_stdscr() else {
            endwin()
            cursesActive.store(false, ordering: .relaxed)
            throw CursesTerminalError.unknownTerminal(term)
        }
        screenPointer = scr
        window = win
        SignalHandling.installExitSafetyNet()
        if options.raw { raw() } else { cbreak() }
        noecho()
        nonl()
        keypad(win, true)
        // Bracketed paste: the terminal wraps pasted text in ESC[200~ … ESC[201~; those become
        // key codes here, and everything between them is dropped (a paste never answers items).
        define_key("\u{1b}[200~", CursesKeyMap.pasteStartCode)
        define_key("\u{1b}[201~", CursesKeyMap.pasteEndCode)
        cn_write_raw("\u{1b}[?2004h")
        set_escdelay(Int32(options.escapeDelayMs))
        curs_set(0)
        var mode = options.colorMode ?? ColorMode.detect(environment: environment)
        if mode != .none {
            if has_colors() {
                start_color()
                use_default_colors()
                if mode == .extended && cn_COLORS() < 256 { mode = .basic }
            } else {
                mode = .none
            }
        }
        colorMode = mode
        size = Size(width: Int(getmaxx(win)), height: Int(getmaxy(win)))
    }

    deinit {
        shutdown()
    }

    public func present(_ screen: Screen) {
        guard isActive else { return }
        // Without a UTF-8 locale (LANG=C) curses cannot show the Unicode glyphs: ASCII stand-ins.
        let screen = Glyphs.current == .ascii ? screen.transliteratedToASCII() : screen
        let full = previous == nil || previous?.size != screen.size || screen.size != size
        if full { werase(window) }
        let w = min(screen.width, size.width)
        let h = min(screen.height, size.height)
        var buffer = [wchar_t](repeating: 0, count: Int(cn_ccharw_max()) + 1)
        for y in 0..<h {
            for x in 0..<w {
                let cell = screen[x, y]
                if cell.isContinuation { continue }
                if !full, let prev = previous, prev[x, y] == cell { continue }
                draw(cell, x: x, y: y, buffer: &buffer)
            }
        }
        if let c = screen.cursor, c.x >= 0, c.y >= 0, c.x < size.width, c.y < size.height {
            wmove(window, Int32(c.y), Int32(c.x))
            if !cursorVisible {
                curs_set(1)
                cursorVisible = true
            }
        } else if cursorVisible {
            curs_set(0)
            cursorVisible = false
        }
        wrefresh(window)
        previous = screen
    }

    private func draw(_ cell: Cell, x: Int, y: Int, buffer: inout [wchar_t]) {
        let limit = buffer.count - 1
        var n = 0
        if let scalar = cell.scalar {
            buffer[0] = wchar_t(bitPattern: scalar.value)
            n = 1
        } else {
            for scalar in cell.text.unicodeScalars where n < limit {
                buffer[n] = wchar_t(bitPattern: scalar.value)
                n += 1
            }
        }
        if n == 0 {
            buffer[0] = 32
            n = 1
        }
        buffer[n] = 0
        var attrs = cn_A_NORMAL()
        let st = cell.style
        if st.bold { attrs |= cn_A_BOLD() }
        if st.dim { attrs |= cn_A_DIM() }
        if st.reverse { attrs |= cn_A_REVERSE() }
        if st.underline { attrs |= cn_A_UNDERLINE() }
        let pair = colorPair(fg: st.fg, bg: st.bg)
        _ = buffer.withUnsafeBufferPointer { p in
            cn_put_cell(window, Int32(y), Int32(x), p.baseAddress, attrs, pair)
        }
    }

    /// The colour pair for (fg, bg), created on first use; 0 (default colours) when colour is
    /// off or pairs run out.
    private func colorPair(fg: Color, bg: Color) -> Int16 {
        guard colorMode != .none, let f = fg.number(for: colorMode), let b = bg.number(for: colorMode) else {
            return 0
        }
        if f == -1 && b == -1 { return 0 }
        let key = (f + 1) * 512 + (b + 1)
        if let p = pairs[key] { return p }
        let next = pairs.count + 1
        guard next < min(Int(cn_COLOR_PAIRS()), Int(Int16.max)) else { return 0 }
        init_pair(Int16(next), Int16(f), Int16(b))
        pairs[key] = Int16(next)
        return Int16(next)
    }

    public func nextEvent(timeoutMs: Int) -> TerminalEvent? {
        guard isActive else { return nil }
        if SignalHandling.pendingSignal != nil { return nil }
        wtimeout(window, Int32(max(-1, timeoutMs)))
        var ch: wint_t = 0
        let started = ContinuousClock.now
        let result = wget_wch(window, &ch)
        if SignalHandling.pendingSignal != nil { return nil }
        if result == ERR {
            // ERR both for a timeout and for input that is gone (EOF, hang-up without SIGHUP).
            // Many ERRs in a row that came back well before the timeout mean the latter: report
            // the end of input instead of letting the loop spin.
            let waitedMs = (ContinuousClock.now - started) / .milliseconds(1)
            if timeoutMs >= 20 && waitedMs < Double(timeoutMs) / 4 {
                earlyErrors += 1
                if earlyErrors >= 50 { return nil }
            } else {
                earlyErrors = 0
            }
            return .tick
        }
        earlyErrors = 0
        if result == KEY_CODE_YES && Int32(bitPattern: ch) == CursesKeyMap.pasteStartCode {
            discardPaste()
            return .key(.paste)
        }
        if result == KEY_CODE_YES && Int32(bitPattern: ch) == CursesKeyMap.pasteEndCode { return .tick }
        let key = CursesKeyMap.key(code: UInt32(ch), isKeyCode: result == KEY_CODE_YES)
        if key == .resize {
            size = Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
            previous = nil
            return .resize(size)
        }
        return .key(key)
    }

    /// Reads and drops input up to the end of a bracketed paste (or until none comes for 300 ms).
    private func discardPaste() {
        wtimeout(window, 300)
        var ch: wint_t = 0
        while true {
            let result = wget_wch(window, &ch)
            if result == ERR || SignalHandling.pendingSignal != nil { return }
            if result == KEY_CODE_YES && Int32(bitPattern: ch) == CursesKeyMap.pasteEndCode { return }
        }
    }

    public func clearAll() {
        guard isActive else { return }
        wclear(window)
        wrefresh(window)
        cn_write_raw("\u{1b}[3J")
        previous = nil
    }

    public func shutdown() {
        guard isActive else { return }
        isActive = false
        if cursorVisible { curs_set(1) }
        cn_write_raw("\u{1b}[?2004l")
        endwin()
        delscreen(screenPointer)
        cursesActive.store(false, ordering: .relaxed)
    }
}
