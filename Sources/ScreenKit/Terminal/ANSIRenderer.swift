/// Turns a ``Screen`` into plain or SGR-coloured text, for printing charts to a pipe or file.
public enum ANSIRenderer {
    /// The screen's lines joined with `\n` (ending with one), trailing spaces trimmed.
    ///
    /// With `colorMode` other than ``ColorMode/none``, styled runs are wrapped in SGR escape
    /// sequences and every line ends with a reset; with ``ColorMode/none`` no escape code is
    /// written at all (attributes are dropped too).
    /// Cells are written in ASCII when the glyph set is (default ``Glyphs/current``, e.g. `LANG=C`).
    public static func render(_ screen: Screen, colorMode: ColorMode, glyphs: GlyphSet = Glyphs.current) -> String {
        if glyphs == .ascii { return renderCells(screen.transliteratedToASCII(), colorMode: colorMode) }
        return renderCells(screen, colorMode: colorMode)
    }

    private static func renderCells(_ screen: Screen, colorMode: ColorMode) -> String {
        var out = ""
        out.reserveCapacity(screen.width * screen.height * 3 + screen.height)
        for y in 0..<screen.height {
            var lastNonBlank = -1
            for x in 0..<screen.width {
                let c = screen[x, y]
                if c.isContinuation || !c.isSpace || (colorMode != .none && !c.style.withoutForeground.isPlain) {
                    lastNonBlank = x
                }
            }
            var current = Style.plain
            var x = 0
            while x <= lastNonBlank {
                let c = screen[x, y]
                x += 1
                if c.isContinuation { continue }
                if colorMode != .none && c.style != current {
                    out += sgr(c.style, mode: colorMode)
                    current = c.style
                }
                c.append(to: &out)
            }
            if current != .plain { out += "\u{1b}[0m" }
            out += "\n"
        }
        return out
    }

    /// The SGR sequence selecting `style` from scratch (starts with a reset).
    public static func sgr(_ style: Style, mode: ColorMode) -> String {
        var codes = ["0"]
        if style.bold { codes.append("1") }
        if style.dim { codes.append("2") }
        if style.underline { codes.append("4") }
        if style.reverse { codes.append("7") }
        if let n = style.fg.number(for: mode), n >= 0 {
            codes.append(mode == .extended && n > 7 ? "38;5;\(n)" : "\(30 + n)")
        }
        if let n = style.bg.number(for: mode), n >= 0 {
            codes.append(mode == .extended && n > 7 ? "48;5;\(n)" : "\(40 + n)")
        }
        return "\u{1b}[" + codes.joined(separator: ";") + "m"
    }
}

extension Style {
    /// The style with the foreground colour removed: what still shows on a blank cell.
    var withoutForeground: Style {
        var s = self
        s.fg = .default
        s.bold = false
        s.dim = false
        return s
    }
}
