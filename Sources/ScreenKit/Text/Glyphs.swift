import Foundation

/// The characters a terminal can show: every glyph rapport draws (braille charts, box lines, arrows,
/// markers, "—", "…", "▸", key hints) or their ASCII stand-ins.
///
/// Chosen once at start-up from the locale (``chooseFromLocale()``): a UTF-8 codeset gets
/// ``GlyphSet/unicode``, anything else (`LANG=C`, `POSIX`, Latin-1) gets ``GlyphSet/ascii``, where
/// those glyphs would otherwise vanish or turn into garbage. Views always draw the Unicode glyphs;
/// the terminal and the text renderer pass each cell through ``ascii(_:)`` when the set is ASCII,
/// one cell for one cell, so layouts do not move.
public enum GlyphSet: String, Sendable {
    case unicode, ascii
}

public enum Glyphs {
    nonisolated(unsafe) private static var chosen: GlyphSet = .unicode

    /// The glyph set in use (Unicode unless ``choose(_:)`` or ``chooseFromLocale()`` said otherwise).
    public static var current: GlyphSet { chosen }

    /// Sets the glyph set (once, at start-up; tests).
    public static func choose(_ set: GlyphSet) { chosen = set }

    /// Reads the character set of the locale (`LC_ALL`, `LC_CTYPE`, `LANG`) with `setlocale` and
    /// `nl_langinfo(CODESET)` and chooses the glyph set for it; `RAPPORT_GLYPHS=ascii|unicode`
    /// overrides. Only `LC_CTYPE` is set, so number formatting is not affected.
    @discardableResult
    public static func chooseFromLocale() -> GlyphSet {
        if let forced = getenv("RAPPORT_GLYPHS").flatMap({ GlyphSet(rawValue: String(cString: $0)) }) {
            chosen = forced
            return forced
        }
        setlocale(LC_CTYPE, "")
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
        chosen = isUTF8(codeset: codeset) ? .unicode : .ascii
        return chosen
    }

    /// Whether a codeset name (`UTF-8`, `utf8`, `ANSI_X3.4-1968`) is UTF-8.
    public static func isUTF8(codeset: String) -> Bool {
        let name = codeset.lowercased().filter { $0 != "-" && $0 != "_" }
        return name == "utf8"
    }

    /// One cell's text in ASCII, one column wide: itself when ASCII; braille by where its dots are
    /// (`'` top, `-` middle, `.` bottom, `|` a tall run) so a chart stays a plot; the box, arrow,
    /// marker and punctuation glyphs by their table; accented letters without their accent; `?`
    /// for anything else.
    public static func ascii(_ text: String) -> String {
        guard let scalar = text.unicodeScalars.first else { return text }
        if text.unicodeScalars.count == 1, scalar.isASCII { return text }
        let v = scalar.value
        if v >= 0x2800 && v <= 0x28FF { return braille(UInt8(v - 0x2800)) }
        if text.unicodeScalars.count == 1, let mapped = table[v] { return mapped }
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
        if folded.count == 1, let f = folded.unicodeScalars.first, f.isASCII, f.value >= 0x20 { return folded }
        return "?"
    }

    /// Text for a terminal in the current glyph set: unchanged with Unicode; with ASCII, every
    /// character through ``ascii(_:)`` (line breaks and escape sequences are ASCII and stay).
    public static func text(_ s: String, glyphs: GlyphSet = Glyphs.current) -> String {
        guard glyphs == .ascii, !s.utf8.allSatisfy({ $0 < 0x80 }) else { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            if ch.isASCII { out.append(ch) } else { out += ascii(String(ch)) }
        }
        return out
    }

    /// A braille cell as one ASCII character.
    static func braille(_ bits: UInt8) -> String {
        if bits == 0 { return " " }
        // Dot rows: 1 and 4 on top, 2 and 5, 3 and 6, 7 and 8 at the bottom.
        let rows: [UInt8] = [0x01 | 0x08, 0x02 | 0x10, 0x04 | 0x20, 0x40 | 0x80]
        var low = 4
        var high = -1
        for (r, mask) in rows.enumerated() where bits & mask != 0 {
            low = min(low, r)
            high = max(high, r)
        }
        if high - low >= 2 { return "|" }
        let centre = Double(low + high) / 2
        return centre < 1 ? "'" : centre <= 2 ? "-" : "."
    }

    /// Stand-ins for the glyphs rapport draws, by code point.
    static let table: [UInt32: String] = [
        0x2014: "-", 0x2013: "-", 0x2212: "-", 0x2026: "~", 0x00B7: ".", 0x2022: "*", 0x00D7: "x",
        0x2265: ">", 0x2264: "<", 0x2032: "'", 0x2018: "'", 0x2019: "'", 0x201C: "\"", 0x201D: "\"",
        0x00B5: "u", 0x23CE: "|", 0x00A0: " ",
        // Arrows and the selection marker.
        0x2190: "<", 0x2192: ">", 0x2191: "^", 0x2193: "v", 0x2197: "/", 0x2198: "\\", 0x25B8: ">",
        0x25B6: ">",
        // Box drawing.
        0x2500: "-", 0x2502: "|", 0x2524: "+", 0x2514: "+", 0x252C: "+", 0x2518: "+", 0x2510: "+",
        0x250C: "+", 0x251C: "+", 0x253C: "+", 0x2534: "+", 0x2503: "#", 0x252B: "#", 0x2504: "-", 0x2508: "-",
        0x2501: "=", 0x2550: "=",
        // Blocks (progress bar, band).
        0x2588: "#", 0x2591: ".", 0x2592: ":", 0x2593: "#",
        // Markers: series, ruptures, notes, the newest point.
        0x25CF: "*", 0x25B2: "+", 0x25A0: "#", 0x25C6: "@", 0x25CB: "o", 0x25C9: "O", 0x25A1: "[",
        0x25B3: "^", 0x25BC: "V", 0x25BD: "v", 0x25C7: "n",
    ]
}

extension Screen {
    /// The screen with every cell in ASCII (``Glyphs/ascii(_:)``); the right half of a wide
    /// character becomes a space, so every row keeps its width.
    public func transliteratedToASCII() -> Screen {
        var out = self
        for y in 0..<height {
            for x in 0..<width {
                var cell = self[x, y]
                if cell.isContinuation {
                    cell = Cell(" ", style: cell.style)
                } else if let s = cell.scalar, s.isASCII {
                    continue
                } else {
                    cell.text = Glyphs.ascii(cell.text)
                }
                out[x, y] = cell
            }
        }
        return out
    }
}
