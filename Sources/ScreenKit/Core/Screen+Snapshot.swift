/// A maximal horizontal run of cells sharing a non-plain style.
public struct StyleRun: Sendable, Hashable, CustomStringConvertible {
    /// Row.
    public var row: Int
    /// First column.
    public var start: Int
    /// Last column (inclusive).
    public var end: Int
    /// The style of the run.
    public var style: Style

    /// Creates a run.
    public init(row: Int, start: Int, end: Int, style: Style) {
        self.row = row
        self.start = start
        self.end = end
        self.style = style
    }

    /// E.g. `row 3 col 4-20: reverse`.
    public var description: String {
        "row \(row) col \(start)-\(end): \(style.summary)"
    }
}

extension Screen {
    /// The text of one row (continuation cells contribute nothing, so the row is `width` columns).
    public func line(_ y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        var s = ""
        s.reserveCapacity(width)
        for x in 0..<width {
            let c = cells[y * width + x]
            if c.isContinuation { continue }
            c.append(to: &s)
        }
        return s
    }

    /// The screen's text, one line per row joined by `\n`.
    ///
    /// - Parameter trimTrailing: remove trailing spaces from every line (default keeps every
    ///   line exactly `width` columns wide).
    public func textSnapshot(trimTrailing: Bool = false) -> String {
        var lines: [String] = []
        lines.reserveCapacity(height)
        for y in 0..<height {
            var l = line(y)
            if trimTrailing {
                while l.last == " " { l.removeLast() }
            }
            lines.append(l)
        }
        return lines.joined(separator: "\n")
    }

    /// Every run of cells with a non-plain style, in reading order. Continuation cells belong to
    /// the run of their wide character.
    public func styleRuns() -> [StyleRun] {
        var runs: [StyleRun] = []
        for y in 0..<height {
            var current: StyleRun?
            for x in 0..<width {
                let st = cells[y * width + x].style
                if var run = current, run.style == st {
                    run.end = x
                    current = run
                    continue
                }
                if let run = current { runs.append(run) }
                current = st.isPlain ? nil : StyleRun(row: y, start: x, end: x, style: st)
            }
            if let run = current { runs.append(run) }
        }
        return runs
    }

    /// ``styleRuns()`` as text, one run per line (e.g. `row 3 col 4-20: reverse`), plus the cursor.
    public func styleRunsDescription() -> String {
        var lines = styleRuns().map(\.description)
        if let c = cursor { lines.append("cursor: col \(c.x) row \(c.y)") }
        return lines.joined(separator: "\n")
    }
}
