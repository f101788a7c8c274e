import Testing

@testable import ScreenKit

@Suite struct ScreenTests {
    @Test func putClipsAtEdges() {
        var s = Screen(width: 5, height: 2)
        let end = s.put("abcdefg", x: 2, y: 0)
        s.put("xyz", x: -1, y: 1)
        s.put("never", x: 0, y: 5)
        #expect(end == 9)
        #expect(s.textSnapshot() == "  abc\nyz   ")
    }

    @Test func wideCharactersTakeTwoCells() {
        var s = Screen(width: 6, height: 1)
        s.put("日本x", x: 0, y: 0)
        #expect(s[1, 0].isContinuation)
        #expect(s.textSnapshot() == "日本x ")
        // A wide char that would straddle the edge becomes a space.
        var t = Screen(width: 4, height: 1)
        t.put("a日本", x: 0, y: 0)
        #expect(t.textSnapshot() == "a日 ")
        #expect(TextWidth.displayWidth(t.line(0)) == 4)
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var s = Screen(width: 4, height: 1)
        s.put("日本", x: 0, y: 0)
        s.put("x", x: 1, y: 0)
        #expect(s.textSnapshot() == " x本")
        s.put("y", x: 2, y: 0)
        #expect(s.textSnapshot() == " xy ")
    }

    @Test func shiftedWideCharactersLeaveNoOrphans() {
        var s = Screen(width: 6, height: 1)
        s.put("日本", x: 0, y: 0)
        s.put("x日", x: 0, y: 0)
        #expect(s.textSnapshot() == "x日   ")
        #expect(TextWidth.displayWidth(s.line(0)) == 6)
        s.put("本", x: 3, y: 0)
        s.put("a", x: 4, y: 0)
        #expect(s.textSnapshot() == "x日 a ")
        #expect(!s.cells.contains { $0.isContinuation && $0.text != "" })
    }

    @Test func clipRectangle() {
        var s = Screen(width: 6, height: 3, fill: Cell("."))
        s.put("hello", x: 0, y: 1, clip: Rect(x: 1, y: 1, width: 3, height: 1))
        #expect(s.textSnapshot() == "......\n.ell..\n......")
    }

    @Test func fillAndStyleRuns() {
        var s = Screen(width: 8, height: 3)
        s.put("ok", x: 1, y: 0, style: .bold)
        s.fill(Rect(x: 2, y: 1, width: 4, height: 1), with: Cell("#", style: .reverse))
        s.cursor = Position(x: 2, y: 1)
        #expect(
            s.styleRuns() == [
                StyleRun(row: 0, start: 1, end: 2, style: .bold),
                StyleRun(row: 1, start: 2, end: 5, style: .reverse),
            ])
        #expect(s.styleRunsDescription() == "row 0 col 1-2: bold\nrow 1 col 2-5: reverse\ncursor: col 2 row 1")
    }

    @Test func textSnapshotTrimming() {
        var s = Screen(width: 4, height: 2)
        s.put("a", x: 0, y: 0)
        #expect(s.textSnapshot() == "a   \n    ")
        #expect(s.textSnapshot(trimTrailing: true) == "a\n")
    }

    @Test func equatableAndOutOfRangeAccess() {
        var a = Screen(width: 2, height: 2)
        let b = a
        #expect(a == b)
        a[5, 5] = Cell("x")
        #expect(a == b)
        a[1, 1] = Cell("x")
        #expect(a != b)
        #expect(a[-1, 0] == .blank)
    }

    @Test func ansiRendererWritesNoEscapesWithoutColor() {
        var s = Screen(width: 6, height: 2)
        s.put("ab", x: 0, y: 0, style: Style(fg: Palette.orange, bold: true))
        let plain = ANSIRenderer.render(s, colorMode: .none)
        #expect(plain == "ab\n\n")
        let coloured = ANSIRenderer.render(s, colorMode: .extended)
        #expect(coloured == "\u{1b}[0;1;38;5;178mab\u{1b}[0m\n\n")
        #expect(ANSIRenderer.render(s, colorMode: .basic).contains("\u{1b}[0;1;33m"))
    }
}

@Suite struct ANSIRendererTests {
    @Test func wideCharactersAndTrimming() {
        var s = Screen(width: 8, height: 2)
        s.put("日本 x", x: 1, y: 0)
        s.put("  ", x: 0, y: 1, style: .reverse)
        #expect(ANSIRenderer.render(s, colorMode: .none) == " 日本 x\n\n")
        // A styled blank keeps its cells when colour is on (reverse shows).
        #expect(ANSIRenderer.render(s, colorMode: .basic) == " 日本 x\n\u{1b}[0;7m  \u{1b}[0m\n")
    }
}
