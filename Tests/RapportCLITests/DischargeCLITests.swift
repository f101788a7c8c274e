import Foundation
import TestSupport
import Testing

/// `rapport client discharge` and per-episode results in `rapport analyze`.
@Suite("Discharge and episodes on the command line", .serialized)
struct DischargeCLITests {
    func day(_ days: Int) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = .current
        let date = cal.date(byAdding: .day, value: -days, to: Date()) ?? Date()
        let c = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    @Test func dischargeSplitsEpisodesAndAnalyzeReportsThem() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = ["--data-dir", dir.appending("data")]
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        #expect(try runRapport(["client", "add", "C001"] + d).status == 0)
        // Episode 1: 18 → 6 (days 60, 50); episode 2: 12 → 19 (days 20, 10).
        for (back, answers) in [
            (60, "2,2,2,2,2,2,2,2,2"), (50, "1,1,1,1,1,1,0,0,0"), (20, "2,2,2,2,2,1,1,0,0"),
            (10, "3,3,3,2,2,2,2,2,0"),
        ] {
            let r = try runRapport(
                ["record", "--client", "C001", "--instrument", "phq-9", "--answers", answers, "--date", day(back)] + d)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let future = try runRapport(["client", "discharge", "C001", "--date", day(-3)] + d)
        #expect(future.status == 64 && future.stderr.split(separator: "\n").count == 1, "\(future.stderr)")
        let bad = try runRapport(["client", "discharge", "C001", "--reason", "bored"] + d)
        #expect(bad.status == 64)
        let ok = try runRapport(["client", "discharge", "C001", "--date", day(40), "--reason", "completed"] + d)
        #expect(ok.status == 0, "\(ok.stderr)")
        let again = try runRapport(["client", "discharge", "C001", "--date", day(45)] + d)
        #expect(again.status == 65, "\(again.stderr)")
        let nobody = try runRapport(["client", "discharge", "C999"] + d)
        #expect(nobody.status == 66)

        let audit = try String(contentsOfFile: dir.appending("data") + "/audit.log", encoding: .utf8)
        #expect(audit.contains("\"event\":\"episodeClosed\""))

        let json = try runRapport(["analyze", "--json", "--client", "C001"] + d)
        #expect(json.status == 0, "\(json.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let client = try #require((root["clients"] as? [[String: Any]])?.first)
        let episodes = try #require(client["episodes"] as? [[String: Any]])
        #expect(episodes.count == 2)
        let m1 = try #require((episodes[0]["measures"] as? [[String: Any]])?.first)
        #expect(m1["classification"] as? String == "reliableRecovery")
        #expect(episodes[0]["reason"] as? String == "completed")
        let m2 = try #require((episodes[1]["measures"] as? [[String: Any]])?.first)
        #expect(m2["baseline"] as? Double == 12 && m2["last"] as? Double == 19)
        #expect(m2["classification"] as? String == "reliableDeterioration")
        let track = try #require(m2["track"] as? [String: Any])
        #expect(track["status"] as? String == "notOnTrack")
        #expect(track["tier"] as? Int == 1)
        #expect(track["referenceSize"] as? Int == 0)
        #expect((track["band"] as? [Double])?.count == 2)

        let text = try runRapport(["analyze", "--client", "C001"] + d)
        #expect(text.stdout.contains("Episode 1 (sessions 1–2, discharged \(day(40)) (completed))"))
        #expect(text.stdout.contains("not on track yet — worth reviewing together"))
        #expect(text.stdout.contains("tier 1, rational rules, reference 0"))
    }
}
