import Foundation
import TestSupport
import Testing

@testable import rapport

/// `rapport chart --csv`: output shape and errors.
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
}
