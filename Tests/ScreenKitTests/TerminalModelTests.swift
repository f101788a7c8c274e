import TestSupport
import Testing

@testable import ScreenKit

@Suite struct TerminalModelTests {
    @Test(arguments: [
        (UInt32(10), Key.enter), (13, .enter), (127, .backspace), (8, .backspace), (9, .tab),
        (27, .escape), (3, .ctrl("c")), (26, .ctrl("z")), (28, .ctrl("\\")), (55, .char("7")),
        (0x00E9, .char("é")),
    ])
    func characterCodes(code: UInt32, key: Key) {
        #expect(Key.fromCharacterCode(code) == key)
    }

    @Test func digitAndName() {
        #expect(Key.char("7").digit == 7)
        #expect(Key.char("x").digit == nil)
        #expect(Key.ctrl("c").name == "ctrl-c")
        #expect(Key.function(2).name == "F2")
    }

    @Test func colorModeDetection() {
        #expect(ColorMode.detect(environment: ["TERM": "xterm-256color"]) == .extended)
        #expect(ColorMode.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"]) == .none)
        #expect(ColorMode.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": ""]) == .extended)
        #expect(ColorMode.detect(environment: ["TERM": "vt100"]) == .basic)
        #expect(ColorMode.detect(environment: ["TERM": "dumb"]) == .none)
        #expect(ColorMode.detect(environment: [:]) == .none)
        #expect(ColorMode.detect(environment: ["TERM": "xterm-256color"], isTerminal: false) == .none)
    }

    @Test func colorNumbers() {
        #expect(Palette.orange.number(for: .extended) == 178)
        #expect(Palette.orange.number(for: .basic) == 3)
        #expect(Palette.orange.number(for: .none) == nil)
        #expect(Color.default.number(for: .basic) == -1)
    }

    @Test func headlessTerminalScriptsEventsAndRecordsFrames() {
        let t = HeadlessTerminal(size: Size(width: 10, height: 3), keys: [.down, .enter])
        #expect(t.nextEvent(timeoutMs: 100) == .key(.down))
        t.resize(to: Size(width: 8, height: 2))
        #expect(t.size == Size(width: 8, height: 2))
        #expect(t.nextEvent(timeoutMs: 100) == .resize(Size(width: 8, height: 2)))
        #expect(t.nextEvent(timeoutMs: 100) == .key(.enter))
        #expect(t.nextEvent(timeoutMs: 100) == nil)
        t.ticksWhenIdle = true
        #expect(t.nextEvent(timeoutMs: 100) == .tick)
        var s = Screen(size: t.size)
        s.put("hi", x: 0, y: 0)
        t.present(s)
        t.clearAll()
        t.shutdown()
        t.shutdown()
        #expect(t.frames.count == 1)
        #expect(t.lastFrame?.line(0) == "hi      ")
        #expect(t.clearCount == 1)
        #expect(t.isShutdown)
    }

    @Test func headlessTyping() {
        let t = HeadlessTerminal()
        t.enqueue(typing: "a1")
        t.enqueue(.tick, .key(.enter))
        var events: [TerminalEvent] = []
        while let e = t.nextEvent(timeoutMs: 0) { events.append(e) }
        #expect(events == [.key(.char("a")), .key(.char("1")), .tick, .key(.enter)])
    }

    @Test func snapshotDiffIsReadable() {
        let d = Snapshot.diff(expected: "a\nb \nc", actual: "a\nb\nc")
        #expect(d == "-  2|b ⏎\n+  2|b⏎")
    }
}
