import Foundation
import TestSupport
import Testing

/// An installed rapport, run by name through PATH from another directory, finds its instrument files
/// (`PREFIX/bin/rapport` + `PREFIX/share/rapport/instruments`, the layout `Scripts/install.sh` makes).
@Suite("installed binary", .serialized)
struct InstallTests {
    /// Copies the built binary and the instrument files into a prefix layout, like install.sh.
    private func install(into prefix: TemporaryDirectory) throws {
        let fm = FileManager.default
        let bin = prefix.appending("bin")
        let instruments = prefix.appending("share/rapport/instruments")
        try fm.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try fm.createDirectory(atPath: instruments, withIntermediateDirectories: true)
        try fm.copyItem(atPath: Fixtures.rapportBinary.path, toPath: bin + "/rapport")
        for file in try fm.contentsOfDirectory(atPath: Fixtures.instrumentsDirectory.path) where file.hasSuffix(".json")
        {
            try fm.copyItem(
                atPath: Fixtures.instrumentsDirectory.appendingPathComponent(file).path,
                toPath: instruments + "/" + file)
        }
    }

    /// Runs `command` with `sh -c` in `directory`, with `PATH` starting at `prefix/bin` and no
    /// `RAPPORT_ASSETS`.
    private func shell(
        _ command: String, in directory: String, prefix: TemporaryDirectory
    ) throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        env["RAPPORT_ASSETS"] = nil
        env["SWIFT_BACKTRACE"] = "enable=no"
        env["PATH"] = prefix.appending("bin") + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    @Test func findsItsInstrumentsWhenRunByNameFromAnotherDirectory() throws {
        let prefix = try TemporaryDirectory("rapport-prefix")
        defer { prefix.remove() }
        let elsewhere = try TemporaryDirectory("rapport-cwd")
        defer { elsewhere.remove() }
        try install(into: prefix)

        let list = try shell("rapport instruments list", in: elsewhere.path, prefix: prefix)
        #expect(list.status == 0, "stderr: \(list.stderr)")
        #expect(list.stdout.contains("wai-sr"))

        let data = elsewhere.appending("data")
        // The default data directory: the admin account, sealed (a tiny scrypt cost for the test).
        let cost = "RAPPORT_TEST_SCRYPT_LOG2N=4"
        let initResult = try shell(
            "echo 'install passphrase' | \(cost) rapport init --passphrase-stdin --data-dir '\(data)' ",
            in: elsewhere.path, prefix: prefix)
        #expect(initResult.status == 0, "stderr: \(initResult.stderr)")
        let clients = try shell(
            "echo 'install passphrase' | rapport client list --as admin --passphrase-stdin --data-dir '\(data)'",
            in: elsewhere.path, prefix: prefix)
        #expect(clients.status == 0, "stderr: \(clients.stderr)")
        #expect(clients.stderr.isEmpty)

        // Through a symlink in yet another directory, started by a relative path.
        try FileManager.default.createSymbolicLink(
            atPath: elsewhere.appending("r"), withDestinationPath: prefix.appending("bin/rapport"))
        let viaLink = try shell(
            "./r score --instrument phq-9 --answers 0,0,0,0,0,0,0,0,0 --json", in: elsewhere.path, prefix: prefix)
        #expect(viaLink.status == 0, "stderr: \(viaLink.stderr)")
    }

    @Test func version() throws {
        let r = try runRapport(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "got \(r.stdout)")
        #expect(r.stderr.isEmpty)
    }
}
