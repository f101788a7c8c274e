import Foundation
import TestSupport
import Testing

/// `rapport chart --client`, `rapport client list` (caseload rows and alerts) and `rapport review`
/// outside a terminal, against a fixed-seed demo caseload.
@Suite("review CLI", .serialized)
struct ReviewCLITests {
    static let escape = "\u{1B}["

    @Test func chartForAClientFitsTheWidthExactly() throws {
        let demo = try DemoCaseload.make(clients: 3, sessions: 10)
        defer { demo.remove() }
        for (width, height) in [(40, 12), (72, 20), (120, 30)] {
            let r = try runRapport(
                ["chart", "--client", "D0001", "--width", String(width), "--height", String(height)]
                    + demo.dataArguments)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(!r.stdout.contains(Self.escape), "no escape codes in a pipe")
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == height)
            #expect(lines.allSatisfy { $0.count <= width })
            #expect(lines.contains { $0.count == width }, "the x axis runs to the last column")
        }
        let r = try runRapport(["chart", "--client", "D0001", "--width", "90", "--height", "24"] + demo.dataArguments)
        #expect(r.stdout.hasPrefix("WAI-SR — client"))
        #expect(r.stdout.contains("Goal") && r.stdout.contains("Bond") && r.stdout.contains("Total"))
        let lastLines = r.stdout.split(separator: "\n").suffix(2).joined(separator: " ")
        #expect(lastLines.contains("Alliance"), "the one-sentence summary under the chart: \(lastLines)")
    }

    @Test func chartOptions() throws {
        let demo = try DemoCaseload.make(clients: 3, sessions: 10)
        defer { demo.remove() }
        let both = try runRapport(
            ["chart", "--client", "D0002", "--scales", "total", "--rater", "both", "--width", "80", "--height", "20"]
                + demo.dataArguments)
        #expect(both.status == 0)
        #expect(both.stdout.contains("Total (client)") && both.stdout.contains("Total (therapist)"))
        #expect(both.stdout.contains("Latest gap"))
        let phq = try runRapport(
            ["chart", "--client", "D0002", "--instrument", "phq-9", "--width", "80", "--height", "24"]
                + demo.dataArguments)
        #expect(phq.status == 0)
        #expect(phq.stdout.contains("cut-off 10"))
        #expect(phq.stdout.contains("PHQ-9"))
        let titled = try runRapport(
            ["chart", "--client", "D0002", "--scales", "total", "--title", "Alliance of D0002", "--y-min", "2"]
                + ["--width", "60", "--height", "14"] + demo.dataArguments)
        #expect(titled.stdout.hasPrefix("Alliance of D0002\n"))
        #expect(!titled.stdout.contains("1 Seldom"), "--y-min moves the bottom of the scale")
        #expect(titled.stdout.contains("2 Sometimes"))
    }

    @Test func bothRatersShowTheDashboardsGapChartAndSentence() throws {
        let demo = try DemoCaseload.make(clients: 3, sessions: 10)
        defer { demo.remove() }
        let size = ["--width", "80", "--height", "24"]
        let plain = try runRapport(["chart", "--client", "D0002", "--rater", "both"] + size + demo.dataArguments)
        let total = try runRapport(
            ["chart", "--client", "D0002", "--rater", "both", "--scales", "total"] + size + demo.dataArguments)
        #expect(plain.status == 0 && total.status == 0)
        #expect(plain.stdout.contains("Total (client)"))
        #expect(!plain.stdout.contains("Goal (client)"), "the dashboard's gap chart shows the total only")
        #expect(plain.stdout == total.stdout)
        // Every scale asked for: the sentence is still the total's, as on the dashboard.
        let all = try runRapport(
            [
                "chart", "--client", "D0002", "--rater", "both", "--scales", "goal,task,bond,total", "--width", "80",
                "--height", "60",
            ] + demo.dataArguments)
        func sentence(_ out: String) -> String {
            let lines = out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let start = lines.lastIndex(where: { $0.hasPrefix("Latest gap") }) else { return "" }
            return lines[start...].joined(separator: " ")
        }
        #expect(!sentence(total.stdout).isEmpty)
        #expect(sentence(all.stdout) == sentence(total.stdout), "\(all.stdout)")
    }

    @Test func colourOnlyWhenAskedInAPipe() throws {
        let demo = try DemoCaseload.make(clients: 2, sessions: 6)
        defer { demo.remove() }
        let args = ["chart", "--client", "D0001", "--width", "60", "--height", "16"] + demo.dataArguments
        let always = try runRapport(args + ["--color", "always"])
        #expect(always.status == 0)
        #expect(always.stdout.contains(Self.escape))
        let never = try runRapport(args + ["--color", "never"], environment: ["TERM": "xterm-256color"])
        #expect(!never.stdout.contains(Self.escape))
        let auto = try runRapport(args)
        #expect(!auto.stdout.contains(Self.escape))
    }

    @Test func chartErrors() throws {
        let demo = try DemoCaseload.make(clients: 1, sessions: 3)
        defer { demo.remove() }
        let unknown = try runRapport(["chart", "--client", "NOPE"] + demo.dataArguments)
        #expect(unknown.status == 66)
        #expect(unknown.stderr == "rapport chart: no client NOPE in this data directory\n")
        #expect(unknown.stdout.isEmpty)
        let scale = try runRapport(["chart", "--client", "D0001", "--scales", "mood"] + demo.dataArguments)
        #expect(scale.status == 64)
        #expect(scale.stderr == "rapport chart: wai-sr has no scale 'mood'\n")
        let instrument = try runRapport(["chart", "--client", "D0001", "--instrument", "xyz"] + demo.dataArguments)
        #expect(instrument.status == 64)
        #expect(instrument.stderr.contains("unknown instrument 'xyz'"))
        let bad = try runRapport(["chart", "--client", "../x"] + demo.dataArguments)
        #expect(bad.status == 64)
        let both = try runRapport(["chart", "--client", "D0001", "--csv", "x.csv"] + demo.dataArguments)
        #expect(both.status == 64)
        let noDir = try runRapport(["chart", "--client", "D0001", "--data-dir", demo.directory.appending("none")])
        #expect(noDir.status == 66)
    }

    @Test func clientListShowsTheCaseloadRowsAndAlerts() throws {
        let demo = try DemoCaseload.make()
        defer { demo.remove() }
        let text = try runRapport(["client", "list"] + demo.dataArguments)
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "client  sess  last        WAI C  WAI T  tr  outcome            alerts")
        #expect(lines.count == 14)
        #expect(lines[2] == "D0009     14  2026-09-08    4.2    3.6  →   PHQ-9 6 mild       rupture s14 (client)")
        // D0001's latest client total is 4.25 exactly: halves round away from zero (NumberText), as
        // everywhere else, where printf's "%.1f" gave 4.2 (ties to even).
        #expect(
            lines.contains(
                "D0001     14  2026-08-31    4.3    4.0  →   PHQ-9 14 moderate  rupture s11 (therapist), not on track PHQ-9+GAD-7 s14, diverge s14"
            ))
        #expect(lines.last == "D0002     14  2026-09-01    4.2    4.2  ↗   PHQ-9 3 minimal")

        let json = try runRapport(["client", "list", "--json"] + demo.dataArguments)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 12)
        #expect(rows.map { $0["client"] as? String ?? "" } == lines.dropFirst(2).map { String($0.prefix(5)) })
        let alerts = try #require(rows.first?["alerts"] as? [[String: Any]])
        #expect(alerts.first?["kind"] as? String == "possibleRupture")
        #expect(alerts.first?["session"] as? Int == 14)
        #expect(alerts.first?["raters"] as? String == "client")
        #expect(
            alerts.first?["wording"] as? String
                == "possible rupture — worth asking about (a sharp drop since last session)")
        #expect(rows.first?["trend"] as? String == "steady")
        let d0001 = try #require(rows.first { $0["client"] as? String == "D0001" })
        #expect(
            d0001["risk"] as? Bool == true,
            "a risk item acknowledged (the demo acknowledges flags before its last 3 sessions): no alert, still flagged"
        )
        #expect(
            (d0001["alerts"] as? [[String: Any]])?.map { $0["kind"] as? String ?? "" } == [
                "possibleRupture", "notOnTrack", "subscaleDivergence",
            ])
        // Not on track names its measures; "stuck" is not repeated for PHQ-9.
        let offTrack = try #require(
            (d0001["alerts"] as? [[String: Any]])?.first { $0["kind"] as? String == "notOnTrack" })
        #expect(offTrack["measure"] as? String == "PHQ-9+GAD-7")
    }

    @Test func reviewNeedsAPassphraseAndATerminal() throws {
        let demo = try DemoCaseload.make(clients: 2, sessions: 3)
        defer { demo.remove() }
        let none = try runRapport(["review"] + demo.dataArguments)
        #expect(none.status == 64)
        #expect(
            none.stderr
                == "rapport: review needs a therapist passphrase, and none is set; set one with 'rapport init' on a terminal or 'rapport init --passphrase-stdin'\n"
        )
        #expect(
            try runRapport(["init", "--passphrase-stdin"] + demo.dataArguments, stdin: "correct horse\n").status == 0)
        let pipe = try runRapport(["review"] + demo.dataArguments)
        #expect(pipe.status == 64)
        #expect(pipe.stderr.contains("review needs a terminal"))
        // The benchmark hook is in rapport-bench now, not in the app.
        #expect(try runRapport(["review", "--bench-open", "2"] + demo.dataArguments).status == 64)
    }

    @Test func reviewPlainListsTheCaseloadAClientAndASessionBehindThePassphrase() throws {
        let demo = try DemoCaseload.make(clients: 3, sessions: 4)
        defer { demo.remove() }
        #expect(
            try runRapport(["init", "--passphrase-stdin"] + demo.dataArguments, stdin: "correct horse\n").status == 0)
        let r = try runRapport(
            ["review", "--plain"] + demo.dataArguments, stdin: "wrong one\ncorrect horse\nD0002\n2\nb\nb\nq\n")
        #expect(r.status == 0, "\(r.stderr)")
        let out = r.stdout
        #expect(out.contains("! Wrong passphrase."))
        // Nothing of the caseload before the right passphrase.
        let beforeUnlock = try #require(out.components(separatedBy: "Caseload").first)
        #expect(!beforeUnlock.contains("D000"))
        #expect(out.contains("Caseload · 3 clients"))
        #expect(out.contains("3. D0001 "))
        #expect(out.contains("Client D0002\nAlerts: "))
        #expect(out.contains("Alliance: "))
        #expect(out.contains("  2. session 2, "))
        #expect(out.contains("Client D0002 · session 2, "))
        #expect(out.contains("WAI-SR 1. "))
        #expect(!out.contains(Self.escape))
        let bad = try runRapport(["review", "--plain"] + demo.dataArguments, stdin: "correct horse\nnobody\nq\n")
        #expect(bad.stdout.contains("Not understood."))
    }
}
