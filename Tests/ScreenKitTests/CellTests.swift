import Testing

@testable import ScreenKit

@Suite struct CellTests {
    @Test func graphemesRoundTrip() {
        for text in ["a", " ", "", "日", "⣿", "e\u{301}", "👍🏽", "👨‍👩‍👧", "❤️", "🇩🇪"] {
            #expect(Cell(text).text == text, "\(text)")
        }
        #expect(Cell(character: "👨‍👩‍👧") == Cell("👨‍👩‍👧"))
        #expect(Cell(scalar: "x") == Cell("x"))
        #expect(Cell("e\u{301}") != Cell("x\u{301}"))
        #expect(Cell("⣿").scalar == "⣿")
        #expect(Cell("👍🏽").scalar == nil)
    }

    @Test func cellsAreFlatValues() {
        // No references inside: screens copy and compare without reference counting.
        #expect(_isPOD(Cell.self))
    }

    @Test func clustersOnAScreen() {
        var s = Screen(width: 7, height: 1)
        s.put("a👨‍👩‍👧e\u{301}🇩🇪", x: 0, y: 0)
        #expect(s.textSnapshot() == "a👨‍👩‍👧e\u{301}🇩🇪 ")
        #expect(s[1, 0].text == "👨‍👩‍👧")
        #expect(s[2, 0].isContinuation)
    }
}

/// The ASCII glyph set (LANG=C): one ASCII cell for each cell, charts kept as a plot.
@Suite struct GlyphTests {
    @Test func codesetNames() {
        #expect(Glyphs.isUTF8(codeset: "UTF-8"))
        #expect(Glyphs.isUTF8(codeset: "utf8"))
        #expect(!Glyphs.isUTF8(codeset: "ANSI_X3.4-1968"))
        #expect(!Glyphs.isUTF8(codeset: "ISO-8859-1"))
        #expect(!Glyphs.isUTF8(codeset: ""))
    }

    @Test func everyGlyphHasAOneColumnASCIIStandIn() {
        let glyphs = "—–…·↑↓←→↗↘▸─│┤└┬┘┐┌┃┫┄●▲■◆○◉▽▼△□◇×≥−█░•’"
        for g in glyphs {
            let a = Glyphs.ascii(String(g))
            #expect(a.count == 1 && a.unicodeScalars.allSatisfy { $0.isASCII } && a != "?", "\(g) → \(a)")
        }
        #expect(Glyphs.ascii("ö") == "o")
        #expect(Glyphs.ascii("é") == "e")
        #expect(Glyphs.ascii("a") == "a")
        #expect(Glyphs.ascii("漢") == "?")
        // Series markers stay distinct from each other.
        let markers = "●▲■◆".map { Glyphs.ascii(String($0)) }
        #expect(Set(markers).count == 4)
    }

    @Test func brailleBecomesAnASCIIPlot() {
        #expect(Glyphs.braille(0) == " ")
        #expect(Glyphs.braille(0x01 | 0x08) == "'")  // top row
        #expect(Glyphs.braille(0x40 | 0x80) == ".")  // bottom row
        #expect(Glyphs.braille(0x02 | 0x04) == "-")  // middle
        #expect(Glyphs.braille(0x01 | 0x02 | 0x04 | 0x40) == "|")  // a tall run
    }

    @Test func aChartInASCIIKeepsItsShapeAndWidth() {
        let chart = LineChart(
            series: [ChartSeries(name: "goal", values: [1, 2, 3, 4, 5, 4, 3])], yRange: 1...5, title: "WAI-SR — client")
        var screen = Screen(width: 40, height: 12)
        chart.render(into: &screen, in: screen.bounds)
        let ascii = screen.transliteratedToASCII()
        #expect(ascii.size == screen.size)
        let text = (0..<12).map { ascii.line($0) }.joined(separator: "\n")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(text)")
        #expect(text.contains("WAI-SR - client"))
        #expect(text.contains("5 +") && text.contains("1 +"), "\(text)")
        let plotCells = text.filter { "'-.|".contains($0) }.count
        #expect(plotCells >= 10, "the line is drawn:\n\(text)")
    }

    @Test func theRendererUsesTheChosenSet() {
        var screen = Screen(width: 10, height: 1)
        screen.put("a→b…", x: 0, y: 0)
        #expect(ANSIRenderer.render(screen, colorMode: .none, glyphs: .ascii) == "a>b~\n")
        #expect(ANSIRenderer.render(screen, colorMode: .none, glyphs: .unicode) == "a→b…\n")
    }
}
