import Foundation
import Testing
import TestSupport

@testable import rapport

/// `rapport chart --csv`: output shape, errors, and the start-up fast path (`ChartFastPath`), which
/// must behave exactly like the swift-argument-parser path it short-cuts.
@Suite("chart --csv")
struct ChartCSVTests {
    /// A scratch directory with a few CSV files.
    struct Files {
        let dir: TemporaryDirectory
        var good: String { dir.appending("good.csv") }
        var gaps: String { dir.appending("gaps.csv") }
        var bad: String { dir.appending("bad.csv") }
        var binary: String { dir.appending("binary.csv") }

        init() throws {
            dir = try TemporaryDirectory("rapport-chart")
            try "session,goal,task,bond\n1,3.5,3.25,4\n2,3.75,3.5,4.25\n3,4,3.75,4.5\n4,4.25,4,4.25\n"
                .write(toFile: dir.appending("good.csv"), atomically: true, encoding: .utf8)
            try "session,alliance\n1,4.1\n2,\n3,2.0\n4,4.5\n"
                .write(toFile: dir.appending("gaps.csv"), atomically: true, encoding: .utf8)
            try "session,goal\n1,3\n2,three\n"
                .write(toFile: dir.appending("bad.csv"), atomically: true, encoding: .utf8)
            try Data([0x73, 0x2C, 0x61, 0x0A, 0x31, 0x2C, 0xFF, 0x0A])
                .write(to: URL(fileURLWithPath: dir.appending("binary.csv")))
        }
    }

    /// Runs `chart` with and without the fast path.
    static func both(_ arguments: [String], environment: [String: String] = [:]) throws -> (
        fast: CommandResult, parsed: CommandResult
    ) {
        let fast = try runRapport(["chart"] + arguments, environment: environment)
        var off = environment
        off["RAPPORT_NO_FAST_PATH"] = "1"
        let parsed = try runRapport(["chart"] + arguments, environment: off)
        return (fast, parsed)
    }

    @Test("fills the requested width and height (trailing blanks trimmed), with no escape codes in a pipe")
    func shape() throws {
        let files = try Files()
        defer { files.dir.remove() }
        for (width, height) in [(80, 20), (40, 12), (120, 30)] {
            let r = try runRapport(["chart", "--csv", files.good, "--width", "\(width)", "--height", "\(height)"])
            #expect(r.status == 0)
            #expect(r.stderr.isEmpty)
            #expect(!r.stdout.contains("\u{1B}"))
            let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == height)
            for line in lines { #expect(line.count <= width, "line '\(line)' is wider than \(width)") }
            #expect(lines.map(\.count).max() == width)
            #expect(lines.allSatisfy { $0.last != " " })
        }
    }

