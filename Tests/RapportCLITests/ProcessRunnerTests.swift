import Foundation
import TestSupport
import Testing

@Suite("Process runner")
struct ProcessRunnerTests {
    @Test("a child that writes far more than a pipe holds to stderr and stdout does not deadlock")
    func largeOutput() throws {
        // 1 MiB on each stream: a pipe holds 64 KiB, so reading one stream after the other would hang.
        let script = "head -c 1048576 /dev/zero | tr '\\0' e >&2; head -c 1048576 /dev/zero | tr '\\0' o; exit 3"
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", script], stdin: "ignored\n", environment: [:])
        #expect(result.status == 3)
        #expect(result.stderr.utf8.count == 1_048_576)
        #expect(result.stdout.utf8.count == 1_048_576)
        #expect(result.stderr.allSatisfy { $0 == "e" })
    }

    @Test("a large input to a child that never reads it does not block")
    func unreadInput() throws {
        let input = String(repeating: "x", count: 1_000_000)
        let result = try ProcessRunner.run(
            URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "echo done"], stdin: input, environment: [:])
        #expect(result.status == 0)
        #expect(result.stdout == "done\n")
    }
}
