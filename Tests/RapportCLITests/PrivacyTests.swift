import Foundation
import Store
import TestSupport
import Testing

/// Files 0600 and directories 0700 whatever the umask; names and answers never reach stdout or
/// stderr except in output that was asked for (exports, scores).
@Suite("Privacy")
struct PrivacyTests {
    static let therapist = "Dr Zebediah Quill"
    /// Distinctive answer lists (as typed and as stored).
    static let answers = ["3,0,2,1,3,0,2,1,0", "0,3,1,2,0,3,1,2,0"]

    /// Runs a shell command line with the given umask, then `rapport` with the arguments.
    func runWithUmask(_ mask: String, _ args: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask \(mask); exec '\(Fixtures.rapportBinary.path)' \(quoted)"]
        var env = ProcessInfo.processInfo.environment
        env["RAPPORT_ASSETS"] = Fixtures.repositoryRoot.appendingPathComponent("assets").path
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    @Test func everythingIsPrivateEvenUnderUmaskZero() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = dir.appending("data")
        let d = ["--data-dir", data]
        for args in [
            ["init", "--unsealed"], ["client", "add", "C1", "--therapist", Self.therapist],
            [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", Self.answers[0], "--date",
                "2026-11-01",
            ],
            [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", Self.answers[1], "--date",
                "2026-11-01", "--replace",
            ],
            [
                "debug", "save-draft", "--client", "C1", "--session", "2", "--instrument", "phq-9", "--answers",
                "1,,,,,,,,",
            ],
            ["client", "add", "C2"], ["export", "--format", "json", "--output", dir.appending("export.json")],
        ] {
            let r = try runWithUmask("000", args + d)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        // A damaged file, quarantined, so that the quarantine folders are checked too.
        try "{".write(toFile: data + "/clients/C2/summary.json", atomically: false, encoding: .utf8)
        _ = chmod(data + "/clients/C2/summary.json", 0o600)
        #expect(try runWithUmask("000", ["check", "--quarantine"] + d).status == 0)

        var checked = 0
        let fm = FileManager.default
        for relative in try fm.subpathsOfDirectory(atPath: data) {
            let path = data + "/" + relative
            let attributes = try fm.attributesOfItem(atPath: path)
            let mode = (attributes[.posixPermissions] as? Int) ?? -1
            if attributes[.type] as? FileAttributeType == .typeDirectory {
                #expect(mode == 0o700, "\(relative) is \(String(mode, radix: 8))")
            } else {
                #expect(mode == 0o600, "\(relative) is \(String(mode, radix: 8))")
            }
            checked += 1
        }
        #expect(checked > 15)
        #expect(fm.fileExists(atPath: data + "/quarantine"))
        #expect(fm.fileExists(atPath: data + "/audit.log"))
        #expect((try fm.attributesOfItem(atPath: data)[.posixPermissions] as? Int) == 0o700)
        #expect((try fm.attributesOfItem(atPath: dir.appending("export.json"))[.posixPermissions] as? Int) == 0o600)
    }

    @Test func checkWarnsAboutWiderPermissions() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = dir.appending("data")
        let d = ["--data-dir", data]
        _ = try runRapport(["init", "--unsealed"] + d)
        _ = try runRapport(["client", "add", "C1"] + d)
        _ = try runRapport(["record", "--client", "C1", "--instrument", "gad-7", "--answers", "1,1,1,1,1,1,1"] + d)
        #expect(try runRapport(["check"] + d).status == 0)
        _ = try runRapport(
            [
                "debug", "save-draft", "--client", "C1", "--session", "2", "--instrument", "gad-7", "--answers",
                "1,,,,,,",
            ] + d)
        #expect(try runRapport(["check"] + d).status == 0)
        _ = chmod(data, 0o755)
        _ = chmod(data + "/audit.log", 0o640)
        _ = chmod(data + "/clients/C1/drafts", 0o750)
        _ = chmod(data + "/clients/C1/drafts/s0002-client.json", 0o604)
        _ = chmod(data + "/clients/C1/.lock", 0o666)
        let r = try runRapport(["check"] + d)
        #expect(r.status == 65)
        #expect(r.stdout.contains("warning: \(data): permissions are 755, wider than 700"))
        #expect(r.stdout.contains("warning: \(data)/audit.log: permissions are 640, wider than 600"))
        #expect(r.stdout.contains("warning: \(data)/clients/C1/drafts: permissions are 750, wider than 700"))
        #expect(
            r.stdout.contains(
                "warning: \(data)/clients/C1/drafts/s0002-client.json: permissions are 604, wider than 600"))
        #expect(r.stdout.contains("warning: \(data)/clients/C1/.lock: permissions are 666, wider than 600"))
        // Each is reported once.
        #expect(r.stdout.components(separatedBy: "\(data)/audit.log: permissions").count == 2)
    }

    @Test func namesAndAnswersStayOutOfDiagnostics() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = dir.appending("data")
        let d = ["--data-dir", data]
        var outputs: [(String, CommandResult)] = []
        func run(_ args: [String]) throws {
            outputs.append((args.joined(separator: " "), try runRapport(args + d)))
        }
        try run(["init", "--unsealed"])
        try run(["client", "add", "C1", "--therapist", Self.therapist])
        try run([
            "record", "--client", "C1", "--instrument", "phq-9", "--answers", Self.answers[0], "--date", "2026-11-01",
        ])
        // Refused: a second form; a correction; a wrong answer count; a damaged record then read.
        try run([
            "record", "--client", "C1", "--instrument", "phq-9", "--answers", Self.answers[1], "--date", "2026-11-01",
        ])
        try run([
            "record", "--client", "C1", "--instrument", "phq-9", "--answers", Self.answers[1], "--date", "2026-11-01",
            "--replace",
        ])
        try run(["record", "--client", "C1", "--instrument", "phq-9", "--answers", Self.answers[0] + ",1"])
        try run([
            "debug", "save-draft", "--client", "C1", "--session", "2", "--instrument", "phq-9", "--answers",
            "3,0,2,1,3,0,2,1,",
        ])
        try run(["client", "edit", "C1", "--therapist", Self.therapist + " Jr"])
        try run(["client", "list"])
        try run(["export", "--format", "csv", "--output", dir.appending("out.csv")])
        let records = try FileManager.default.contentsOfDirectory(atPath: data + "/clients/C1/records")
        let first = try #require(records.sorted().first)
        try "{\"schemaVersion\":1,\"answers\":[3,0,2".write(
            toFile: data + "/clients/C1/records/" + first, atomically: false, encoding: .utf8)
        try run(["check"])
        try run(["client", "list"])
        try run(["export", "--format", "csv", "--output", dir.appending("out2.csv")])
        try run(["check", "--quarantine"])

        let stored = ["[3,0,2,1,3,0,2,1,0]", "[0,3,1,2,0,3,1,2,0]", "3,0,2", "0,3,1"]
        for (command, r) in outputs {
            for secret in [Self.therapist, "Zebediah", "Quill"] + Self.answers + stored {
                #expect(!r.stdout.contains(secret), "\(command): stdout shows \(secret)")
                #expect(!r.stderr.contains(secret), "\(command): stderr shows \(secret)")
            }
        }
        // The audit log holds neither.
        let audit = try String(contentsOfFile: data + "/audit.log", encoding: .utf8)
        for secret in ["Zebediah", "answers", "3,0,2", "0,3,1"] { #expect(!audit.contains(secret)) }
        #expect(
            outputs.filter { $0.1.status != 0 }.map(\.0) == [
                "record --client C1 --instrument phq-9 --answers 0,3,1,2,0,3,1,2,0 --date 2026-11-01",
                "record --client C1 --instrument phq-9 --answers 3,0,2,1,3,0,2,1,0,1", "check",
            ])
    }

    @Test(arguments: ["trap", "segv"])
    func crashOutputShowsNoMemory(kind: String) throws {
        // Even with the Swift backtracer asked for, a crash prints one fixed line (plus the
        // runtime's message for a failed precondition), never registers or memory.
        let answers = "3,0,2,1,3,0,2,1,0"
        let r = try runRapport(
            ["debug", "crash", "--answers", answers, "--kind", kind],
            environment: ["SWIFT_BACKTRACE": "enable=yes,interactive=no"])
        #expect(r.status == 70)
        #expect(r.stderr.contains("rapport: internal error: rapport crashed; nothing more is printed"))
        #expect(!r.stderr.contains("Registers"))
        #expect(!r.stderr.contains("Thread 0"))
        #expect(!r.stderr.contains(answers))
        #expect(r.stderr.split(separator: "\n").count <= 2, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }
}
