import Foundation
import TestSupport
import Testing

/// Runs the built `rapport` binary: outputs and exit codes as golden values.
@Suite("rapport command line", .serialized)
struct CLITests {
    @Test func helpListsEveryCommand() throws {
        let r = try runRapport(["--help"])
        #expect(r.status == 0)
        for command in ["init", "client", "score", "record", "export", "instruments", "check", "demo"] {
            #expect(r.stdout.contains("  \(command)"), "\(command) missing from help")
        }
    }

    @Test func scoreJSON() throws {
        let r = try runRapport(["score", "--instrument", "phq-9", "--answers", "0,1,2,3,0,1,2,3,1", "--json"])
        #expect(r.status == 0)
        #expect(
            r.stdout
                == "{\"instrument\":\"phq-9\",\"version\":\"1.0.0\",\"scores\":{\"total\":13},\"band\":\"moderate\",\"missing\":[],\"prorated\":false,\"valid\":true,\"risk\":[9],\"riskUnanswered\":[]}\n"
        )
        #expect(r.stderr.isEmpty)
    }

    @Test func scoreJSONWithMissingAndInvalidScale() throws {
        let r = try runRapport(["score", "--instrument", "wai-sr", "--answers", "4,5,3,,5,,3,4,5,2,3,4", "--json"])
        #expect(r.status == 0)
        #expect(
            r.stdout
                == "{\"instrument\":\"wai-sr\",\"version\":\"1.0.0\",\"scores\":{\"goal\":null,\"task\":3.75,\"bond\":4,\"total\":3.8},\"band\":null,\"missing\":[4,6],\"prorated\":true,\"valid\":false,\"risk\":[],\"riskUnanswered\":[]}\n"
        )
    }

    @Test func scoreText() throws {
        let r = try runRapport(["score", "--instrument", "core-10", "--answers", "1,3,4,0,2,2,1,2,3,1"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Clinical score   13  (mild)"))
        #expect(r.stdout.contains("RISK: item 6"))
    }

    @Test(arguments: [
        (["score", "--instrument", "nope", "--answers", "1"], Int32(64), "unknown instrument 'nope'"),
        (
            ["score", "--instrument", "phq-9", "--answers", "1,1"], Int32(65),
            "phq-9 has 9 items but 2 answers were given"
        ),
        (
            ["score", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,4"], Int32(65),
            "phq-9 item 9: 4 is not on the response scale (0–3)"
        ),
        (
            ["score", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,x"], Int32(65),
            "phq-9 item 9: 'x' is not a number"
        ),
    ])
    func scoreErrors(args: [String], code: Int32, message: String) throws {
        let r = try runRapport(args)
        #expect(r.status == code)
        #expect(r.stderr == "rapport: \(message)\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func recordListExportRoundTrip() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = ["--data-dir", dir.appending("data")]
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        #expect(try runRapport(["client", "add", "C1", "--therapist", "Dr Lee"] + d).status == 0)
        let rec = try runRapport(
            [
                "record", "--client", "C1", "--instrument", "wai-sr", "--answers", "4,5,3,2,5,4,3,4,5,2,3,4", "--date",
                "2026-11-03",
            ] + d)
        #expect(rec.status == 0)
        #expect(rec.stdout.contains("session 1, 2026-11-03"))
        let rec2 = try runRapport(
            [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,", "--date",
                "2026-11-03",
            ] + d)
        #expect(rec2.status == 0)
        // Same instrument again in the same session: refused, nothing written.
        let dup = try runRapport(
            [
                "record", "--client", "C1", "--instrument", "wai-sr", "--answers", "1,1,1,1,1,1,1,1,1,1,1,1", "--date",
                "2026-11-03",
            ] + d)
        #expect(dup.status == 65)
        #expect(dup.stderr.contains("--replace"))

        let csv = try runRapport(["export", "--format", "csv"] + d)
        #expect(csv.status == 0)
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first
                == "client_id,session,session_date,rater,instrument,instrument_version,scale,score,band,valid,administered_at,therapist,episode,language,source,prorated,risk,risk_unanswered"
        )
        #expect(lines.count == 1 + 1 + 4)  // header, phq-9 total, wai-sr goal/task/bond/total
        #expect(lines.contains { $0.hasPrefix("C1,1,2026-11-03,client,phq-9,1.0.0,total,9,mild,true,") })
        #expect(lines.contains { $0.hasPrefix("C1,1,2026-11-03,client,wai-sr,1.0.0,goal,3.25,,true,") })

        let items = try runRapport(["export", "--format", "csv", "--items", "--client", "C1"] + d)
        let itemLines = items.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(
            itemLines.first
                == "client_id,session,session_date,rater,instrument,instrument_version,item,answer,administered_at,therapist,episode,language,source"
        )
        #expect(itemLines.contains { $0.hasPrefix("C1,1,2026-11-03,client,phq-9,1.0.0,9,,") })  // missing answer: empty

        let list = try runRapport(["client", "list", "--json"] + d)
        #expect(list.status == 0)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["client"] as? String == "C1")
        #expect(rows.first?["sessions"] as? Int == 1)
        #expect(rows.first?["outcomeBand"] as? String == "mild")

        let out = dir.appending("export.json")
        #expect(try runRapport(["export", "--format", "json", "--output", out] + d).status == 0)
        let doc = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect((doc["records"] as? [Any])?.count == 2)
        #expect((try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int) == 0o600)
    }

    @Test func badClientIDTouchesNothing() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = ["--data-dir", dir.appending("data")]
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        let before = try FileManager.default.subpathsOfDirectory(atPath: dir.path).sorted()
        let r = try runRapport(["client", "add", "../evil"] + d)
        #expect(r.status == 64)
        #expect(r.stderr == "rapport: invalid client id '../evil': use 1–32 letters, digits, '_' or '-'\n")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: dir.path).sorted() == before)
    }

    @Test func unknownClientAndUninitialized() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = ["--data-dir", dir.appending("data")]
        let r0 = try runRapport(["client", "list"] + d)
        #expect(r0.status == 66)
        #expect(r0.stderr.contains("is not a rapport data directory"))
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        let r = try runRapport(
            ["record", "--client", "X9", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0"] + d)
        #expect(r.status == 66)
        #expect(r.stderr == "rapport: no client X9 in this data directory\n")
    }

    @Test func dataDirFromEnvironment() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let env = ["RAPPORT_DATA_DIR": dir.appending("env-data")]
        #expect(try runRapport(["init", "--unsealed"], environment: env).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appending("env-data/rapport.json")))
        let xdg = ["RAPPORT_DATA_DIR": "", "XDG_DATA_HOME": dir.appending("xdg")]
        #expect(try runRapport(["init", "--unsealed"], environment: xdg).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appending("xdg/rapport/rapport.json")))
    }

    @Test func checkReportsDamage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = ["--data-dir", dir.appending("data")]
        _ = try runRapport(["init", "--unsealed"] + d)
        _ = try runRapport(["client", "add", "C1"] + d)
        _ = try runRapport(["record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0"] + d)
        let ok = try runRapport(["check"] + d)
        #expect(ok.status == 0)
        #expect(ok.stdout.contains("0 problems"))
        let bad = dir.appending("data/clients/C1/records/s0001-client-gad-7-r00007.json")
        try "{\"schemaVersion\":1,".write(toFile: bad, atomically: false, encoding: .utf8)
        chmod(bad, 0o600)
        let r = try runRapport(["check"] + d)
        #expect(r.status == 65)
        #expect(r.stdout.contains("error: \(bad): not valid JSON"))
        // Other commands keep working on the rest.
        #expect(try runRapport(["client", "list"] + d).status == 0)
        #expect(try runRapport(["export", "--format", "csv"] + d).status == 0)
    }

    @Test func instrumentsValidate() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let good = Fixtures.instrumentsDirectory.appendingPathComponent("gad-7.json").path
        let r = try runRapport(["instruments", "validate", good])
        #expect(r.status == 0)
        #expect(r.stdout.contains("valid (gad-7 1.0.0, 7 items, 1 scales)"))
        let bad = dir.appending("bad.json")
        var text = try String(contentsOfFile: good, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"method\": \"sum\"", with: "\"method\": \"median\"")
        try text.write(toFile: bad, atomically: true, encoding: .utf8)
        let r2 = try runRapport(["instruments", "validate", bad])
        #expect(r2.status == 65)
        #expect(r2.stderr.hasPrefix("rapport: \(bad): scales[0].method:"))
        #expect(r2.stderr.split(separator: "\n").count == 1)
        let list = try runRapport(["instruments", "list"])
        #expect(list.stdout.split(separator: "\n").count == 9)
        let show = try runRapport(["instruments", "show", "wai-sr"])
        #expect(show.stdout.contains("Society for Psychotherapy Research"))
    }

    @Test func demoIsDeterministicAndSeparate() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let a = try runRapport([
            "demo", "--unsealed", "--clients", "6", "--sessions", "8", "--seed", "7", "--data-dir", dir.appending("a"),
        ])
        #expect(a.status == 0)
        _ = try runRapport([
            "demo", "--unsealed", "--clients", "6", "--sessions", "8", "--seed", "7", "--data-dir", dir.appending("b"),
        ])
        let fm = FileManager.default
        let files = try fm.subpathsOfDirectory(atPath: dir.appending("a/clients")).filter { $0.hasSuffix(".json") }
            .sorted()
        #expect(files.count > 6 * 8 * 4)
        for f in files where !f.hasSuffix("client.json") {
            #expect(
                fm.contents(atPath: dir.appending("a/clients/" + f))
                    == fm.contents(atPath: dir.appending("b/clients/" + f)), "\(f)")
        }
        // The default demo directory is not RAPPORT_DATA_DIR.
        let env = [
            "RAPPORT_DATA_DIR": dir.appending("real"), "XDG_DATA_HOME": dir.appending("xdg"),
            "RAPPORT_TEST_SCRYPT_LOG2N": "4",
        ]
        #expect(try runRapport(["demo", "--clients", "2", "--sessions", "3"], environment: env).status == 0)
        #expect(fm.fileExists(atPath: dir.appending("xdg/rapport-demo/rapport.json")))
        #expect(!fm.fileExists(atPath: dir.appending("real")))
        // A directory with real data is refused.
        _ = try runRapport(["init", "--unsealed", "--data-dir", dir.appending("real")])
        _ = try runRapport(["client", "add", "R1", "--data-dir", dir.appending("real")])
        let refused = try runRapport(["demo", "--clients", "2", "--sessions", "3", "--data-dir", dir.appending("real")])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("holds real (non-demo) data"))
        #expect(check(dir.appending("a")))
    }

    func check(_ path: String) -> Bool {
        (try? runRapport(["check", "--data-dir", path]).status) == 0
    }
}
