/// A width × height buffer of ``Cell``s: what a view draws and what a ``Terminal`` presents.
///
/// Drawing clips to the buffer (and to an optional clip rectangle); nothing ever traps on
/// out-of-range coordinates. A wide character takes two cells: the grapheme in the left one
/// and a continuation marker in the right one.
public struct Screen: Sendable, Equatable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    /// The cells, row by row.
    public private(set) var cells: [Cell]
    /// Where the hardware cursor should be shown (screen readers follow it); nil hides it.
    public var cursor: Position?

    /// Creates a screen filled with `fill`.
    public init(width: Int, height: Int, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: fill, count: self.width * self.height)
        self.cursor = nil
    }

    /// Creates a blank screen of `size`.
    public init(size: Size, fill: Cell = .blank) {
        self.init(width: size.width, height: size.height, fill: fill)
    }

    /// The screen's size.
    public var size: Size { Size(width: width, height: height) }
    /// The whole screen as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`; a blank cell when out of range.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < width, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, y >= 0, x < width, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` starting at (`x`, `y`) in `style`, clipped to the screen and to `clip`.
    ///
    /// Newlines are not interpreted (they have width 0 and are skipped); a wide character that
    /// would straddle the right clip edge is replaced by a space.
    /// - Returns: the column after the last one written (or that would have been written).
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let area = clip.map { $0.intersection(bounds) } ?? bounds
        var col = x
        guard y >= area.y, y < area.maxY else {
            return x + TextWidth.displayWidth(text)
        }
        for ch in text {
            let w = TextWidth.width(of: ch)
            if w == 0 { continue }
            if col >= area.maxX {
                col += w
                continue
            }
            if col < area.x {
                if w == 2 && col + 1 == area.x { setCell(Cell(" ", style: style), x: area.x, y: y) }
                col += w
                continue
            }
            if w == 2 {
                if col + 1 >= area.maxX {
                    setCell(Cell(" ", style: style), x: col, y: y)
                } else {
                    setCell(Cell(character: ch, style: style), x: col, y: y)
                    setCell(.continuation(style), x: col + 1, y: y)
                }
            } else {
                setCell(Cell(character: ch, style: style), x: col, y: y)
            }
            col += w
        }
        return col
    }

    /// Sets one cell, repairing any wide character it cuts in half. `x`, `y` must be in range.
    mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let i = y * width + x
        let old = cells[i]
        if old.isContinuation && !cell.isContinuation && x > 0 {
            cells[i - 1] = Cell(" ", style: cells[i - 1].style)
        }
        if !old.isContinuation && x + 1 < width && cells[i + 1].isContinuation {
            // The old cell was the left half of a wide character: its right half is orphaned
            // unless the new cell is itself a wide character (whose right half comes next).
            if cell.isContinuation || cell.displayWidth < 2 {
                cells[i + 1] = Cell(" ", style: cells[i + 1].style)
            }
        }
        cells[i] = cell
    }

    /// Sets the cell at (`x`, `y`) to a single-width grapheme without width checks (fast path
    /// for charts). Out-of-range coordinates are ignored.
    public mutating func setNarrow(_ text: String, x: Int, y: Int, style: Style) {
        setCell(Cell(text, style: style), x: x, y: y)
    }

    /// Sets the cell at (`x`, `y`) to a single-width scalar (the fastest way to draw a cell).
    public mutating func setNarrow(scalar: Unicode.Scalar, x: Int, y: Int, style: Style) {
        setCell(Cell(scalar: scalar, style: style), x: x, y: y)
    }

    /// Fills `rect` (clipped) with `cell`.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            // Only the edges can cut a wide character in half; the inside is plain assignment
            // (cells are flat values, so this is a simple store).
            setCell(cell, x: r.x, y: y)
            if r.width > 1 { setCell(cell, x: r.maxX - 1, y: y) }
            if r.width > 2 {
                let row = y * width
                cells.withUnsafeMutableBufferPointer { buffer in
                    for i in (row + r.x + 1)..<(row + r.maxX - 1) { buffer[i] = cell }
                }
            }
        }
    }

    /// Changes the style of every cell in `rect` (clipped), keeping the text.
    public mutating func applyStyle(_ style: Style, to rect: Rect) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX {
                cells[y * width + x].style = style
            }
        }
    }

    /// Blanks the whole screen and hides the cursor.
    public mutating func clear() {
        for i in cells.indices { cells[i] = .blank }
        cursor = nil
    }
}
