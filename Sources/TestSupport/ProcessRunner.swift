import Foundation

/// Runs a child process to completion with its standard input, output and error connected to pipes.
///
/// Output and error are drained on their own threads while the input is written, so a child that
/// writes a lot to either stream (or ignores its input) can never block the test on a full pipe.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` and `environment`, writes `stdin` (when given), closes it,
    /// and waits for the exit.
    public static func run(
        _ executable: URL, arguments: [String], stdin: String? = nil, environment: [String: String]
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()

        let outReader = PipeDrain(out.fileHandleForReading)
        let errReader = PipeDrain(err.fileHandleForReading)
        if let stdin {
            // A child that exits without reading makes this write fail with EPIPE: ignore that.
            signal(SIGPIPE, SIG_IGN)
            try? input.fileHandleForWriting.write(contentsOf: Data(stdin.utf8))
        }
        try? input.fileHandleForWriting.close()
        let outData = outReader.wait()
        let errData = errReader.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class PipeDrain: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        let thread = Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
        thread.start()
    }

    /// Blocks until the pipe's writer side is closed; returns everything read.
    func wait() -> Data {
        done.wait()
        return data
    }
}
