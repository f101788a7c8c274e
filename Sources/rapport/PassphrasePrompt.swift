import Foundation

/// The terminal settings to restore if a signal arrives while echo is off.
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var echoIsOff = false

/// File-scope handler: restores echo, then dies of the signal as usual.
private func restoreEchoAndExit(_ signal: Int32) {
    if echoIsOff { tcsetattr(0, TCSAFLUSH, &savedTermios) }
    _exit(128 + signal)
}

/// Reads a passphrase from the terminal without echo (restored on Ctrl-C, SIGTERM, SIGHUP).
enum PassphrasePrompt {
    /// Prints `prompt` on stderr and reads one line from the terminal with echo off; nil at end of input.
    static func read(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        let line = readWithoutEcho()
        FileHandle.standardError.write(Data("\n".utf8))
        return line
    }

    /// Reads one line from standard input with echo off when it is a terminal (plain reading
    /// otherwise); nil at end of input. Echo comes back afterwards, and on Ctrl-C, SIGTERM, SIGHUP.
    static func readWithoutEcho() -> String? {
        guard tcgetattr(0, &savedTermios) == 0 else { return readLine(strippingNewline: true) }
        var quiet = savedTermios
        quiet.c_lflag &= ~tcflag_t(ECHO)
        let previous = [SIGINT, SIGTERM, SIGHUP].map { ($0, signal($0, restoreEchoAndExit)) }
        echoIsOff = tcsetattr(0, TCSAFLUSH, &quiet) == 0
        let line = readLine(strippingNewline: true)
        if echoIsOff { tcsetattr(0, TCSAFLUSH, &savedTermios) }
        echoIsOff = false
        for (number, handler) in previous { signal(number, handler) }
        return line
    }
}
