import Foundation
import TestSupport
import Testing

/// `--lang` and the locale on the commands a client reads, the string tables found with the
/// instrument files, and the language stored with the record.
@Suite("languages on the command line", .serialized)
struct LanguageCLITests {
    let dir: TemporaryDirectory
    let d: [String]

    init() throws {
        dir = try TemporaryDirectory()
        d = ["--data-dir", dir.appending("data")]
    }

    func setUp() throws {
        #expect(try runRapport(["init", "--unsealed"] + d).status == 0)
        #expect(try runRapport(["init", "--passphrase-stdin"] + d, stdin: "a long passphrase\n").status == 0)
        #expect(try runRapport(["client", "add", "C1", "--therapist", "Dr Lee"] + d).status == 0)
    }

    /// Intro, nine answers, submit, finish, then the passphrase on the lock screen.
    static let phqInput = "\n1\n2\n3\n0\n1\n2\n3\n0\n0\n\n\na long passphrase\n"

    @Test func rateInGermanShowsGermanItemsAndRecordsTheLanguage() throws {
        defer { dir.remove() }
        try setUp()
        let r = try runRapport(
            ["rate", "--client", "C1", "--battery", "phq-9", "--plain", "--lang", "de"] + d, stdin: Self.phqInput)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.contains("Wenig Interesse oder Freude an Ihren Tätigkeiten"))
        #expect(r.stdout.contains("Überhaupt nicht"))
        #expect(!r.stdout.contains("Little interest or pleasure"))
        #expect(r.stderr.isEmpty)  // every text verified: no note for the therapist
        let json = try runRapport(["export", "--format", "json"] + d)
        #expect(json.stdout.contains("\"language\":\"de\""))
        let csv = try runRapport(["export", "--format", "csv"] + d)
        #expect(csv.stdout.contains(",phq-9,1.0.0,total,12,"))
    }

    @Test func theLocaleChoosesWhenNoOptionIsGiven() throws {
        defer { dir.remove() }
        try setUp()
        let r = try runRapport(
            ["rate", "--client", "C1", "--battery", "phq-9", "--plain"] + d, stdin: Self.phqInput,
            environment: ["LC_ALL": "", "LC_MESSAGES": "", "LANG": "es_US.UTF-8"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        // es_US is not installed here, so the terminal is not taken to be UTF-8 and accents are
        // transliterated by the glyph set; the words are the Spanish item's.
        #expect(r.stdout.contains("Poco inter"))
        #expect(!r.stdout.contains("Little interest"))
        let json = try runRapport(["export", "--format", "json"] + d)
        #expect(json.stdout.contains("\"language\":\"es\""))
    }

    @Test func anUnknownLanguageIsAUsageError() throws {
        defer { dir.remove() }
        try setUp()
        for command in [["rate", "--client", "C1"], ["kiosk"], ["home"]] {
            let r = try runRapport(command + ["--plain", "--lang", "fr"] + d, stdin: "")
            #expect(r.status == 64)
            #expect(r.stderr == "rapport: --lang fr: no client text in that language (available: en, de, es)\n")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test func aDamagedStringTableIsRefusedNamingFileAndKey() throws {
        defer { dir.remove() }
        try setUp()
        let assets = dir.appending("assets")
        let fm = FileManager.default
        try fm.copyItem(atPath: Fixtures.repositoryRoot.appendingPathComponent("assets").path, toPath: assets)
        let file = assets + "/strings/de.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
            .replacingOccurrences(of: "in {seconds} Sekunden", with: "in {sekunden} Sekunden")
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        let r = try runRapport(
            ["rate", "--client", "C1", "--battery", "phq-9", "--plain", "--lang", "de"] + d, stdin: Self.phqInput,
            environment: ["RAPPORT_ASSETS": assets])
        #expect(r.status == 65)
        #expect(
            r.stderr
                == "rapport: \(file): strings.presence.text: placeholders must be {seconds} as in English; found {sekunden}\n"
        )
        #expect(try runRapport(["export", "--format", "json"] + d).stdout.contains("phq-9") == false)
    }

    @Test func validateShowsTranslationsAndTheirGaps() throws {
        defer { dir.remove() }
        try FileManager.default.createDirectory(atPath: dir.path, withIntermediateDirectories: true)
        let source = Fixtures.instrumentsDirectory.appendingPathComponent("gad-7.json")
        func variant(_ name: String, _ change: (inout [String: Any]) -> Void) throws -> String {
            var object = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
            var translations = try #require(object["translations"] as? [[String: Any]])
            change(&translations[0])
            object["translations"] = translations
            let path = dir.appending(name)
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
            return path
        }
        let shipped = try runRapport(["instruments", "validate", source.path])
        #expect(shipped.stdout == "\(source.path): valid (gad-7 1.0.0, 7 items, 1 scales), translations: de\n")
        let partial = try variant("partial.json") { t in
            var items = t["items"] as? [[String: Any]] ?? []
            items[3]["text"] = NSNull()
            t["items"] = items
        }
        let r = try runRapport(["instruments", "validate", partial])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("\nnote: gad-7 (de): item 4 shown in English (no verified translation)\n"))
        let short = try variant("short.json") { t in
            t["items"] = Array((t["items"] as? [[String: Any]] ?? []).prefix(5))
        }
        let bad = try runRapport(["instruments", "validate", short])
        #expect(bad.status == 65)
        #expect(bad.stderr.hasPrefix("rapport: \(short): translations[0].items: has 5 items, the instrument 7"))
        let show = try runRapport(["instruments", "show", "phq-9"])
        #expect(show.stdout.contains("Translation de: source: German PHQ-D"))
        #expect(show.stdout.contains("Translation es: source: US-Spanish Pfizer form"))
    }

    /// An installed rapport (PREFIX/bin + PREFIX/share/rapport, as Scripts/install.sh lays it out),
    /// run from another directory without RAPPORT_ASSETS, finds the string tables next to the
    /// instruments; without the strings folder only English can be chosen.
    @Test func anInstalledBinaryFindsItsStringTables() throws {
        defer { dir.remove() }
        try setUp()
        let fm = FileManager.default
        let prefix = dir.appending("prefix")
        let share = prefix + "/share/rapport"
        try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: share, withIntermediateDirectories: true)
        try fm.copyItem(atPath: Fixtures.rapportBinary.path, toPath: prefix + "/bin/rapport")
        try fm.copyItem(atPath: Fixtures.instrumentsDirectory.path, toPath: share + "/instruments")
        try fm.copyItem(
            atPath: Fixtures.repositoryRoot.appendingPathComponent("assets/strings").path, toPath: share + "/strings")
        let installed = URL(fileURLWithPath: prefix + "/bin/rapport")
        var env = ProcessInfo.processInfo.environment
        env["RAPPORT_ASSETS"] = nil
        env["LC_ALL"] = "C.UTF-8"
        env["SWIFT_BACKTRACE"] = "enable=no"
        let wrong = try ProcessRunner.run(
            installed, arguments: ["rate", "--client", "C1", "--plain", "--lang", "fr"] + d, stdin: "", environment: env
        )
        #expect(wrong.stderr == "rapport: --lang fr: no client text in that language (available: en, de, es)\n")
        try fm.removeItem(atPath: share + "/strings")
        let english = try ProcessRunner.run(
            installed, arguments: ["rate", "--client", "C1", "--plain", "--lang", "de"] + d, stdin: "", environment: env
        )
        #expect(english.status == 64)
        #expect(english.stderr == "rapport: --lang de: no client text in that language (available: en)\n")
    }
}