    @Test("--color always writes ANSI escapes; NO_COLOR does not stop it")
    func colorAlways() throws {
        let files = try Files()
        defer { files.dir.remove() }
        let r = try runRapport(["chart", "--csv", files.good, "--color", "always"], environment: ["NO_COLOR": "1"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("\u{1B}["))
    }

    @Test("a missed session is a gap; the sentence under the chart says what changed")
    func gap() throws {
        let files = try Files()
        defer { files.dir.remove() }
        let r = try runRapport(["chart", "--csv", files.gaps, "--y-min", "1", "--y-max", "5"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("alliance"))
        // The sentence under the chart reads across the missed session.
        let last = r.stdout.split(separator: "\n").last.map(String.init)
        #expect(last == "Alliance fell from 4.1 to 2 at session 3 and came back by session 4.")
    }

    @Test("reads a CSV from a pipe (/dev/stdin), where the size is not known in advance")
    func pipe() throws {
        var csv = "session,goal\n"
        for i in 1...400 { csv += "\(i),\(Double(i % 5) + 1)\n" }
        let piped = try runRapport(["chart", "--csv", "/dev/stdin", "--y-min", "1", "--y-max", "5"], stdin: csv)
        let files = try Files()
        defer { files.dir.remove() }
        let path = files.dir.appending("long.csv")
        try csv.write(toFile: path, atomically: true, encoding: .utf8)
        let direct = try runRapport(["chart", "--csv", path, "--y-min", "1", "--y-max", "5"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(piped.stdout == direct.stdout)
        #expect(piped.stdout.contains("400"))
    }

    @Test("errors: one line naming the problem, and the sysexits status")
    func errors() throws {
        let files = try Files()
        defer { files.dir.remove() }
        let cases: [([String], Int32, String)] = [
            (["--csv", files.bad], 65, "line 3"),
            (["--csv", files.binary], 65, "not UTF-8"),
            (["--csv", files.dir.appending("none.csv")], 66, "no such file"),
            (["--csv", files.dir.path], 66, "is a directory"),
            (["--csv", files.good, "--width", "5"], 64, "--width"),
            (["--csv", files.good, "--y-min", "3", "--y-max", "2"], 64, "--y-min must be less than --y-max"),
            ([], 64, "--csv"),
        ]
        for (args, status, reason) in cases {
            let r = try runRapport(["chart"] + args)
            #expect(r.status == status, "\(args)")
            #expect(r.stdout.isEmpty, "\(args)")
            #expect(r.stderr.contains(reason), "\(args): \(r.stderr)")
            if status != 64 {
                #expect(r.stderr.split(separator: "\n").count == 1, "\(args): \(r.stderr)")
            }
        }
    }

    /// Every invocation gives the same stdout, stderr and exit status with the fast path on and off:
    /// the valid ones it takes, and the ones it must hand to swift-argument-parser.
    @Test("fast path and swift-argument-parser agree")
    func fastPathEquivalence() throws {
        let files = try Files()
        defer { files.dir.remove() }
        let g = files.good
        let invocations: [[String]] = [
            ["--csv", g],
            ["--csv=\(g)"],
            ["--csv", g, "--width", "60", "--height", "15"],
            ["--width=60", "--height=15", "--csv", g],
            ["--csv", g, "--y-min", "1", "--y-max", "5"],
            ["--csv", g, "--y-min", "-2", "--y-max=6.5"],
            ["--csv", g, "--y-min", "4", "--y-max", "4"],
            ["--csv", g, "--y-min", "nan"],
            ["--csv", g, "--y-max", "inf"],
            ["--csv", g, "--title", "Alliance — client C1"],
            ["--csv", g, "--title", "-dash"],
            ["--csv", g, "--title=-dash"],
            ["--csv", g, "--color", "never"],
            ["--csv", g, "--color", "always"],
            ["--csv", g, "--color", "auto"],
            ["--csv", g, "--color", "sometimes"],
            ["--csv", g, "--width", "9"],
            ["--csv", g, "--width", "10"],
            ["--csv", g, "--width", "+40"],
            ["--csv", g, "--width", "0x40"],
            ["--csv", g, "--height", "2"],
            ["--csv", g, "--width"],
            ["--csv", g, "--csv", files.gaps],
            ["--csv", g, "--unknown", "1"],
            ["--csv", g, "-h"],
            ["--csv", g, "--help"],
            ["--csv", g, "extra"],
            ["--csv", g, "--"],
            ["--csv"],
            ["--csv="],
            ["--csv", ""],
            ["--csv", "-"],
            ["--csv", files.bad],
            ["--csv", files.binary],
            ["--csv", files.gaps, "--y-min", "0"],
            ["--csv", files.dir.appending("none.csv")],
            ["--csv", g, "--client", "C1"],
        ]
        for args in invocations {
            let (fast, parsed) = try Self.both(args)
            #expect(fast.status == parsed.status, "\(args)")
            #expect(fast.stdout == parsed.stdout, "\(args)")
            #expect(fast.stderr == parsed.stderr, "\(args)")
        }
        // Colour from the environment: NO_COLOR, TERM and COLORTERM are read the same way.
        for env in [["NO_COLOR": "1"], ["TERM": "xterm-256color"], ["TERM": "xterm", "COLORTERM": "truecolor"]] {
            let (fast, parsed) = try Self.both(["--csv", g, "--color", "always"], environment: env)
            #expect(fast.stdout == parsed.stdout, "\(env)")
            #expect(fast.status == 0 && parsed.status == 0)
        }
    }
}

/// `ChartFastPath.parse` against swift-argument-parser's own parse of the same arguments: what the
/// fast path accepts, swift-argument-parser accepts and validates with the same values; the
/// plain `--csv` invocations are taken by the fast path.
@Suite("chart fast path parser")
struct ChartFastPathParserTests {
    static let accepted: [[String]] = [
        ["--csv", "a.csv"],
        ["--csv=a.csv"],
        ["--csv", "a.csv", "--width", "60", "--height", "15"],
        ["--width=60", "--height=15", "--csv", "a.csv"],
        ["--csv", "a.csv", "--y-min", "-2", "--y-max=6.5"],
        ["--csv", "a.csv", "--title", "Alliance", "--color", "always"],
        ["--csv", "a.csv", "--title=-dash", "--color=never"],
        ["--csv", "a.csv", "--width", "+40"],
    ]

    static let declined: [[String]] = [
        [],
        ["--csv"],
        ["--csv="],
        ["--csv", ""],
        ["--csv", "-"],
        ["--csv", "a.csv", "--csv", "b.csv"],
        ["--csv", "a.csv", "--width"],
        ["--csv", "a.csv", "--width", "9"],
        ["--csv", "a.csv", "--width", "0x40"],
        ["--csv", "a.csv", "--height", "10001"],
        ["--csv", "a.csv", "--y-min", "nan"],
        ["--csv", "a.csv", "--y-min", "4", "--y-max", "4"],
        ["--csv", "a.csv", "--color", "sometimes"],
        ["--csv", "a.csv", "--title", "-dash"],
        ["--csv", "a.csv", "--client", "C1"],
        ["--csv", "a.csv", "--data-dir", "/tmp"],
        ["--csv", "a.csv", "-h"],
        ["--csv", "a.csv", "--help"],
        ["--csv", "a.csv", "extra"],
        ["--csv", "a.csv", "--"],
    ]

    @Test("accepts plain --csv invocations with swift-argument-parser's values", arguments: accepted)
    func accepts(_ args: [String]) throws {
        let fast = try #require(ChartFastPath.parse(args[...]))
        let parsed = try ChartCommand.parse(args)
        #expect(fast.path == parsed.csv)
        #expect(fast.yMin == parsed.yMin)
        #expect(fast.yMax == parsed.yMax)
        #expect(fast.width == parsed.width)
        #expect(fast.height == parsed.height)
        #expect(fast.color == parsed.color)
        #expect(fast.title == parsed.title)
    }

    @Test("declines everything else", arguments: declined)
    func declines(_ args: [String]) {
        #expect(ChartFastPath.parse(args[...]) == nil)
    }

    @Test("runs only for the chart subcommand")
    func onlyChart() {
        #expect(ChartFastPath.run(["rapport"]) == nil)
        #expect(ChartFastPath.run(["rapport", "chart"]) == nil)
        #expect(ChartFastPath.run(["rapport", "export", "--csv", "a.csv"]) == nil)
        #expect(ChartFastPath.run(["rapport", "chart", "--client", "C1"]) == nil)
    }

    @Test("random argument lists: whatever the fast path takes, swift-argument-parser takes with the same values")
    func randomSoundness() throws {
        // swift-argument-parser's parse runs validate(): a value the command refuses throws here.
        #expect(throws: (any Error).self) { try ChartCommand.parse(["--csv", "a.csv", "--width", "9"]) }
        // Option names with valid and invalid values, in either spelling, plus stray tokens.
        let values: [String: [String]] = [
            "csv": ["a.csv", "b c.csv", "", "-"],
            "width": ["60", "10", "9", "+40", "x", "10001"],
            "height": ["15", "3", "2", "-1"],
            "y-min": ["-2", "1", "nan", "inf", "-1e3", "5"],
            "y-max": ["6", "1", "5", "-inf"],
            "color": ["always", "never", "auto", "sometimes", "ALWAYS"],
            "title": ["T", "x y", "-dash", ""],
            "client": ["C1"],
            "data-dir": ["/tmp"],
        ]
        let names = Array(values.keys).sorted()
        let stray = ["-h", "--help", "--", "extra", "--unknown"]
        var rng = SystemRandomNumberGenerator()
        var taken = 0
        for _ in 0..<3_000 {
            var args: [String] = []
            if Int.random(in: 0..<4, using: &rng) > 0 { args += ["--csv", "a.csv"] }
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let name = Int.random(in: 0..<3, using: &rng) == 0 ? names.randomElement(using: &rng)! : ["width", "height", "y-min", "y-max", "color", "title"].randomElement(using: &rng)!
                let value = values[name]!.randomElement(using: &rng)!
                if Bool.random(using: &rng) { args += ["--\(name)", value] } else { args.append("--\(name)=\(value)") }
            }
            if Int.random(in: 0..<10, using: &rng) == 0 {
                args.insert(stray.randomElement(using: &rng)!, at: Int.random(in: 0...args.count, using: &rng))
            }
            if Int.random(in: 0..<10, using: &rng) == 0, !args.isEmpty { args.removeLast() }
            guard let fast = ChartFastPath.parse(args[...]) else { continue }
            taken += 1
            let parsed = try #require(try? ChartCommand.parse(args), "\(args)")
            #expect(fast.path == parsed.csv, "\(args)")
            #expect(fast.yMin == parsed.yMin && fast.yMax == parsed.yMax, "\(args)")
            #expect(fast.width == parsed.width && fast.height == parsed.height, "\(args)")
            #expect(fast.color == parsed.color && fast.title == parsed.title, "\(args)")
            #expect(parsed.client == nil, "\(args)")
        }
        #expect(taken > 300, "the fast path took only \(taken) of 3000 random argument lists")
    }
}
