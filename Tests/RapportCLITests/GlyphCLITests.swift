import Foundation
import TestSupport
import Testing

/// LANG=C: the chart and its sentence in ASCII stand-ins instead of vanishing glyphs.
@Suite("glyphs without a UTF-8 locale")
struct GlyphCLITests {
    @Test func chartInTheCLocaleIsASCIIAndStillAPlot() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let csv = dir.appending("s.csv")
        try "session,goal,bond\n1,4,3\n2,4.2,3.1\n3,2.1,3.3\n4,4.1,3.2\n5,4.3,3.4\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let args = ["chart", "--csv", csv, "--width", "60", "--height", "16", "--y-min", "1", "--y-max", "5"]
        let utf8 = try runRapport(args)
        #expect(utf8.stdout.unicodeScalars.contains { $0.value >= 0x2800 && $0.value <= 0x28FF }, "braille in UTF-8")
        for env in [
            ["LC_ALL": "C", "LANG": "C"], ["LC_ALL": "POSIX"], ["LC_ALL": "C.UTF-8", "RAPPORT_GLYPHS": "ascii"],
        ] {
            let r = try runRapport(args, environment: env)
            #expect(r.status == 0)
            #expect(r.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "\(env): \(r.stdout)")
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == 16)
            #expect(lines.contains { $0.hasPrefix("5 +") } && lines.contains { $0.hasPrefix("1 +") }, "\(r.stdout)")
            #expect(r.stdout.filter { "'-.|".contains($0) }.count >= 20, "the lines are drawn:\n\(r.stdout)")
            #expect(r.stdout.contains("Goal fell from 4.2 to 2.1 at session 3"))
        }
    }

    @Test func textForPeopleIsASCIIButDataIsUnchanged() throws {
        let demo = try DemoCaseload.make(clients: 4, sessions: 8)
        defer { demo.remove() }
        let c = ["LC_ALL": "C", "LANG": "C"]
        let utf8 = try runRapport(["client", "list"] + demo.dataArguments)
        #expect(utf8.stdout.contains("→") || utf8.stdout.contains("↗") || utf8.stdout.contains("↘"))
        let ascii = try runRapport(["client", "list"] + demo.dataArguments, environment: c)
        #expect(ascii.status == 0)
        #expect(ascii.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "\(ascii.stdout)")
        #expect(ascii.stdout.split(separator: "\n").count == utf8.stdout.split(separator: "\n").count)
        #expect(ascii.stdout.contains(">") || ascii.stdout.contains("/") || ascii.stdout.contains("\\"))
        let analyze = try runRapport(["analyze"] + demo.dataArguments, environment: c)
        #expect(analyze.stdout.unicodeScalars.allSatisfy { $0.isASCII })
        // Data is data: JSON is the same bytes in any locale.
        let jsonUTF8 = try runRapport(["client", "list", "--json"] + demo.dataArguments)
        let jsonC = try runRapport(["client", "list", "--json"] + demo.dataArguments, environment: c)
        #expect(jsonC.stdout == jsonUTF8.stdout)
        // Errors too: one ASCII line.
        let bad = try runRapport(["client", "add", "a b"] + demo.dataArguments, environment: c)
        #expect(bad.status == 64)
        #expect(bad.stderr.unicodeScalars.allSatisfy { $0.isASCII }, "\(bad.stderr)")
    }

    @Test func helpIsASCIIInTheCLocale() throws {
        let c = ["LC_ALL": "C", "LANG": "C"]
        for args in [["--help"], ["analyze", "--help"], ["export", "--help"], ["help", "record"]] {
            let r = try runRapport(args, environment: c)
            #expect(r.status == 0, "\(args)")
            #expect(r.stdout.contains("USAGE"), "\(args): \(r.stdout)")
            #expect(r.stdout.unicodeScalars.allSatisfy { $0.isASCII }, "\(args): \(r.stdout)")
        }
        let version = try runRapport(["--version"], environment: c)
        #expect(version.status == 0)
        #expect(
            version.stdout.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "got \(version.stdout)"
        )
        let usage = try runRapport(["record"], environment: c)
        #expect(usage.status == 64 && usage.stderr.contains("--client"))
    }
}
