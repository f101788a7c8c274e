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
