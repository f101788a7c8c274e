import Foundation
import TestSupport
import Testing

/// `export --format fhir|redcap`, `instruments export|import --format redcap` and `report` through the binary.
@Suite("rapport formats command line", .serialized)
struct FormatsCLITests {
    func dataDir() throws -> (TemporaryDirectory, [String]) {
        let dir = try TemporaryDirectory()
        let d = ["--data-dir", dir.appending("data")]
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        #expect(try runRapport(["client", "add", "C1", "--therapist", "Dr Lee"] + d).status == 0)
        #expect(
            try runRapport(
                [
                    "record", "--client", "C1", "--instrument", "phq-9", "--answers", "1,1,2,0,1,1,0,1,1", "--date",
                    "2026-11-03",
                ] + d
            ).status == 0)
        #expect(
            try runRapport(
                [
                    "record", "--client", "C1", "--instrument", "wai-sr", "--answers", "4,5,3,2,5,4,3,4,5,2,3,4",
                    "--date", "2026-11-03",
                ] + d
            ).status == 0)
        return (dir, d)
    }

    @Test func fhirExportWritesABundleAndAudits() throws {
        let (dir, d) = try dataDir()
        defer { dir.remove() }
        let out = dir.appending("bundle.json")
        let r = try runRapport(["export", "--format", "fhir", "--client", "C1", "--output", out] + d)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(json["resourceType"] as? String == "Bundle")
        let entries = try #require(json["entry"] as? [[String: Any]])
        let types = entries.compactMap { ($0["resource"] as? [String: Any])?["resourceType"] as? String }
        #expect(types.filter { $0 == "Questionnaire" }.count == 2)
        #expect(types.filter { $0 == "QuestionnaireResponse" }.count == 2)
        #expect(types.filter { $0 == "Observation" }.count == 5)  // phq-9 total + wai-sr goal, task, bond, total
        let text = try String(contentsOfFile: out, encoding: .utf8)
        #expect(!text.contains("Dr Lee"))
        #expect(text.contains("\"code\":\"44249-1\""))
        #expect((try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int) == 0o600)
        let audit = try String(contentsOfFile: dir.appending("data/audit.log"), encoding: .utf8)
        #expect(audit.contains("\"event\":\"exportRun\""))
        let bad = try runRapport(["export", "--format", "fhir", "--items"] + d)
        #expect(bad.status == 64)
        #expect(bad.stderr == "rapport: --items applies to CSV only\n")
    }

    @Test func redcapRecordsAndDictionaryRoundTrip() throws {
        let (dir, d) = try dataDir()
        defer { dir.remove() }
        let records = try runRapport(["export", "--format", "redcap"] + d)
        #expect(records.status == 0)
        let lines = records.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.contains { $0.hasPrefix("C1,phq_9,1,2026-11-03,1,1,2,0,1,1,0,1,1,") })

        let dict = dir.appending("dict.csv")
        #expect(
            try runRapport(["instruments", "export", "--format", "redcap", "phq-9", "wai-sr", "--output", dict] + d)
                .status == 0)
        let two = try runRapport(["instruments", "import", "--format", "redcap", dict])
        #expect(two.status == 65)
        #expect(two.stderr.contains("choose one with --form"))
        let file = dir.appending("wai.json")
        let imported = try runRapport([
            "instruments", "import", "--format", "redcap", dict, "--form", "wai_sr", "--output", file,
        ])
        #expect(imported.status == 0)
        #expect(imported.stderr.contains("rapport: note: the item texts were withheld"))
        #expect(try runRapport(["instruments", "validate", file]).status == 0)

        let unknown = try runRapport(["instruments", "export", "--format", "redcap", "nope"] + d)
        #expect(unknown.status == 64)
        let missing = try runRapport(["instruments", "import", "--format", "redcap", dir.appending("none.csv")])
        #expect(missing.status == 66)
    }

    @Test func reportWritesHTMLForAKnownClientOnly() throws {
        let (dir, d) = try dataDir()
        defer { dir.remove() }
        let r = try runRapport(["report", "--client", "C1"] + d)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("<!DOCTYPE html>"))
        #expect(r.stdout.contains("<td>2026-11-03</td>"))
        let c = try runRapport(["report", "--client", "C1", "--view", "client"] + d)
        #expect(c.status == 0)
        #expect(c.stdout.contains("Client view"))
        let none = try runRapport(["report", "--client", "C9"] + d)
        #expect(none.status == 66)
        #expect(none.stdout.isEmpty)
    }
}
