import Foundation
import TestSupport
import Testing

/// The field-test scenario: a PHQ-9 of 18 with item 9 endorsed today, then three older paper forms.
/// Sessions follow the dates, the risk alert stays until acknowledged, bad dates are refused.
@Suite("Clinical timeline on the command line", .serialized)
struct TimelineCLITests {
    /// A data directory with client C001.
    func setUp() throws -> (TemporaryDirectory, [String]) {
        let dir = try TemporaryDirectory()
        let d = ["--data-dir", dir.appending("data")]
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        #expect(try runRapport(["client", "add", "C001", "--therapist", "Dr Lee"] + d).status == 0)
        return (dir, d)
    }

    /// The calendar day `days` before today (the binary's clock), YYYY-MM-DD.
    func day(_ days: Int) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = .current
        let date = cal.date(byAdding: .day, value: -days, to: Date()) ?? Date()
        let c = cal.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    func rows(_ d: [String]) throws -> [[String: Any]] {
        let list = try runRapport(["client", "list", "--json"] + d)
        #expect(list.status == 0, "\(list.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
    }

    @Test func backdatedPaperFormsDoNotHideTodaysRiskOrReverseTheOutcome() throws {
        let (dir, d) = try setUp()
        defer { dir.remove() }
        let today = try runRapport(
            ["record", "--client", "C001", "--instrument", "phq-9", "--answers", "2,2,2,2,2,2,2,2,2"] + d)
        #expect(today.status == 0, "\(today.stderr)")
        for (i, back) in [59, 52, 45].enumerated() {
            let r = try runRapport(
                [
                    "record", "--client", "C001", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,0", "--date",
                    day(back),
                ]
                    + d)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("session \(i + 1), \(day(back))"))
        }

