import Foundation

/// Terminal echo for passphrases: off while one is typed, back on afterwards (and on Ctrl-C,
/// SIGTERM and SIGHUP, through ``TerminalSettings``).
enum PassphrasePrompt {
    /// Whether this prompt turned echo off (and owes a `TerminalSettings.pop()`).
    nonisolated(unsafe) private static var echoIsOff = false

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
            guard echoIsOff else { return }
            TerminalSettings.pop()
            echoIsOff = false
        } else {
            guard !echoIsOff else { return }
            echoIsOff = TerminalSettings.push(discardTypeahead: discardTypeahead) { $0.c_lflag &= ~tcflag_t(ECHO) }
        }
    }
}
