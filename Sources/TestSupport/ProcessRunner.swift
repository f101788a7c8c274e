import Foundation

/// Runs a child process to completion: its input from a file, its output and error through pipes.
///
/// Output and error are drained on threads of their own, so a child that writes a lot to either
/// stream (or ignores its input) can never block the test on a full pipe.
public enum ProcessRunner {
    /// Runs `executable` with `arguments` and `environment`, with `stdin` (when given) as its input,
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
        process.standardOutput = out
        process.standardError = err
        // The input comes from an unlinked temporary file, not a pipe: a child that exits without
        // reading it can neither block the writer nor raise SIGPIPE in the test process.
        let input = try inputFile(stdin ?? "")
        defer { try? input.close() }
        process.standardInput = input
        try process.run()

        let outReader = PipeDrain(out.fileHandleForReading)
        let errReader = PipeDrain(err.fileHandleForReading)
        let outData = outReader.wait()
        let errData = errReader.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// A read handle on an already-unlinked temporary file holding `text`.
    private static func inputFile(_ text: String) throws -> FileHandle {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("rapport-stdin-\(UUID().uuidString)")
            .path
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteUnknown) }
        defer { unlink(path) }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadUnknown) }
        return handle
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
