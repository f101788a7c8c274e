import Foundation
import TestSupport
import Testing

/// The audit log as the command line writes and checks it.
@Suite("Audit log from the command line")
struct AuditCLITests {
    func setUp(_ dir: TemporaryDirectory) throws -> (data: String, d: [String]) {
        let data = dir.appending("data")
        let d = ["--data-dir", data]
        for args in [
            ["init", "--unsealed"], ["client", "add", "C1"],
            [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,0", "--date",
                "2026-11-01",
            ],
            [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "2,1,1,1,1,1,1,1,0", "--date",
                "2026-11-01", "--replace",
            ],
            ["export", "--format", "csv", "--client", "C1", "--output", dir.appending("c1.csv")],
            [
                "record", "--client", "C1", "--instrument", "gad-7", "--answers", "1,1,1,1,1,1,1", "--date",
                "2026-11-08",
            ],
        ] {
            let r = try runRapport(args + d)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        return (data, d)
    }

    func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func commandsAreLogged() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (data, d) = try setUp(dir)
        let log = try lines(data + "/audit.log")
        #expect(log.count == 4)
        #expect(
            log[0].contains("\"event\":\"recordSaved\"") && log[0].contains("\"record\":\"s0001-client-phq-9-r00001\""))
        #expect(
            log[1].contains("\"event\":\"recordCorrected\"")
                && log[1].contains("\"supersedes\":\"s0001-client-phq-9-r00001\""))
        #expect(log[2].contains("\"client\":\"C1\"") && log[2].contains("\"count\":1,\"event\":\"exportRun\""))
        #expect(log[3].contains("\"event\":\"recordSaved\"") && log[3].contains("\"session\":2"))
        let check = try runRapport(["check"] + d)
        #expect(check.status == 0)
        #expect(check.stdout.contains("audit log: 4 entries, last entry "))
    }

    @Test func editedAndDeletedLinesFailTheCheck() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (data, d) = try setUp(dir)
        let path = data + "/audit.log"
        let original = try lines(path)

        var edited = original
        edited[1] = edited[1].replacingOccurrences(of: "\"role\":\"therapist\"", with: "\"role\":\"admin\"")
        try (edited.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        var r = try runRapport(["check"] + d)
        #expect(r.status == 65)
        #expect(r.stdout.contains("error: \(path): line 2: was edited (its hash does not match line 3's record of it)"))
        // Later appends do not hide it.
        _ = try runRapport(
            ["record", "--client", "C1", "--instrument", "gad-7", "--answers", "0,0,0,0,0,0,0", "--date", "2026-11-15"]
                + d)
        r = try runRapport(["check"] + d)
        #expect(r.stdout.contains("line 2: was edited"))
        #expect(!r.stdout.contains("line 5"))

        var deleted = original
        deleted.remove(at: 2)
        try (deleted.joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        r = try runRapport(["check"] + d)
        #expect(r.status == 65)
        #expect(
            r.stdout.contains("error: \(path): line 3: 1 line(s) deleted before this line (entry 2 is followed by 4)"))

        try (original.dropLast().joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)
        r = try runRapport(["check"] + d)
        #expect(r.status == 65)
        #expect(r.stdout.contains("line(s) deleted at the end"))

        // --quarantine never moves the log.
        let q = try runRapport(["check", "--quarantine"] + d)
        #expect(q.status == 65)
        #expect(q.stdout.contains("kept: \(path): rapport needs this file in place"))
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
