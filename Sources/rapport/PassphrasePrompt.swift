import Foundation

/// The terminal settings to restore if a signal arrives while echo is off.
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var echoIsOff = false
/// The handlers that were in place before echo went off.
nonisolated(unsafe) private var previousHandlers: [(Int32, sighandler_t?)] = []

/// File-scope handler: restores echo, then dies of the signal as usual.
private func restoreEchoAndExit(_ signal: Int32) {
    if echoIsOff { tcsetattr(0, TCSANOW, &savedTermios) }
    _exit(128 + signal)
}

/// Terminal echo for passphrases: off while one is typed, back on afterwards and on Ctrl-C,
/// SIGTERM and SIGHUP.
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
            guard echoIsOff else { return }
            tcsetattr(0, TCSANOW, &savedTermios)
            echoIsOff = false
            for (number, handler) in previousHandlers { signal(number, handler) }
            previousHandlers = []
        } else {
            guard !echoIsOff, tcgetattr(0, &savedTermios) == 0 else { return }
            var quiet = savedTermios
            quiet.c_lflag &= ~tcflag_t(ECHO)
            previousHandlers = [SIGINT, SIGTERM, SIGHUP].map { ($0, signal($0, restoreEchoAndExit)) }
            echoIsOff = tcsetattr(0, discardTypeahead ? TCSAFLUSH : TCSANOW, &quiet) == 0
            if !echoIsOff {
                for (number, handler) in previousHandlers { signal(number, handler) }
                previousHandlers = []
            }
        }
    }
}
