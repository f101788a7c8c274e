import Foundation
import TestSupport
import Testing

/// `rapport alert`, `rapport obstacles`, `rapport client baseline`, `rapport prompts` and the
/// feedback parts of `rapport analyze`.
@Suite("Feedback loop on the command line", .serialized)
struct FeedbackCLITests {
    func day(_ days: Int) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = .current
        let date = cal.date(byAdding: .day, value: -days, to: Date()) ?? Date()
        let c = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// A client whose PHQ-9 goes 9 → 12 → 16 (reliably worse), with a steady alliance.
    func setUp(_ dir: TemporaryDirectory) throws -> [String] {
        let d = ["--data-dir", dir.appending("data")]
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        #expect(try runRapport(["client", "add", "C001"] + d).status == 0)
        #expect(try runRapport(["client", "add", "C002"] + d).status == 0)
        for (back, answers) in [(30, "1,1,1,1,1,1,1,2,0"), (20, "2,2,1,1,1,1,2,2,0"), (10, "2,2,2,2,2,2,2,2,0")] {
            let r = try runRapport(
                ["record", "--client", "C001", "--instrument", "phq-9", "--answers", answers, "--date", day(back)] + d)
            #expect(r.status == 0, "\(r.stderr)")
        }
        for (back, answers) in [(20, "4,4,4,4,4,4,4,4,4,4,4,4"), (10, "4,4,4,4,4,4,4,4,4,4,4,4")] {
            let r = try runRapport(
                ["record", "--client", "C001", "--instrument", "wai-sr", "--answers", answers, "--date", day(back)] + d)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let r = try runRapport(
            [
                "record", "--client", "C002", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,0", "--date",
                day(10),
            ]
                + d)
        #expect(r.status == 0, "\(r.stderr)")
        return d
    }

    @Test func answeringAnAlertQuietsItAndAnalyzeCountsTheAnswers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = try setUp(dir)
        let list = try runRapport(["alert", "list", "C001"] + d)
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("deterioration:phq-9:e1  open"), "\(list.stdout)")
        #expect(try runRapport(["alert", "list", "C002"] + d).stdout == "No alerts for C002.\n")

