import Foundation
import TestSupport
import Testing

/// `rapport analyze` end to end on a small demo caseload.
@Suite("rapport analyze", .serialized)
struct AnalyzeCommandTests {
    static func demo() throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory("rapport-analyze")
        let r = try runRapport([
            "demo", "--unsealed", "--clients", "12", "--sessions", "8", "--data-dir", dir.appending("data"),
        ])
        #expect(r.status == 0, "\(r.stderr)")
        return dir
    }

    @Test func jsonHasRupturesAndCaseloadResults() throws {
        let dir = try Self.demo()
        defer { dir.remove() }
        let r = try runRapport(["analyze", "--json", "--resamples", "200", "--data-dir", dir.appending("data")])
        #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let clients = try #require(object["clients"] as? [[String: Any]])
        #expect(clients.count == 12)
        #expect(clients.allSatisfy { $0["ruptures"] is [Any] })
        let ao = try #require(object["allianceOutcome"] as? [String: Any])
        let n = try #require(ao["n"] as? Int)
        let excluded = try #require(ao["excluded"] as? [Any])
        #expect(n + excluded.count == 12)
        let mediation = try #require(object["mediation"] as? [String: Any])
        #expect(mediation["resamples"] as? Int == 200)

        // Same data, same seed: the same bytes.
        let again = try runRapport(["analyze", "--json", "--resamples", "200", "--data-dir", dir.appending("data")])
        #expect(again.stdout == r.stdout)
    }

    @Test func readableReportAndErrors() throws {
        let dir = try Self.demo()
        defer { dir.remove() }
        let text = try runRapport(["analyze", "--resamples", "100", "--data-dir", dir.appending("data")])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Client D0001"))
        #expect(text.stdout.contains("Alliance–outcome (alliance at session 3 vs residual gain)"))
        #expect(text.stdout.contains("Mediation: X = si-therapist identification"))

        let one = try runRapport(["analyze", "--client", "D0002", "--data-dir", dir.appending("data")])
        #expect(one.status == 0 && one.stdout.hasPrefix("Client D0002") && !one.stdout.contains("Mediation"))

        let missing = try runRapport(["analyze", "--client", "NOPE", "--data-dir", dir.appending("data")])
        #expect(missing.status == 66)
        #expect(missing.stderr == "rapport: no client NOPE in this data directory\n")

        let badOutcome = try runRapport(["analyze", "--outcome", "wai-sr", "--data-dir", dir.appending("data")])
        #expect(badOutcome.status == 64)
        #expect(badOutcome.stdout.isEmpty)
    }
}
