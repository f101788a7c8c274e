import Foundation
import TestSupport
import Testing

/// Damaged and foreign files in a data directory: `rapport check` names each with its path and a
/// reason and exits non-zero; the other commands keep working and never touch the damaged file;
/// `check --quarantine` moves damaged files aside and leaves readable-but-questioned ones.
@Suite("Corrupt and foreign data", .serialized)
struct CorruptDataTests {
    /// One kind of damage.
    struct Damage: CustomTestStringConvertible, Sendable {
        var name: String
        /// Path of the damaged entry, relative to the data directory.
        var target: String
        /// Damages the entry; gets the data directory and a scratch directory outside it.
        var apply: @Sendable (_ data: String, _ outside: String) throws -> Void
        /// Start of the line `check` prints after the path ("error: <path>: <reason>").
        var report: String
        /// Whether `check --quarantine` moves it aside.
        var quarantined: Bool
        /// A file the store rewrites itself (the summary cache): the store moves the damaged one
        /// into quarantine before writing a fresh one.
        var replacedByStore = false
        var testDescription: String { name }
    }

    static let record1 = "clients/C1/records/s0001-client-phq-9-r00001.json"

    static func edit(_ path: String, _ change: (String) -> String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let changed = change(text)
        precondition(changed != text, "edit changed nothing")
        try changed.write(toFile: path, atomically: false, encoding: .utf8)
    }