        // disagree without a reason, an unknown response, an unknown alert, an unknown client.
        let noReason = try runRapport(
            ["alert", "answer", "C001", "--alert", "deterioration:phq-9:e1", "--response", "disagree"] + d)
        #expect(noReason.status == 64 && noReason.stderr.split(separator: "\n").count == 1, "\(noReason.stderr)")
        #expect(
            try runRapport(["alert", "answer", "C001", "--alert", "deterioration:phq-9:e1", "--response", "meh"] + d)
                .status == 64)
        let unknown = try runRapport(
            ["alert", "answer", "C001", "--alert", "rupture:2020-01-01", "--response", "seen"] + d)
        #expect(unknown.status == 64 && unknown.stderr.contains("no alert"), "\(unknown.stderr)")
        #expect(try runRapport(["alert", "list", "C999"] + d).status == 66)
        #expect(!FileManager.default.fileExists(atPath: dir.appending("data") + "/clients/C001/alert-responses.json"))

        let ok = try runRapport(
            [
                "alert", "answer", "C001", "--alert", "deterioration:phq-9:e1", "--response", "plan-changed",
                "--reason",
                "more frequent sessions",
            ] + d)
        #expect(ok.status == 0, "\(ok.stderr)")
        let after = try runRapport(["alert", "list", "C001"] + d)
        #expect(after.stdout.contains("deterioration:phq-9:e1  answered"), "\(after.stdout)")
        #expect(after.stdout.contains("answer: plan changed — more frequent sessions"))
        let audit = try String(contentsOfFile: dir.appending("data") + "/audit.log", encoding: .utf8)
        #expect(audit.contains("\"event\":\"alertAnswered\"") && !audit.contains("frequent"))

        // A new, still-worse session triggers it again.
        let r = try runRapport(
            ["record", "--client", "C001", "--instrument", "phq-9", "--answers", "3,2,2,2,2,2,2,2,0", "--date", day(3)]
                + d)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try runRapport(["alert", "list", "C001"] + d).stdout.contains("deterioration:phq-9:e1  open"))

        let json = try runRapport(["analyze", "--json"] + d)
        #expect(json.status == 0, "\(json.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let feedback = try #require(root["feedback"] as? [String: Any])
        #expect(feedback["clients"] as? Int == 2 && feedback["flaggedClients"] as? Int == 1)
        #expect(feedback["flaggedShare"] as? Double == 0.5)
        let client = try #require((root["clients"] as? [[String: Any]])?.first)
        let cf = try #require(client["feedback"] as? [String: Any])
        let prompts = try #require(cf["prompts"] as? [[String: Any]])
        // Off track with a steady alliance: support and life events first.
        #expect(prompts.first?["trigger"] as? String == "notOnTrackSteadyAlliance", "\(prompts)")
        let text = try runRapport(["analyze"] + d)
        #expect(text.stdout.contains("Prompts (therapist only):"))
        #expect(text.stdout.contains("clients flagged: 1 of 2 (50%)"), "\(text.stdout)")
    }

    @Test func obstacleCheckIsRecordedAndDrivesPrompts() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = try setUp(dir)
        let bad = try runRapport(["obstacles", "C001", "--date", day(10), "--life-events", "maybe"] + d)
        #expect(bad.status == 64)
        let noSession = try runRapport(["obstacles", "C001", "--date", day(11), "--risk", "no"] + d)
        #expect(noSession.status == 64 && noSession.stderr.contains("no session"), "\(noSession.stderr)")
        let ok = try runRapport(
            [
                "obstacles", "C001", "--date", day(10), "--life-events", "yes", "--life-events-note", "job loss",
                "--relationship", "no", "--risk", "unsure",
            ] + d)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("relationship no, life events yes, risk unsure"), "\(ok.stdout)")
        let listed = try runRapport(["obstacles", "C001"] + d)
        #expect(listed.stdout.contains("life events: job loss"))
        let text = try runRapport(["analyze", "--client", "C001"] + d)
        #expect(text.stdout.contains("Obstacle check (\(day(10))): relationship no, life events yes, risk unsure"))
        #expect(text.stdout.contains("who the client can turn to"), "\(text.stdout)")
        let mode =
            try FileManager.default.attributesOfItem(
                atPath: dir.appending("data") + "/clients/C001/obstacles.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func baselineChoiceIsRecomputedInAnalyze() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = try setUp(dir)
        // Without an action: the decisions (none yet).
        let none = try runRapport(["client", "baseline", "C001", "--episode", "1"] + d)
        #expect(none.status == 0 && none.stdout.hasPrefix("No baseline decisions"))
        #expect(try runRapport(["client", "baseline", "C001", "--use", day(20)] + d).status == 64)
        #expect(
            try runRapport(
                ["client", "baseline", "C001", "--episode", "1", "--use", day(20), "--invalid", day(30)] + d
            )
            .status == 64)
        #expect(try runRapport(["client", "baseline", "C001", "--episode", "2", "--use", day(20)] + d).status == 64)
        let ok = try runRapport(["client", "baseline", "C001", "--episode", "1", "--invalid", day(30)] + d)
        #expect(ok.status == 0, "\(ok.stderr)")
        let json = try runRapport(["analyze", "--json", "--client", "C001"] + d)
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let client = try #require((root["clients"] as? [[String: Any]])?.first)
        let m = try #require(((client["episodes"] as? [[String: Any]])?.first?["measures"] as? [[String: Any]])?.first)
        #expect(m["baseline"] as? Double == 12 && m["originalBaseline"] as? Double == 9)
        #expect(m["excludedSessions"] as? [Int] == [1])
        #expect(m["classification"] as? String == "noReliableChange")
        let listed = try runRapport(["client", "baseline", "C001"] + d)
        #expect(listed.stdout == "episode 1  invalid \(day(30))\n")
        let audit = try String(contentsOfFile: dir.appending("data") + "/audit.log", encoding: .utf8)
        #expect(audit.contains("\"event\":\"baselineChanged\""))
    }

    /// Prompts, obstacle notes and alert reasons are therapist-only: the client's view of the report never has them.
    @Test func clientReportHasNoPromptsOrAnswers() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = try setUp(dir)
        #expect(
            try runRapport(
                ["obstacles", "C001", "--date", day(10), "--life-events", "yes", "--life-events-note", "NOTE-XYZ"] + d
            ).status == 0)
        #expect(
            try runRapport(
                [
                    "alert", "answer", "C001", "--alert", "deterioration:phq-9:e1", "--response", "disagree",
                    "--reason",
                    "REASON-XYZ",
                ] + d
            ).status == 0)
        let therapist = try runRapport(["analyze", "--client", "C001"] + d)
        #expect(therapist.stdout.contains("Prompts (therapist only)") && therapist.stdout.contains("REASON-XYZ"))
        let report = try runRapport(["report", "--client", "C001", "--view", "client"] + d)
        #expect(report.status == 0, "\(report.stderr)")
        for hidden in ["NOTE-XYZ", "REASON-XYZ", "Prompts", "who the client can", "off-track", "deterioration:"] {
            #expect(!report.stdout.contains(hidden), "\(hidden)")
        }
    }

    @Test func promptsValidate() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let shipped = try runRapport(["prompts", "validate"])
        #expect(shipped.status == 0 && shipped.stdout.hasPrefix("shipped prompts: valid"), "\(shipped.stderr)")
        let path = dir.appending("bad.json")
        try Data(
            #"{"formatVersion":1,"version":"1","prompts":[{"id":"a","trigger":"always","text":"x","citation":"y","evidence":"RCT"}]}"#
                .utf8
        ).write(to: URL(fileURLWithPath: path))
        let bad = try runRapport(["prompts", "validate", path])
        #expect(bad.status == 65 && bad.stderr.contains("prompts[0].trigger: unknown trigger"), "\(bad.stderr)")
        #expect(try runRapport(["prompts", "list"]).stdout.contains("n1-four-obstacles"))
    }
}
