import Synchronization

/// One terminal cell: a grapheme, its style, and whether it is the right half of a wide character.
///
/// A cell is a plain value with no references (the grapheme is stored as a code: the Unicode
/// scalar itself, or the index of an interned multi-scalar grapheme), so screens copy and
/// compare like byte arrays.
public struct Cell: Sendable, Hashable {
    /// The packed grapheme: a scalar value (below 0x110000), ``Cell/emptyCode``, or
    /// ``Cell/clusterBase`` + the index of an interned multi-scalar grapheme.
    @usableFromInline var code: UInt32
    /// How it is drawn.
    public var style: Style
    /// True for the right half of a double-width character; such a cell draws nothing itself.
    public var isContinuation: Bool

    /// Code of an empty grapheme (the right half of a wide character).
    @usableFromInline static let emptyCode: UInt32 = 0xFFFF_FFFF
    /// Codes from here on name interned multi-scalar graphemes.
    @usableFromInline static let clusterBase: UInt32 = 0x0020_0000

    /// Creates a cell showing `text` (one grapheme; `" "` for blank).
    public init(_ text: String = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.code = Cell.encode(text)
        self.style = style
        self.isContinuation = isContinuation
    }

    /// Creates a cell showing one Unicode scalar (the fast path: no string involved).
    @inlinable
    public init(scalar: Unicode.Scalar, style: Style = .plain) {
        self.code = scalar.value
        self.style = style
        self.isContinuation = false
    }

    /// Creates a cell showing `character`.
    public init(character: Character, style: Style = .plain) {
        let scalars = character.unicodeScalars
        if scalars.count == 1, let s = scalars.first {
            self.code = s.value
        } else {
            self.code = Cell.encode(String(character))
        }
        self.style = style
        self.isContinuation = false
    }

    /// The grapheme shown (`""` for the right half of a wide character).
    public var text: String {
        get { Cell.decode(code) }
        set { code = Cell.encode(newValue) }
    }

    /// The single scalar shown, if the grapheme is one scalar.
    public var scalar: Unicode.Scalar? {
        code < 0x11_0000 ? Unicode.Scalar(code) : nil
    }

    /// True when the cell shows a plain space.
    public var isSpace: Bool { code == 0x20 }

    /// A blank, unstyled cell.
    public static let blank = Cell()

    /// The right half of a wide character drawn in `style`.
    static func continuation(_ style: Style) -> Cell {
        Cell("", style: style, isContinuation: true)
    }

    /// Appends the grapheme to `string` (no intermediate string for single scalars).
    func append(to string: inout String) {
        if code < 0x11_0000, let s = Unicode.Scalar(code) {
            string.unicodeScalars.append(s)
        } else if code != Cell.emptyCode {
            string += Cell.decode(code)
        }
    }

    static func encode(_ text: String) -> UInt32 {
        let scalars = text.unicodeScalars
        var it = scalars.makeIterator()
        guard let first = it.next() else { return emptyCode }
        if it.next() == nil { return first.value }
        return GraphemeTable.shared.code(for: text)
    }

    static func decode(_ code: UInt32) -> String {
        if code == emptyCode { return "" }
        if code < 0x11_0000, let s = Unicode.Scalar(code) { return String(Character(s)) }
        return GraphemeTable.shared.string(for: code)
    }
}

/// Interned multi-scalar graphemes (emoji sequences, letters with combining marks), shared by
/// all cells of the process. Grows only with distinct graphemes ever drawn.
final class GraphemeTable: Sendable {
    static let shared = GraphemeTable()

    private struct Storage {
        var codes: [String: UInt32] = [:]
        var strings: [String] = []
    }

    private let storage = Mutex(Storage())

    func code(for text: String) -> UInt32 {
        storage.withLock { s in
            if let c = s.codes[text] { return c }
            let c = Cell.clusterBase + UInt32(s.strings.count)
            s.strings.append(text)
            s.codes[text] = c
            return c
        }
    }

    func string(for code: UInt32) -> String {
        storage.withLock { s in
            let i = Int(code &- Cell.clusterBase)
            return i >= 0 && i < s.strings.count ? s.strings[i] : "\u{FFFD}"
        }
    }
}

extension Cell {
    /// Display width of the grapheme: 0, 1 or 2.
    var displayWidth: Int {
        if code < 0x11_0000 { return TextWidth.width(ofScalar: code) }
        if code == Cell.emptyCode { return 0 }
        return TextWidth.displayWidth(text)
    }
}
