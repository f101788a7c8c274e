import Testing

@testable import ScreenKit

@Suite struct BrailleCanvasTests {
    @Test func dotBitsFollowBrailleNumbering() {
        // (x, y) inside a cell → Unicode dot bit.
        let expected: [(Int, Int, UInt8)] = [
            (0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (0, 3, 0x40),
            (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20), (1, 3, 0x80),
        ]
        for (x, y, bit) in expected {
            var c = BrailleCanvas(columns: 1, rows: 1)
            c.set(x: x, y: y)
            #expect(c.bits[0] == bit, "dot (\(x),\(y))")
        }
        #expect(BrailleCanvas.glyph(0xFF) == "⣿")
        #expect(BrailleCanvas.glyph(0) == "\u{2800}")
    }

    @Test func outOfRangeDotsAreIgnored() {
        var c = BrailleCanvas(columns: 2, rows: 1)
        c.set(x: -1, y: 0)
        c.set(x: 4, y: 0)
        c.set(x: 0, y: 4)
        c.line(from: -10, -10, to: 20, 20)
        #expect(c.isSet(x: 0, y: 0))
        #expect(!c.isSet(x: 4, y: 0))
    }

    @Test func bresenhamLineIsContinuous() {
        var c = BrailleCanvas(columns: 10, rows: 2)
        c.line(from: 0, 7, to: 19, 0)
        // Every column has exactly one dot for a shallow line, ends included.
        for x in 0..<20 {
            let count = (0..<8).filter { c.isSet(x: x, y: $0) }.count
            #expect(count == 1, "column \(x)")
        }
        #expect(c.isSet(x: 0, y: 7))
        #expect(c.isSet(x: 19, y: 0))
    }

    @Test func steepLineAndVertical() {
        var c = BrailleCanvas(columns: 2, rows: 4)
        c.line(from: 0, 0, to: 3, 15)
        for y in 0..<16 {
            #expect((0..<4).contains { c.isSet(x: $0, y: y) }, "row \(y)")
        }
        var v = BrailleCanvas(columns: 1, rows: 2)
        v.verticalLine(x: 1, from: 6, to: 1)
        #expect((1...6).allSatisfy { v.isSet(x: 1, y: $0) })
        #expect(!v.isSet(x: 1, y: 0) && !v.isSet(x: 1, y: 7))
    }

    @Test func dashedLines() {
        var c = BrailleCanvas(columns: 4, rows: 1)
        c.dashedHorizontalLine(y: 2, owner: 9)
        #expect((0..<8).map { c.isSet(x: $0, y: 2) } == [true, true, false, false, true, true, false, false])
        #expect(c.owners[0] == 9)
    }
}
