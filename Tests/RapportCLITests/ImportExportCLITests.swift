import Foundation
import Store
import TestSupport
import Testing

/// `export` options of the richer export and `import`, through the binary.
@Suite("Export options and import from the command line")
struct ImportExportCLITests {
    func setUp(_ dir: TemporaryDirectory) throws -> [String] {
        let d = ["--data-dir", dir.appending("data")]
        for args in [
            ["init", "--unsealed"], ["client", "add", "C1", "--therapist", "Dr Lee"], ["client", "add", "C2"],
            [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,", "--date",
                "2026-11-03",
            ],
            [
                "record", "--client", "C1", "--instrument", "gad-7", "--answers", "0,1,2,3,0,1,2", "--date",
                "2026-11-10",
            ],
            [
                "record", "--client", "C2", "--instrument", "gad-7", "--answers", "3,3,3,3,3,3,3", "--date",
                "2026-11-05",
            ],
        ] {
            let r = try runRapport(args + d)
            try #require(r.status == 0, "\(args): \(r.stderr)")
        }
        try DataStore(root: dir.appending("data")).addNote(
            try ClientID("C1"), session: 1, text: "slept badly, \"tired\"")
        return d
    }

    @Test func badOptionsAreUsageErrors() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = try setUp(dir)
        let before = TreeSnapshot(dir.appending("data"))
        for (args, message) in [
            (["--from", "2026-13-01"], "rapport: --from: invalid date '2026-13-01': use YYYY-MM-DD\n"),
            (["--to", "yesterday"], "rapport: --to: invalid date 'yesterday': use YYYY-MM-DD\n"),
            (["--from", "2026-11-10", "--to", "2026-11-01"], "rapport: --from 2026-11-10 is after --to 2026-11-01\n"),
            (["--wide", "--items"], "rapport: --items and --wide cannot be combined\n"),
            (
                ["--deidentify", "--notes-output", dir.appending("n.csv")],
                "rapport: --deidentify leaves notes out: --notes-output cannot be combined with it\n"
            ),
        ] {
            let r = try runRapport(["export", "--format", "csv"] + args + d)
            #expect(r.status == 64, "\(args)")
            #expect(r.stderr == message)
            #expect(r.stdout.isEmpty)
        }
        let wideJSON = try runRapport(["export", "--format", "json", "--wide"] + d)
        #expect(wideJSON.status == 64 && wideJSON.stderr == "rapport: --wide applies to CSV only\n")
        #expect(TreeSnapshot(dir.appending("data")) == before)
        #expect(!FileManager.default.fileExists(atPath: dir.appending("n.csv")))
    }

    @Test func filtersWideNotesAndDeidentified() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = try setUp(dir)
        let ranged = try runRapport(["export", "--format", "csv", "--from", "2026-11-05", "--to", "2026-11-05"] + d)
        #expect(ranged.status == 0)
        #expect(ranged.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(3)) } == ["C2,"])
        let json = try runRapport(["export", "--format", "json", "--to", "2026-11-04"] + d)
        #expect(json.stdout.components(separatedBy: "\"sessionDate\"").count == 2)
        let redcap = try runRapport(["export", "--format", "redcap", "--from", "2026-11-05"] + d)
        #expect(redcap.status == 0)
        #expect(
            redcap.stdout.split(separator: "\n").dropFirst().map { String($0.prefix(9)) } == ["C1,gad_7,", "C2,gad_7,"])

        let wide = try runRapport(
            ["export", "--format", "csv", "--wide", "--notes-output", dir.appending("notes.csv")] + d)
        #expect(wide.status == 0, "\(wide.stderr)")
        let lines = wide.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasSuffix(",risk,risk_unanswered,gad_7_total,phq_9_total"))
        let notes = try String(contentsOfFile: dir.appending("notes.csv"), encoding: .utf8)
        #expect(
            notes
                == "client_id,session,session_date,therapist,episode,text\nC1,1,2026-11-03,Dr Lee,1,\"slept badly, \"\"tired\"\"\"\n"
        )
        #expect(
            (try FileManager.default.attributesOfItem(atPath: dir.appending("notes.csv"))[.posixPermissions] as? Int)
                == 0o600)

        let first = try runRapport(["export", "--format", "csv", "--deidentify"] + d)
        let second = try runRapport(["export", "--format", "csv", "--deidentify"] + d)
        #expect(first.status == 0 && first.stdout == second.stdout)
        #expect(!first.stdout.contains("C1,") && !first.stdout.contains("C2,") && !first.stdout.contains("Dr Lee"))
        // Every row's session date moved by its client's offset (never 0), the intervals kept. (Not a
        // search for the original dates in the text: with a random salt a shifted date or timestamp may
        // equal one of them.)
        let table = first.stdout.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
        let header = try #require(table.first)
        let column = { (name: String) throws -> Int in try #require(header.firstIndex(of: name)) }
        let (client, date, instrument) = (try column("client_id"), try column("session_date"), try column("instrument"))
        let rows = table.dropFirst()
        let c1 = try #require(rows.first { $0[instrument] == "phq-9" })[client]
        func day(_ s: String) -> Int? {
            ISO8601DateFormatter().date(from: s + "T00:00:00Z").map { Int($0.timeIntervalSince1970 / 86_400) }
        }
        var shifts: [String: Set<Int>] = [:]
        for row in rows {
            let original = row[client] != c1 ? "2026-11-05" : row[instrument] == "phq-9" ? "2026-11-03" : "2026-11-10"
            let moved = try #require(day(row[date]))
            shifts[row[client], default: []].insert(moved - (try #require(day(original))))
        }
        #expect(rows.count == 3 && shifts.count == 2 && shifts.values.allSatisfy { $0.count == 1 && !$0.contains(0) })
        let salt = dir.appending("data/deidentify.salt")
        #expect((try FileManager.default.attributesOfItem(atPath: salt)[.posixPermissions] as? Int) == 0o600)
        #expect(try runRapport(["check"] + d).status == 0)
    }

    @Test func exportImportRoundTripAndOneAuditLine() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = try setUp(dir)
        let items = dir.appending("items.csv")
        #expect(try runRapport(["export", "--format", "csv", "--items", "--output", items] + d).status == 0)
        let e = ["--data-dir", dir.appending("empty")]
        #expect(try runRapport(["init", "--unsealed"] + e).status == 0)
        let r = try runRapport(["import", "--format", "csv", items, "--source", "paper"] + e)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "Imported 3 forms for 2 clients (2 new)\n")
        func scores(_ args: [String]) throws -> [String] {
            try runRapport(["export", "--format", "csv"] + args).stdout.split(separator: "\n").map {
                var f = $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
                f.remove(at: 14)  // source
                return f.joined(separator: ",")
            }
        }
        #expect(try scores(e) == scores(d))
        #expect(try runRapport(["export", "--format", "csv"] + e).stdout.contains(",Dr Lee,1,en,paper,"))
        let log = try String(contentsOfFile: dir.appending("empty/audit.log"), encoding: .utf8).split(separator: "\n")
        #expect(log.count == 3)  // the import, then the two exports above
        #expect(log[0].contains("\"event\":\"importRun\"") && log[0].contains("\"count\":3"))
        #expect(try runRapport(["check"] + e).status == 0)

        // REDCap records back in: the same forms are already there, so the first row is refused.
        let records = dir.appending("records.csv")
        #expect(try runRapport(["export", "--format", "redcap", "--output", records] + d).status == 0)
        let again = try runRapport(["import", "--format", "redcap", records] + e)
        #expect(again.status == 65)
        #expect(again.stderr.hasPrefix("rapport: \(records): row 2: client C1 already has a "))
        #expect(again.stderr.hasSuffix("; nothing was imported\n"))
        let fresh = ["--data-dir", dir.appending("fresh")]
        #expect(try runRapport(["init", "--unsealed"] + fresh).status == 0)
        let redcap = try runRapport(["import", "--format", "redcap", records] + fresh)
        #expect(redcap.status == 0, "\(redcap.stderr)")
        #expect(redcap.stdout == "Imported 3 forms for 2 clients (2 new)\n")
    }

    @Test func aBadRowImportsNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = try setUp(dir)
        let file = dir.appending("forms.csv")
        let rows =
            (1...7).map { "C3,2026-11-20,gad-7,\($0),1" }
            + (1...7).map { "C1,2026-11-20,gad-7,\($0),\($0 == 7 ? 5 : 1)" }
        try ("client_id,session_date,instrument,item,answer\n" + rows.joined(separator: "\n") + "\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let before = TreeSnapshot(dir.appending("data"))
        let r = try runRapport(["import", "--format", "csv", file] + d)
        #expect(r.status == 65)
        #expect(r.stderr.hasPrefix("rapport: \(file): row 15: "))
        #expect(r.stderr.contains("item 7"))
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(TreeSnapshot(dir.appending("data")) == before)
        let missing = try runRapport(["import", "--format", "csv", dir.appending("nope.csv")] + d)
        #expect(missing.status == 66)
        let source = try runRapport(["import", "--format", "csv", "--source", "kiosk", file] + d)
        #expect(source.status == 64 && source.stderr == "rapport: --source must be import or paper\n")
    }
}
