import Foundation
import Synchronization
import TerminalPlatform

/// Whether ``PassphrasePrompt`` turned echo off (and owes a `TerminalSettings.pop()`).
private let echoIsOff = Atomic<Bool>(false)

/// Terminal echo for passphrases: off while one is typed, back on afterwards (and on Ctrl-C,
/// SIGTERM and SIGHUP, through ``TerminalSettings``).
enum PassphrasePrompt {
    /// Prints `prompt` on stderr and reads one line from the terminal with echo off; nil at end of input.
    static func read(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        let line = readWithoutEcho()
        FileHandle.standardError.write(Data("\n".utf8))
        return line
    }

    /// Reads one line from standard input with echo off when it is a terminal (plain reading
    /// otherwise); nil at end of input.
    static func readWithoutEcho() -> String? {
        // Typed-ahead input is dropped: it was typed before the prompt, so it was echoed.
        setEcho(false, discardTypeahead: true)
        defer { setEcho(true) }
        return readLine(strippingNewline: true)
    }

    /// Turns echo on standard input off or back on; nothing when it is not a terminal or already
    /// in that state. Typed input waiting to be read is kept unless `discardTypeahead`.
    static func setEcho(_ on: Bool, discardTypeahead: Bool = false) {
        if on {
            guard echoIsOff.load(ordering: .relaxed) else { return }
            TerminalSettings.pop()
            echoIsOff.store(false, ordering: .relaxed)
        } else {
            guard !echoIsOff.load(ordering: .relaxed) else { return }
            let off = TerminalSettings.push(discardTypeahead: discardTypeahead) { $0.c_lflag &= ~tcflag_t(ECHO) }
            echoIsOff.store(off, ordering: .relaxed)
        }
    }
}
