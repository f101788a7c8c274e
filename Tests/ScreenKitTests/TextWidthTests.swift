import Testing

@testable import ScreenKit

@Suite struct TextWidthTests {
    @Test(arguments: [
        ("abc", 3), ("", 0), ("日本", 4), ("ｱ", 1), ("Ａ", 2), ("e\u{301}", 1), ("👍", 2),
        ("❤️", 2), ("🇩🇪", 2), ("한국", 4), ("⣿●▲", 3), ("a\u{200B}b", 2), ("👨‍👩‍👧", 2),
    ])
    func displayWidth(text: String, expected: Int) {
        #expect(TextWidth.displayWidth(text) == expected)
    }

    @Test func wrapNeverCutsWords() {
        let lines = TextWidth.wrap("I feel that my therapist appreciates me", width: 12)
        #expect(lines == ["I feel that", "my therapist", "appreciates", "me"])
        for line in lines { #expect(TextWidth.displayWidth(line) <= 12) }
    }

    @Test func wrapHardBreaksOnlyOverlongWords() {
        #expect(
            TextWidth.wrap("ab supercalifragilistic cd", width: 6) == ["ab", "superc", "alifra", "gilist", "ic cd"])
    }

    @Test func wrapKeepsNewlinesAndWideText() {
        #expect(TextWidth.wrap("one\ntwo three", width: 5) == ["one", "two", "three"])
        #expect(TextWidth.wrap("日本語のテキスト", width: 5) == ["日本", "語の", "テキ", "スト"])
        #expect(TextWidth.wrap("x", width: 0) == [])
    }

    @Test func truncate() {
        #expect(TextWidth.truncate("Sometimes", width: 5) == "Some…")
        #expect(TextWidth.truncate("short", width: 5) == "short")
        #expect(TextWidth.truncate("日本語", width: 4) == "日…")
        #expect(TextWidth.truncate("abc", width: 0) == "")
    }

    @Test func pad() {
        #expect(TextWidth.pad("ab", to: 5) == "ab   ")
        #expect(TextWidth.pad("ab", to: 5, alignment: .right) == "   ab")
        #expect(TextWidth.pad("ab", to: 5, alignment: .center) == " ab  ")
        #expect(TextWidth.pad("日本", to: 5, alignment: .right) == " 日本")
        #expect(TextWidth.pad("abcdef", to: 4) == "abc…")
    }
}