    static let damages: [Damage] = [
        Damage(
            name: "truncated record", target: record1,
            apply: { d, _ in
                let p = d + "/" + record1
                let data = try Data(contentsOf: URL(fileURLWithPath: p))
                try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: p))
            }, report: "error: %@: not valid JSON (truncated or damaged)", quarantined: true),
        Damage(
            name: "invalid JSON", target: record1,
            apply: { d, _ in
                try "{\"schemaVersion\":1, this is not json}".write(
                    toFile: d + "/" + record1, atomically: false, encoding: .utf8)
            },
            report: "error: %@: not valid JSON", quarantined: true),
        Damage(
            name: "wrong types", target: record1,
            apply: { d, _ in
                try edit(d + "/" + record1) {
                    $0.replacingOccurrences(of: "\"session\":1,", with: "\"session\":\"one\",")
                }
            },
            report: "error: %@: field session has the wrong type", quarantined: true),
        Damage(
            name: "newer schemaVersion", target: record1,
            apply: { d, _ in
                try edit(d + "/" + record1) {
                    $0.replacingOccurrences(of: "\"schemaVersion\":2", with: "\"schemaVersion\":7")
                }
            },
            report: "error: %@: schemaVersion 7 is newer than this rapport supports (2)", quarantined: false),
        Damage(
            name: "unknown instrument version", target: record1,
            apply: { d, _ in
                try edit(d + "/" + record1) {
                    $0.replacingOccurrences(
                        of: "\"instrument\":{\"id\":\"phq-9\",\"version\":\"1.0.0\"}",
                        with: "\"instrument\":{\"id\":\"phq-9\",\"version\":\"9.9.9\"}")
                }
            }, report: "error: %@: instrument phq-9 version 9.9.9 is not the installed version 1.0.0",
            quarantined: false),
        Damage(
            name: "unknown instrument", target: record1,
            apply: { d, _ in
                try edit(d + "/" + record1) {
                    $0.replacingOccurrences(
                        of: "\"instrument\":{\"id\":\"phq-9\"", with: "\"instrument\":{\"id\":\"phq-99\"")
                }
            }, report: "error: %@: unknown instrument phq-99", quarantined: false),
        Damage(
            name: "wrong permissions", target: record1,
            apply: { d, _ in _ = chmod(d + "/" + record1, 0o644) },
            report: "warning: %@: permissions are 644, wider than 600", quarantined: false),
        Damage(
            name: "directory permissions", target: "clients/C1",
            apply: { d, _ in _ = chmod(d + "/clients/C1", 0o755) },
            report: "warning: %@: permissions are 755, wider than 700", quarantined: false),
        Damage(
            name: "empty file", target: record1,
            apply: { d, _ in try Data().write(to: URL(fileURLWithPath: d + "/" + record1)) },
            report: "error: %@: file is empty", quarantined: true),
        Damage(
            name: "symlink to a file outside", target: record1,
            apply: { d, outside in
                let p = d + "/" + record1
                try FileManager.default.moveItem(atPath: p, toPath: outside + "/stolen.json")
                try FileManager.default.createSymbolicLink(atPath: p, withDestinationPath: outside + "/stolen.json")
            }, report: "error: %@: is a symbolic link; rapport does not follow links", quarantined: true),
        Damage(
            name: "client directory symlinked outside", target: "clients/C2",
            apply: { d, outside in
                let p = d + "/clients/C2"
                try FileManager.default.moveItem(atPath: p, toPath: outside + "/C2")
                try FileManager.default.createSymbolicLink(atPath: p, withDestinationPath: outside + "/C2")
            }, report: "error: %@: is a symbolic link; rapport does not follow links", quarantined: true),
        Damage(
            name: "damaged summary", target: "clients/C1/summary.json",
            apply: { d, _ in
                try "{\"schemaVersion\":1,\"clientId\":".write(
                    toFile: d + "/clients/C1/summary.json", atomically: false, encoding: .utf8)
            },
            report: "error: %@: not valid JSON", quarantined: true, replacedByStore: true),
        Damage(
            name: "damaged draft", target: "clients/C1/drafts/s0009-client.json",
            apply: { d, _ in
                try "[1,2".write(toFile: d + "/clients/C1/drafts/s0009-client.json", atomically: false, encoding: .utf8)
            },
            report: "error: %@: not valid JSON", quarantined: true),
        Damage(
            name: "foreign file among records", target: "clients/C1/records/notes.txt",
            apply: { d, _ in
                try "hello".write(toFile: d + "/clients/C1/records/notes.txt", atomically: false, encoding: .utf8)
            },
            report: "error: %@: not a record file name", quarantined: true),
        Damage(
            name: "damaged clinic instrument", target: "instruments/mine.json",
            apply: { d, _ in
                try "{\"formatVersion\": 1, \"id\": ".write(
                    toFile: d + "/instruments/mine.json", atomically: false, encoding: .utf8)
            },
            report: "error: %@: ", quarantined: true),
    ]

    /// A snapshot entry without its mode ("file 100644 12 …" → "file 12 …").
    func contents(_ entry: String?) -> String? {
        guard let entry else { return nil }
        let parts = entry.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.first == "file", parts.count > 2 else { return entry }
        return ([parts[0]] + parts.dropFirst(2)).joined(separator: " ")
    }

    /// A data directory with two clients, three records and a draft.
    func populated(_ dir: TemporaryDirectory) throws -> (data: String, args: [String]) {
        let data = dir.appending("data")
        let d = ["--data-dir", data]
        for args in [
            ["init", "--unsealed"], ["client", "add", "C1"], ["client", "add", "C2"],
            [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,0", "--date",
                "2026-11-01",
            ],
            [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "2,2,2,2,2,2,2,2,0", "--date",
                "2026-11-08",
            ],
            [
                "record", "--client", "C2", "--instrument", "gad-7", "--answers", "1,1,1,1,1,1,1", "--date",
                "2026-11-08",
            ],
            [
                "debug", "save-draft", "--client", "C1", "--session", "9", "--instrument", "phq-9", "--answers",
                "1,,,,,,,,",
            ],
        ] {
            let r = try runRapport(args + d)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        return (data, d)
    }

    @Test(arguments: damages)
    func damageIsReportedIsolatedAndQuarantined(_ damage: Damage) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (data, d) = try populated(dir)
        let outside = dir.appending("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        try damage.apply(data, outside)
        let target = data + "/" + damage.target
        let damaged = TreeSnapshot(data).entries[damage.target]
        let outsideBefore = TreeSnapshot(outside)

        // check: path + reason, non-zero exit.
        let check = try runRapport(["check"] + d)
        #expect(check.status == 65)
        let expected = damage.report.replacingOccurrences(of: "%@", with: target)
        #expect(check.stdout.split(separator: "\n").contains { $0.hasPrefix(expected) }, "\(check.stdout)")

        // The other commands keep working and leave the damaged entry as it is.
        let list = try runRapport(["client", "list"] + d)
        #expect(list.status == 0, "\(list.stderr)")
        let csv = try runRapport(["export", "--format", "csv"] + d)
        #expect(csv.status == 0, "\(csv.stderr)")
        #expect(csv.stdout.contains("C1,2,2026-11-08,client,phq-9"), "\(csv.stdout)")
        if damage.target != "clients/C2" {
            #expect(csv.stdout.contains("C2,1,2026-11-08,client,gad-7"))
        } else {
            // Nothing is read through the link: the client is skipped with a warning.
            #expect(!csv.stdout.contains("C2,"))
            #expect(!list.stdout.contains("C2"), "\(list.stdout)")
            #expect(list.stderr.contains("\(data)/clients/C2: is a symbolic link"), "\(list.stderr)")
        }
        let record = try runRapport(
            ["record", "--client", "C1", "--instrument", "gad-7", "--answers", "0,0,0,0,0,0,0", "--date", "2026-11-15"]
                + d)
        #expect(record.status == 0, "\(record.stderr)")
        if damage.replacedByStore {
            let kept = TreeSnapshot(data + "/quarantine").entries.first { $0.key.hasSuffix("/" + damage.target) }
            #expect(contents(kept?.value) == contents(damaged), "the damaged file was overwritten")
            #expect(try runRapport(["check"] + d).status == 0)
            return
        }
        #expect(TreeSnapshot(data).entries[damage.target] == damaged)
        #expect(TreeSnapshot(outside) == outsideBefore)

        // --quarantine moves only damaged files, into quarantine/<time>/<relative path>.
        let q = try runRapport(["check", "--quarantine"] + d)
        let quarantineRoot = data + "/quarantine"
        let moved = (try? FileManager.default.subpathsOfDirectory(atPath: quarantineRoot)) ?? []
        if damage.quarantined {
            #expect(q.status == 0, "\(q.stdout)")
            #expect(
                !FileManager.default.fileExists(atPath: target)
                    && (try? FileManager.default.destinationOfSymbolicLink(atPath: target)) == nil)
            let hit = moved.first { $0.hasSuffix("/" + damage.target) }
            let movedPath = try #require(hit, "\(moved)")
            // Same contents; the mode is tightened to 0600 in quarantine.
            #expect(contents(TreeSnapshot(quarantineRoot).entries[movedPath]) == contents(damaged))
            let stamp = String(movedPath.prefix { $0 != "/" })
            #expect(stamp.hasPrefix("20") && stamp.contains("T") && stamp.hasSuffix("Z"), "\(stamp)")
            let audit = try String(contentsOfFile: data + "/audit.log", encoding: .utf8)
            #expect(audit.contains("\"event\":\"fileQuarantined\",\"path\":\"\(damage.target)\""))
            #expect(try runRapport(["check"] + d).status == 0)
        } else {
            #expect(q.status == 65)
            #expect(TreeSnapshot(data).entries[damage.target] == damaged)
            #expect(!moved.contains { $0.hasSuffix(damage.target) })
        }
        #expect(TreeSnapshot(outside) == outsideBefore)
    }

    @Test func severalDamagesAreAllReported() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (data, d) = try populated(dir)
        let outside = dir.appending("outside")
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let picked = Self.damages.filter {
            ["damaged draft", "foreign file among records", "damaged summary", "truncated record"].contains($0.name)
        }
        for damage in picked { try damage.apply(data, outside) }
        let check = try runRapport(["check"] + d)
        #expect(check.status == 65)
        #expect(check.stdout.contains("4 problems"), "\(check.stdout)")
        let q = try runRapport(["check", "--quarantine"] + d)
        #expect(q.stdout.contains("4 files moved to quarantine"), "\(q.stdout)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: data + "/quarantine")
        #expect(folders.count == 1)
        #expect(try runRapport(["check"] + d).status == 0)
    }
}
