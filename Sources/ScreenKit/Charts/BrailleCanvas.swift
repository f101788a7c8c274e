/// A dot grid drawn with braille characters: each cell holds 2 × 4 dots (U+2800 + dot bits).
///
/// Storage is flat (`[UInt8]` of dot bits and of owners, one entry per cell), so plotting
/// thousands of points allocates nothing. Dot coordinates: `x` in `0..<dotWidth` (left to
/// right), `y` in `0..<dotHeight` (top to bottom). Out-of-range dots are ignored.
public struct BrailleCanvas: Sendable, Equatable {
    /// Width in cells.
    public let columns: Int
    /// Height in cells.
    public let rows: Int
    /// Dot bits per cell, row by row.
    public private(set) var bits: [UInt8]
    /// Who drew each cell last (0 = nobody); charts use it to colour cells by series.
    public private(set) var owners: [UInt8]

    /// Creates an empty canvas of `columns` × `rows` cells.
    public init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        owners = Array(repeating: 0, count: self.columns * self.rows)
    }

    /// Width in dots.
    public var dotWidth: Int { columns * 2 }
    /// Height in dots.
    public var dotHeight: Int { rows * 4 }

    /// Bit for the dot at column `cx` (0–1), row `cy` (0–3) inside a cell.
    @inline(__always)
    static func bit(_ cx: Int, _ cy: Int) -> UInt8 {
        // Braille dot numbering: 1 2 3 7 down the left, 4 5 6 8 down the right.
        cx == 0 ? (cy == 3 ? 0x40 : UInt8(1) << UInt8(cy)) : (cy == 3 ? 0x80 : UInt8(8) << UInt8(cy))
    }

    /// Sets one dot.
    @inline(__always)
    public mutating func set(x: Int, y: Int, owner: UInt8 = 1) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let i = (y >> 2) * columns + (x >> 1)
        bits[i] |= Self.bit(x & 1, y & 3)
        owners[i] = owner
    }

    /// True when the dot is set.
    public func isSet(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return false }
        return bits[(y >> 2) * columns + (x >> 1)] & Self.bit(x & 1, y & 3) != 0
    }

    /// Draws a vertical run of dots from `y0` to `y1` (inclusive, either order).
    public mutating func verticalLine(x: Int, from y0: Int, to y1: Int, owner: UInt8 = 1) {
        guard x >= 0, x < dotWidth else { return }
        let lo = max(0, min(y0, y1))
        let hi = min(dotHeight - 1, max(y0, y1))
        guard lo <= hi else { return }
        for y in lo...hi { set(x: x, y: y, owner: owner) }
    }

    /// Draws a straight line between two dots (Bresenham), both ends included.
    public mutating func line(from x0: Int, _ y0: Int, to x1: Int, _ y1: Int, owner: UInt8 = 1) {
        if x0 == x1 {
            verticalLine(x: x0, from: y0, to: y1, owner: owner)
            return
        }
        var x = x0
        var y = y0
        let dx = abs(x1 - x0)
        let dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1
        let sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            set(x: x, y: y, owner: owner)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy {
                err += dy
                x += sx
            }
            if e2 <= dx {
                err += dx
                y += sy
            }
        }
    }

    /// Draws a dashed horizontal line at dot row `y` (two dots on, two off).
    public mutating func dashedHorizontalLine(y: Int, owner: UInt8) {
        guard y >= 0, y < dotHeight else { return }
        var x = 0
        while x < dotWidth {
            if x & 3 < 2 { set(x: x, y: y, owner: owner) }
            x += 1
        }
    }

    /// Draws a dashed vertical line at dot column `x` (two dots on, two off).
    public mutating func dashedVerticalLine(x: Int, owner: UInt8) {
        guard x >= 0, x < dotWidth else { return }
        var y = 0
        while y < dotHeight {
            if y & 3 < 2 { set(x: x, y: y, owner: owner) }
            y += 1
        }
    }

    /// The braille string for a cell's dot bits (U+2800 + bits).
    @inline(__always)
    public static func glyph(_ bits: UInt8) -> String {
        glyphs[Int(bits)]
    }

    /// The braille scalar for a cell's dot bits (U+2800 + bits).
    @inline(__always)
    public static func scalar(_ bits: UInt8) -> Unicode.Scalar {
        scalars[Int(bits)]
    }

    /// All 256 braille scalars.
    static let scalars: [Unicode.Scalar] = (0..<256).map { Unicode.Scalar(UInt32(0x2800 + $0)) ?? " " }

    /// All 256 braille patterns, built once, so drawing copies a small string instead of
    /// building one per cell.
    static let glyphs: [String] = (0..<256).map { i in
        String(Character(Unicode.Scalar(UInt32(0x2800 + i)) ?? " "))
    }
}
