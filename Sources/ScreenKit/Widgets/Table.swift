/// A simple table: a bold header row, a rule, then rows; columns aligned and sized to fit.
public struct Table: Sendable, Equatable {
    /// One column: its title and alignment.
    public struct Column: Sendable, Equatable {
        /// Header text.
        public var title: String
        /// Alignment of the cells (numbers usually `.right`).
        public var alignment: TextWidth.Alignment

        /// Creates a column.
        public init(_ title: String, alignment: TextWidth.Alignment = .left) {
            self.title = title
            self.alignment = alignment
        }
    }

    /// The columns.
    public var columns: [Column]
    /// The rows; missing cells are blank, extra cells are ignored.
    public var rows: [[String]]
    /// Row index drawn in reverse video (nil: none).
    public var highlightedRow: Int?

    /// Creates a table.
    public init(columns: [Column], rows: [[String]], highlightedRow: Int? = nil) {
        self.columns = columns
        self.rows = rows
        self.highlightedRow = highlightedRow
    }

    /// Column widths for `totalWidth` columns: natural widths, the widest shrunk first when too wide.
    public func columnWidths(totalWidth: Int) -> [Int] {
        guard !columns.isEmpty else { return [] }
        var widths = columns.map { TextWidth.displayWidth($0.title) }
        for row in rows {
            for (i, cell) in row.prefix(columns.count).enumerated() {
                widths[i] = max(widths[i], TextWidth.displayWidth(cell))
            }
        }
        let available = max(0, totalWidth - 2 * (columns.count - 1))
        while widths.reduce(0, +) > available {
            guard let maxIndex = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[maxIndex] > 1 else {
                break
            }
            widths[maxIndex] -= 1
        }
        return widths
    }

    /// Draws the table in `rect`; rows beyond its height are left off.
    public func render(into screen: inout Screen, in rect: Rect) {
        guard !rect.isEmpty, !columns.isEmpty else { return }
        let widths = columnWidths(totalWidth: rect.width)
        func draw(_ cells: [String], y: Int, style: Style) {
            var line = ""
            for (i, col) in columns.enumerated() {
                let text = i < cells.count ? cells[i] : ""
                if i > 0 { line += "  " }
                line += TextWidth.pad(text, to: widths[i], alignment: col.alignment)
            }
            line = TextWidth.pad(line, to: rect.width)
            screen.put(line, x: rect.x, y: y, style: style, clip: rect)
        }
        draw(columns.map(\.title), y: rect.y, style: .bold)
        if rect.height > 1 {
            let ruleWidth = min(rect.width, widths.reduce(0, +) + 2 * (columns.count - 1))
            screen.put(String(repeating: "─", count: ruleWidth), x: rect.x, y: rect.y + 1, clip: rect)
        }
        for (i, row) in rows.enumerated() where rect.y + 2 + i < rect.maxY {
            draw(row, y: rect.y + 2 + i, style: i == highlightedRow ? .reverse : .plain)
        }
    }
}
