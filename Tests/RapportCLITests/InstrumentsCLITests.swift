import Foundation
import TestSupport
import Testing

/// `rapport instruments list` and `show` as a person reads them.
@Suite("instruments command")
struct InstrumentsCLITests {
    @Test func listColumnsLineUp() throws {
        let r = try runRapport(["instruments", "list"])
        #expect(r.status == 0)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        // Every line's "items" column ends, and its title starts, in the same column.
        let itemEnds = Set(lines.compactMap { $0.range(of: " items")?.upperBound.utf16Offset(in: $0) })
        #expect(itemEnds.count == 1, "\(r.stdout)")
        let versionStarts = Set(lines.compactMap { $0.range(of: "1.0.0")?.lowerBound.utf16Offset(in: $0) })
        #expect(versionStarts.count == 1, "\(r.stdout)")
    }

    @Test(arguments: [
        "core-10", "ecr-rs", "ecr-rs-therapist", "ecr-s", "gad-7", "phq-9", "si-therapist", "wai-sr",
        "wai-sr-therapist",
    ])
    func showNamesNoInternalPaths(id: String) throws {
        let r = try runRapport(["instruments", "show", id])
        #expect(r.status == 0)
        #expect(r.stdout.contains("Source: "))
        #expect(!r.stdout.contains("shared/"), "\(r.stdout)")
        #expect(!r.stdout.contains("reference/instruments"))
    }
}

/// Help text is wrapped by swift-argument-parser, never broken by hand inside a paragraph.
@Suite("help text")
struct HelpTextTests {
    @Test(arguments: [
        [], ["init"], ["client"], ["score"], ["record"], ["export"], ["instruments"], ["check"], ["demo"], ["analyze"],
        ["chart"], ["review"], ["rate"], ["kiosk"], ["session"],
    ])
    func paragraphsAreFilled(command: [String]) throws {
        let r = try runRapport(command + ["--help"], environment: ["COLUMNS": "80"])
        #expect(r.status == 0)
        // The overview and discussion: everything before "USAGE:".
        let top = r.stdout.components(separatedBy: "USAGE:")[0]
        for paragraph in top.components(separatedBy: "\n\n") {
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: true)
            for line in lines.dropLast() {
                #expect(line.count >= 55, "a ragged line in \(command) --help: '\(line)'")
                #expect(line.count <= 80)
            }
        }
    }
}
