import Foundation
import TestSupport
import Testing

/// Every export format of a seeded demo, byte for byte as rapport wrote it before the export's
/// fast paths (record decoder, CSV fields, timestamps): the figures are the FNV-1a hash and the
/// length of each document, taken from the release build of the commit before those changes
/// (`rapport export … | python3` FNV-1a). A change to the demo generator or to a shipped instrument changes them too; then
/// check the difference is that change's and take the new figures.
@Suite("Export output unchanged")
struct ExportGoldenTests {
    /// FNV-1a, 64 bits.
    static func fnv1a(_ text: String) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return String(h, radix: 16) + "/" + String(text.utf8.count)
    }

    static let golden: [(arguments: [String], digest: String)] = [
        (["--format", "csv"], "8f546dc150398b15/86400"),
        (["--format", "csv", "--items"], "7b88ed4a72d8470e/250234"),
        (["--format", "csv", "--wide"], "52c0120c7532f031/43347"),
        (["--format", "csv", "--from", "2026-02-01", "--to", "2026-03-15"], "c2de9a5a75e70eba/42567"),
        (["--format", "csv", "--client", "D0002"], "3293fa8089f3a83b/17420"),
        (["--format", "json"], "87e770a1678c1c93/207304"),
        (["--format", "redcap"], "eeacbe9af0f91167/33215"),
    ]

    @Test func aSeededDemoExportsAsBefore() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = dir.appending("data")
        let demo = try runRapport([
            "demo", "--unsealed", "--clients", "5", "--sessions", "12", "--seed", "11", "--data-dir", data,
        ])
        try #require(demo.status == 0, "\(demo.stderr)")
        for (arguments, digest) in Self.golden {
            let r = try runRapport(["export"] + arguments + ["--data-dir", data])
            #expect(r.status == 0, "\(arguments): \(r.stderr)")
            #expect(Self.fnv1a(r.stdout) == digest, "\(arguments)")
        }
        let notes = dir.appending("notes.csv")
        let r = try runRapport(["export", "--format", "csv", "--notes-output", notes, "--data-dir", data])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Self.fnv1a(try String(contentsOfFile: notes, encoding: .utf8)) == "798c5408b8311fd7/54")
    }
}
