import Foundation
import TestSupport
import Testing

/// Numbers at their edges through the command line: huge scores, no `inf` in JSON.
@Suite("numbers on the command line", .serialized)
struct NumberCLITests {
    /// A data directory whose clinic instrument is CORE-10 with its clinical-score factor replaced.
    private func clinic(factor: String) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("rapport-numbers")
        try FileManager.default.createDirectory(atPath: dir.appending("instruments"), withIntermediateDirectories: true)
        var text = try String(
            contentsOf: Fixtures.instrumentsDirectory.appendingPathComponent("core-10.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "\"id\": \"core-10\"", with: "\"id\": \"big-10\"")
        text = text.replacingOccurrences(of: "\"factor\": 10", with: "\"factor\": \(factor)")
        try text.write(toFile: dir.appending("instruments/big-10.json"), atomically: true, encoding: .utf8)
        return dir
    }

    @Test func aScaleFactorOf1e20ScoresCleanly() throws {
        let dir = try clinic(factor: "1e20")
        defer { dir.remove() }
        let answers = "1,3,4,0,2,2,1,2,3,1"
        let text = try runRapport(["score", "--instrument", "big-10", "--answers", answers, "--data-dir", dir.path])
        #expect(text.status == 0, "stderr: \(text.stderr)")
        #expect(text.stdout.contains("1.3e+20"), "\(text.stdout)")
        let json = try runRapport([
            "score", "--instrument", "big-10", "--answers", answers, "--json", "--data-dir", dir.path,
        ])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let scores = try #require(object?["scores"] as? [String: Any])
        #expect((scores["clinical"] as? Double).map { abs($0 - 1.3e20) < 1e6 } == true, "\(json.stdout)")
        #expect(!json.stdout.contains("inf"))
    }

    @Test func aFactorWhoseScoresWouldOverflowIsRefused() throws {
        let dir = try clinic(factor: "1e308")
        defer { dir.remove() }
        let r = try runRapport(["instruments", "validate", dir.appending("instruments/big-10.json")])
        #expect(r.status == 65)
        #expect(r.stderr.contains("factor"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        let score = try runRapport(
            ["score", "--instrument", "big-10", "--answers", "4,4,4,4,4,4,4,4,4,4", "--json", "--data-dir", dir.path])
        #expect(!score.stdout.contains("inf"))
        #expect(score.status != 0 && score.status != 70, "stderr: \(score.stderr)")
    }
}
