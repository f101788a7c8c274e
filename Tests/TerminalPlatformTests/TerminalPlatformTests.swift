import Foundation
import Testing

@testable import TerminalPlatform

#if canImport(Glibc)
    import Glibc
#endif

/// The platform pieces that need no real terminal: the line reader over a pipe, and the settings
/// slot a signal handler restores from, over a pseudo-terminal.
@Suite("terminal platform")
struct TerminalPlatformTests {
    /// A pipe: write to `.write`, read with a ``LineReader`` on `.read`.
    struct Pipe {
        let read: Int32
        let write: Int32
        init() throws {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { throw POSIXError(.EIO) }
            read = fds[0]
            write = fds[1]
        }
        func send(_ text: String) {
            _ = text.utf8CString.withUnsafeBufferPointer { Glibc.write(write, $0.baseAddress, $0.count - 1) }
        }
    }

    @Test func linesTimeOutsPartialLinesAndTheEnd() throws {
        let p = try Pipe()
        defer { close(p.read) }
        let reader = LineReader(fd: p.read)
        p.send("first\r\nsecond\nhalf")
        #expect(reader.next(timeoutSeconds: 1) == .line("first"))
        #expect(reader.next(timeoutSeconds: 1) == .line("second"))
        // A partial line stays buffered across a time-out.
        #expect(reader.next(timeoutSeconds: 0.05) == .timedOut)
        p.send(" done\nlast without newline")
        #expect(reader.next(timeoutSeconds: 1) == .line("half done"))
        close(p.write)
        #expect(reader.next(timeoutSeconds: 1) == .line("last without newline"))
        #expect(reader.next(timeoutSeconds: 1) == .ended)
    }

    /// What a crash or signal handler puts back: the settings saved last, only while saved.
    @Test func termiosSlotRestoresTheSavedSettings() throws {
        // A pseudo-terminal's master side: its settings are the pair's (Linux).
        let fd = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(fd >= 0)
        defer { close(fd) }
        func echoOn() -> Bool {
            var t = termios()
            tcgetattr(fd, &t)
            return t.c_lflag & tcflag_t(ECHO) != 0
        }
        func setEcho(_ on: Bool) {
            var t = termios()
            tcgetattr(fd, &t)
            if on { t.c_lflag |= tcflag_t(ECHO) } else { t.c_lflag &= ~tcflag_t(ECHO) }
            tcsetattr(fd, TCSANOW, &t)
        }
        setEcho(true)
        let slot = TermiosSlot()
        #expect(!slot.isSaved)
        #expect(!slot.restore(fd: fd), "nothing saved: nothing restored")
        #expect(slot.saveCurrent(of: fd))
        setEcho(false)
        #expect(!echoOn())
        #expect(slot.restore(fd: fd))
        #expect(echoOn())
        setEcho(false)
        slot.clear()
        #expect(!slot.restore(fd: fd))
        #expect(!echoOn(), "a cleared slot leaves the settings alone")
        #expect(!slot.saveCurrent(of: -1), "not a terminal")
    }
}
