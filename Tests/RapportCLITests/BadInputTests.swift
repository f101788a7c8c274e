import Foundation
import TestSupport
import Testing

/// Bad input everywhere: each case gets a one-line reason on stderr, a non-zero exit, nothing on
/// stdout, and the data directory is byte-for-byte unchanged afterwards.
@Suite("Bad input")
struct BadInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Arguments; `--data-dir` is added (except to `instruments validate`). "{dir}" is replaced by a scratch directory outside the data.
        var args: [String]
        var status: Int32
        /// Text the single stderr line must contain.
        var reason: String
        var testDescription: String { name }
    }

    static let long = String(repeating: "x", count: 200)
    static let phqRecord = ["record", "--client", "C1", "--instrument", "phq-9", "--date", "2026-11-20", "--answers"]

    static func idCases() -> [Case] {
        let ids: [(String, String, String)] = [
            ("dot-dot slash", "../evil", "invalid client id '../evil'"),
            ("absolute path", "/etc", "invalid client id '/etc'"),
            ("slash", "a/b", "invalid client id 'a/b'"),
            ("space", "a b", "invalid client id 'a b'"),
            ("trailing space", "C1 ", "invalid client id 'C1 '"),
            ("control character", "a\u{1}b", "invalid client id 'a\\u{1}b'"),
            ("200 characters", long, "invalid client id '\(String(repeating: "x", count: 40))…'"),
            ("fullwidth look-alike", "Ｃ1", "invalid client id 'Ｃ1'"),
            ("Cyrillic look-alike", "С1", "invalid client id 'С1'"),
            ("zero-width space", "C\u{200B}1", "invalid client id"),
            ("dot-dot", "..", "invalid client id '..'"),
            ("empty", "", "invalid client id ''"),
        ]
        var cases: [Case] = []
        for (name, id, reason) in ids {
            cases.append(Case(name: "client add: \(name)", args: ["client", "add", id], status: 64, reason: reason))
            cases.append(
                Case(
                    name: "record: \(name)",
                    args: ["record", "--client", id, "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0"],
                    status: 64,
                    reason: reason))
            cases.append(
                Case(
                    name: "export: \(name)", args: ["export", "--format", "csv", "--client", id], status: 64,
                    reason: reason))
            cases.append(
                Case(
                    name: "save-draft: \(name)",
                    args: [
                        "debug", "save-draft", "--client", id, "--session", "3", "--instrument", "phq-9", "--answers",
                        "1,,,,,,,,",
                    ],
                    status: 64, reason: reason))
        }
        // argv cannot carry a NUL: "C\0X" arrives as "C", which is no client here.
        cases.append(
            Case(
                name: "record: NUL (cut by argv)",
                args: ["record", "--client", "C\u{0}1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0"],
                status: 66,
                reason: "no client C in this data directory"))
        return cases
    }

    static let answerCases: [Case] = [
        Case(
            name: "answer out of range", args: phqRecord + ["1,1,1,1,1,1,1,1,4"], status: 65,
            reason: "phq-9 item 9: 4 is not on the response scale (0–3)"),
        Case(
            name: "negative answer", args: phqRecord.dropLast() + ["--answers=-1,1,1,1,1,1,1,1,1"], status: 65,
            reason: "phq-9 item 1: -1 is not on the response scale (0–3)"),
        Case(
            name: "non-numeric answer", args: phqRecord + ["1,1,1,1,x,1,1,1,1"], status: 65,
            reason: "phq-9 item 5: 'x' is not a number"),
        Case(
            name: "decimal answer", args: phqRecord + ["1,1,1,1,1.5,1,1,1,1"], status: 65,
            reason: "phq-9 item 5: '1.5' is not a number"),
        Case(
            name: "fullwidth digit", args: phqRecord + ["１,1,1,1,1,1,1,1,1"], status: 65,
            reason: "phq-9 item 1: '１' is not a number"),
        Case(
            name: "huge number", args: phqRecord + ["99999999999999999999,1,1,1,1,1,1,1,1"], status: 65,
            reason: "is not a number"),
        Case(
            name: "too many answers", args: phqRecord + ["1,1,1,1,1,1,1,1,1,1"], status: 65,
            reason: "phq-9 has 9 items but 10 answers were given"),
        Case(
            name: "too few answers", args: phqRecord + ["1,1,1,1,1,1,1,1"], status: 65,
            reason: "phq-9 has 9 items but 8 answers were given"),
        Case(
            name: "no answers", args: phqRecord + [""], status: 65, reason: "phq-9 has 9 items but 1 answers were given"
        ),
        Case(
            name: "draft answer out of range",
            args: [
                "debug", "save-draft", "--client", "C1", "--session", "3", "--instrument", "wai-sr", "--answers",
                "0,,,,,,,,,,,",
            ],
            status: 65, reason: "wai-sr item 1: 0 is not on the response scale (1–5)"),
        Case(
            name: "unknown instrument", args: ["record", "--client", "C1", "--instrument", "nope", "--answers", "1"],
            status: 64,
            reason: "unknown instrument 'nope'"),
        Case(
            name: "instrument path",
            args: ["record", "--client", "C1", "--instrument", "../../etc/passwd", "--answers", "1"],
            status: 64, reason: "unknown instrument '../../etc/passwd'"),
        Case(
            name: "score: unknown instrument", args: ["score", "--instrument", "PHQ-9", "--answers", "1"], status: 64,
            reason: "unknown instrument 'PHQ-9'"),
        Case(
            name: "impossible date",
            args: [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--date",
                "2026-02-30",
            ], status: 64, reason: "invalid date '2026-02-30'"),
        Case(
            name: "session 0",
            args: [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--session", "0",
            ], status: 64, reason: "session must be from 1 to 9999"),
        Case(
            name: "session 10000",
            args: [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--session",
                "10000",
            ], status: 64, reason: "session must be from 1 to 9999"),
        Case(
            name: "unknown rater",
            args: [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--rater",
                "nobody",
            ], status: 64, reason: "--rater must be client or therapist"),
        Case(
            name: "wrong rater",
            args: [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--rater",
                "therapist",
            ], status: 64, reason: "phq-9 is filled in by the client, not the therapist"),
        Case(
            name: "second form without --replace",
            args: [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--session", "1",
                "--date", "2026-11-01",
            ], status: 65, reason: "use --replace to correct it"),
        Case(
            name: "session dated otherwise",
            args: [
                "record", "--client", "C1", "--instrument", "gad-7", "--answers", "0,0,0,0,0,0,0", "--session", "1",
                "--date", "2026-11-02",
            ], status: 65,
            reason: "session 1 contradicts the date order: client C1's form dated 2026-11-02 would be session 2"),
        Case(
            name: "future date",
            args: [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--date",
                "2031-01-01",
            ], status: 64, reason: "session date 2031-01-01 is in the future"),
        Case(
            name: "implausibly old date",
            args: [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--date",
                "1900-01-01",
            ], status: 64, reason: "session date 1900-01-01 is implausibly old (the earliest accepted is 2000-01-01)"),
        Case(
            name: "session out of date order",
            args: [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "0,0,0,0,0,0,0,0,0", "--session",
                "99", "--date", "2026-10-01",
            ], status: 65,
            reason: "session 99 contradicts the date order: client C1's form dated 2026-10-01 would be session 1"),
        Case(
            name: "risk ack without risk", args: ["risk", "ack", "--client", "C1", "--session", "1"], status: 65,
            reason: "client C1 has no risk item in session 1 (2026-11-01)"),
        Case(
            name: "risk ack of a session that does not exist",
            args: ["risk", "ack", "--client", "C1", "--session", "5"], status: 64, reason: "client C1 has no session 5"),
        Case(name: "existing client", args: ["client", "add", "C1"], status: 65, reason: "client C1 already exists"),
        Case(
            name: "therapist name with control characters",
            args: ["client", "add", "C2", "--therapist", "Dr\u{7}Bell"], status: 64,
            reason: "--therapist contains control characters or braces"),
        Case(
            name: "therapist name too long", args: ["client", "add", "C2", "--therapist", long], status: 64,
            reason: "--therapist is limited to 60 characters"),
        Case(
            name: "battery with unknown instrument", args: ["client", "add", "C2", "--battery", "phq-9,nope"],
            status: 64, reason: "unknown instrument 'nope' in --battery"),
    ]

    /// Instrument files for `rapport instruments validate`, derived from a shipped one.
    static let instrumentCases: [Case] = [
        Case(
            name: "duplicate item numbers", args: ["instruments", "validate", "{dir}/duplicate-items.json"], status: 65,
            reason: "items[1].number: item number 1 is used twice"),
        Case(
            name: "scale naming a missing item", args: ["instruments", "validate", "{dir}/missing-item.json"],
            status: 65, reason: "scales[0].items: names item 99, which the instrument does not have"),
        Case(
            name: "unknown scoring method", args: ["instruments", "validate", "{dir}/unknown-method.json"], status: 65,
            reason: "scales[0].method"),
        Case(
            name: "huge file", args: ["instruments", "validate", "{dir}/huge.json"], status: 65,
            reason: "more than the 1048576-byte limit for an instrument"),
        Case(
            name: "newer format", args: ["instruments", "validate", "{dir}/newer.json"], status: 65,
            reason: "formatVersion 2 is newer than this rapport supports (1)"),
        Case(
            name: "empty instrument file", args: ["instruments", "validate", "{dir}/empty.json"], status: 65,
            reason: "not valid JSON"),
        Case(
            name: "not JSON", args: ["instruments", "validate", "{dir}/garbage.json"], status: 65,
            reason: "not valid JSON"),
        Case(
            name: "missing instrument file", args: ["instruments", "validate", "{dir}/absent.json"], status: 66,
            reason: "cannot read"),
    ]

    static func writeInstrumentFiles(to dir: String) throws {
        let source = Fixtures.instrumentsDirectory.appendingPathComponent("gad-7.json")
        func variant(_ name: String, _ change: (inout [String: Any]) -> Void) throws {
            let data = try Data(contentsOf: source)
            var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            change(&object)
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        try variant("duplicate-items.json") { o in
            var items = o["items"] as? [[String: Any]] ?? []
            items[1]["number"] = 1
            o["items"] = items
        }
        try variant("missing-item.json") { o in
            var scales = o["scales"] as? [[String: Any]] ?? []
            scales[0]["items"] = (scales[0]["items"] as? [Int] ?? []) + [99]
            o["scales"] = scales
        }
        try variant("unknown-method.json") { o in
            var scales = o["scales"] as? [[String: Any]] ?? []
            scales[0]["method"] = "median"
            o["scales"] = scales
        }
        try variant("huge.json") { o in o["padding"] = String(repeating: "ab", count: 1 << 20) }
        try variant("newer.json") { o in o["formatVersion"] = 2 }
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.json"))
        try Data("\u{FEFF}{\"formatVersion\": 1,, }".utf8).write(to: URL(fileURLWithPath: dir + "/garbage.json"))
    }

    @Test(arguments: idCases() + answerCases + instrumentCases)
    func refusedWithOneLineAndNothingChanged(_ c: Case) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let data = dir.appending("data")
        let d = ["--data-dir", data]
        for setup in [
            ["init", "--unsealed"], ["client", "add", "C1", "--therapist", "Dr Lee"],
            [
                "record", "--client", "C1", "--instrument", "phq-9", "--answers", "1,1,1,1,1,1,1,1,0", "--date",
                "2026-11-01",
            ],
            [
                "debug", "save-draft", "--client", "C1", "--session", "2", "--instrument", "phq-9", "--answers",
                "1,2,,,,,,,",
            ],
        ] {
            let r = try runRapport(setup + d)
            try #require(r.status == 0, "\(setup): \(r.stderr)")
        }
        let scratch = dir.appending("files")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try Self.writeInstrumentFiles(to: scratch)
        let before = TreeSnapshot(data)

        let args = c.args.map { $0.replacingOccurrences(of: "{dir}", with: scratch) }
        let r = try runRapport(args.starts(with: ["instruments", "validate"]) ? args : args + d)
        #expect(r.status == c.status, "\(r.stderr)")
        let lines = r.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "not one line: \(r.stderr)")
        #expect(r.stderr.hasPrefix("rapport: "))
        #expect(r.stderr.contains(c.reason), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        #expect(TreeSnapshot(data).differences(from: before) == [])
        // Never echoes a whole answer list back.
        if let answers = args.firstIndex(of: "--answers").map({ args[$0 + 1] }), answers.count > 12 {
            #expect(!r.stderr.contains(answers))
        }
    }
}