        let row = try #require(try rows(d).first)
        #expect(row["sessions"] as? Int == 4)
        #expect(row["lastSession"] as? String == day(0))
        #expect(row["outcomeScore"] as? Double == 18)
        #expect(row["outcomeBand"] as? String == "moderately severe")
        let alerts = try #require(row["alerts"] as? [[String: Any]])
        #expect(alerts.first?["kind"] as? String == "risk")
        #expect(alerts.first?["session"] as? Int == 4)
        #expect(
            alerts.first?["wording"] as? String
                == "risk item answered (PHQ-9 item 9, session 4) — check in with the client")

        let table = try runRapport(["client", "list"] + d)
        #expect(table.stdout.contains("risk s4"))
        #expect(table.stdout.contains("18"))

        let analyze = try runRapport(["analyze", "--client", "C001"] + d)
        #expect(analyze.status == 0, "\(analyze.stderr)")
        #expect(!analyze.stdout.contains("recovered"))
        #expect(analyze.stdout.contains("phq-9: 8 → 18 (sessions 1–4)"))
        #expect(analyze.stdout.contains("risk item answered (PHQ-9 item 9, session 4)"))

        let csv = try runRapport(["export", "--format", "csv"] + d)
        let lines = csv.stdout.split(separator: "\n").map(String.init).dropFirst()
        #expect(lines.map { $0.split(separator: ",")[1] } == ["1", "2", "3", "4"])
        #expect(lines.last?.hasPrefix("C001,4,\(day(0)),client,phq-9,1.0.0,total,18,moderately severe,true,") == true)
        #expect(lines.last?.hasSuffix(",false,true,false") == true)
    }

    @Test func futureAndImplausiblyOldDatesAreRefused() throws {
        let (dir, d) = try setUp()
        defer { dir.remove() }
        let records = dir.appending("data/clients/C001/records")
        for (date, message) in [
            (day(-1), "session date \(day(-1)) is in the future (today is \(day(0)))"),
            ("2031-01-01", "session date 2031-01-01 is in the future (today is \(day(0)))"),
            ("1900-01-01", "session date 1900-01-01 is implausibly old (the earliest accepted is 2000-01-01)"),
        ] {
            let r = try runRapport(
                [
                    "record", "--client", "C001", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--date",
                    date,
                ] + d)
            #expect(r.status == 64)
            #expect(r.stderr == "rapport: \(message)\n")
            #expect(r.stdout.isEmpty)
            #expect(try FileManager.default.contentsOfDirectory(atPath: records).isEmpty)
        }
    }

    @Test func anExplicitSessionAgainstTheDateOrderIsRefused() throws {
        let (dir, d) = try setUp()
        defer { dir.remove() }
        let phq = ["record", "--client", "C001", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0"]
        #expect(try runRapport(phq + ["--date", day(14)] + d).status == 0)
        #expect(try runRapport(phq + ["--date", day(0)] + d).status == 0)
        let r = try runRapport(phq + ["--date", day(7), "--session", "99"] + d)
        #expect(r.status == 65)
        #expect(
            r.stderr
                == "rapport: session 99 contradicts the date order: client C001's form dated \(day(7)) would be session 2\n"
        )
        let ok = try runRapport(phq + ["--date", day(7), "--session", "2"] + d)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(try rows(d).first?["sessions"] as? Int == 3)
    }

    @Test func aRiskAlertStaysUntilAcknowledged() throws {
        let (dir, d) = try setUp()
        defer { dir.remove() }
        let phq = ["record", "--client", "C001", "--instrument", "phq-9", "--answers"]
        #expect(try runRapport(phq + ["2,2,2,2,2,2,2,2,1", "--date", day(28)] + d).status == 0)
        for back in [21, 14, 7, 0] {
            #expect(try runRapport(phq + ["0,0,0,0,0,0,0,0,0", "--date", day(back)] + d).status == 0)
        }
        // Four later sessions: the alert is still there.
        var alerts = try #require(try rows(d).first?["alerts"] as? [[String: Any]])
        #expect(alerts.first?["kind"] as? String == "risk")
        #expect(alerts.first?["session"] as? Int == 1)
        #expect(
            try runRapport(["risk", "list"] + d).stdout == "C001  session 1 (\(day(28)))  PHQ-9 item 9 answered  open\n"
        )

        let none = try runRapport(["risk", "ack", "--client", "C001", "--session", "2"] + d)
        #expect(none.status == 65)
        #expect(none.stderr == "rapport: client C001 has no risk item in session 2 (\(day(21)))\n")
        let ack = try runRapport(["risk", "ack", "--client", "C001", "--session", "1"] + d)
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(ack.stdout == "Acknowledged PHQ-9 item 9 of client C001, session 1 (\(day(28)))\n")
        alerts = try #require(try rows(d).first?["alerts"] as? [[String: Any]])
        #expect(!alerts.contains { ($0["kind"] as? String)?.hasPrefix("risk") == true })
        let audit = try String(contentsOfFile: dir.appending("data/audit.log"), encoding: .utf8)
        #expect(audit.contains("\"event\":\"riskAcknowledged\""))

        // A backdated form renumbers the sessions; the acknowledgement stays with its form.
        #expect(try runRapport(phq + ["0,0,0,0,0,0,0,0,0", "--date", day(35)] + d).status == 0)
        #expect(
            try runRapport(["risk", "list", "--all"] + d).stdout
                == "C001  session 2 (\(day(28)))  PHQ-9 item 9 answered  acknowledged\n")
        let again = try runRapport(["risk", "ack", "--client", "C001", "--session", "2"] + d)
        #expect(again.status == 65)
        #expect(again.stderr.contains("no unacknowledged risk item in session 2"))
    }

    /// The field-test's safety rule through a correction: answering the risk item lower with
    /// `--replace` does not clear the alert the first form raised.
    @Test func aCorrectionDoesNotClearARiskAlert() throws {
        let (dir, d) = try setUp()
        defer { dir.remove() }
        let phq = ["record", "--client", "C001", "--instrument", "phq-9", "--date", day(7), "--answers"]
        #expect(try runRapport(phq + ["2,2,2,2,2,2,2,2,2"] + d).status == 0)
        let corrected = try runRapport(phq + ["2,2,2,2,2,2,2,2,0", "--replace"] + d)
        #expect(corrected.status == 0, "\(corrected.stderr)")
        #expect(
            corrected.stdout.contains(
                "  RISK: item 9 of the corrected form stays open until a therapist acknowledges it "
                    + "(rapport risk ack --client C001 --session 1)\n"), "\(corrected.stdout)")
        #expect(
            try runRapport(["risk", "list"] + d).stdout
                == "C001  session 1 (\(day(7)))  PHQ-9 item 9 answered, then corrected  open\n")
        let alerts = try #require(try rows(d).first?["alerts"] as? [[String: Any]])
        #expect(alerts.first?["kind"] as? String == "risk")
        #expect((alerts.first?["wording"] as? String)?.hasPrefix("risk item answered, then corrected") == true)
        let ack = try runRapport(["risk", "ack", "--client", "C001", "--session", "1"] + d)
        #expect(ack.status == 0, "\(ack.stderr)")
        #expect(try runRapport(["risk", "list"] + d).stdout == "No open risk flags.\n")
        // Once acknowledged, a further correction says nothing more of it.
        let again = try runRapport(phq + ["1,1,1,1,1,1,1,1,0", "--replace"] + d)
        #expect(again.status == 0 && !again.stdout.contains("RISK"), "\(again.stdout)")
    }

    /// A data directory of schemaVersion 1 whose forms were entered out of date order: read in date
    /// order, the risk item that version 1 did not flag when skipped is flagged, the summary migrated.
    @Test func aVersion1DirectoryIsReadInDateOrder() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = dir.appending("data")
        try FileManager.default.copyItem(
            atPath: Fixtures.repositoryRoot.appendingPathComponent("Tests/StoreTests/Fixtures/v1-backdated").path,
            toPath: data)
        let row = try #require(try rows(["--data-dir", data]).first)
        #expect(row["sessions"] as? Int == 3)
        #expect(row["lastSession"] as? String == "2026-11-20")
        #expect(row["outcomeScore"] as? Double == 18)
        let alerts = try #require(row["alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["kind"] as? String ?? "" }.prefix(2) == ["risk", "riskNotAnswered"])
        #expect(alerts.map { $0["session"] as? Int ?? 0 }.prefix(2) == [3, 2])
        let summary = try String(contentsOfFile: data + "/clients/F002/summary.json", encoding: .utf8)
        #expect(summary.contains("\"schemaVersion\":2"))
    }

    @Test func aSkippedRiskItemIsAnAlertAndAFlag() throws {
        let (dir, d) = try setUp()
        defer { dir.remove() }
        let r = try runRapport(
            ["record", "--client", "C001", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,", "--json"] + d)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"prorated\":true"))
        #expect(r.stdout.contains("\"riskUnanswered\":[9]"))
        let score = try runRapport(["score", "--instrument", "core-10", "--answers", "1,1,1,1,1,,1,1,1,1", "--json"])
        #expect(score.stdout.hasSuffix("\"prorated\":true,\"valid\":true,\"risk\":[],\"riskUnanswered\":[6]}\n"))

        let row = try #require(try rows(d).first)
        let alerts = try #require(row["alerts"] as? [[String: Any]])
        #expect(alerts.first?["kind"] as? String == "riskNotAnswered")
        #expect(
            alerts.first?["wording"] as? String == "risk item not answered (PHQ-9 item 9, session 1) — ask in person")
        #expect(try runRapport(["client", "list"] + d).stdout.contains("risk unanswered s1"))
        let analyze = try runRapport(["analyze", "--client", "C001"] + d)
        #expect(analyze.stdout.contains("! risk item not answered (PHQ-9 item 9, session 1) — ask in person\n"))
        let csv = try runRapport(["export", "--format", "csv"] + d)
        #expect(csv.stdout.split(separator: "\n").last?.hasSuffix(",true,false,true") == true)
    }
}
