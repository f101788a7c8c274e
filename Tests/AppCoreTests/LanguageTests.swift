import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import AppCore

/// The client-facing string tables (assets/strings), the language choice, the kiosk's language
/// key, and the language stored with each record.
@Suite("languages and string tables")
struct LanguageTests {
    static let stringsDirectory = Fixtures.repositoryRoot.appendingPathComponent("assets/strings")

    static func tables() throws -> StringTables { try StringTables.load(directory: stringsDirectory) }

    static func table(_ language: String) throws -> [String: String] {
        let data = try Data(contentsOf: stringsDirectory.appendingPathComponent("\(language).json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(json["strings"] as? [String: String])
    }

    // MARK: String tables

    @Test func shippedTablesLoad() throws {
        #expect(try Self.tables().languages == ["en", "de", "es"])
        #expect(try Self.tables().table(for: "de").languageName == "Deutsch")
    }

    @Test func englishFileIsTheBuiltInTable() throws {
        #expect(try Self.table("en") == StringTable.englishStrings)
        #expect(try Self.tables().table(for: "en") == StringTable.english)
    }

    @Test(arguments: ["de", "es"])
    func everyKeyInBothDirectionsWithTheSamePlaceholders(language: String) throws {
        let english = try Self.table("en")
        let other = try Self.table(language)
        #expect(Set(other.keys).subtracting(english.keys).isEmpty, "keys only in \(language)")
        #expect(Set(english.keys).subtracting(other.keys).isEmpty, "keys missing in \(language)")
        for (key, text) in english {
            #expect(
                StringTable.placeholders(in: other[key] ?? "") == StringTable.placeholders(in: text),
                "\(language) \(key)")
            #expect(
                other[key] != text || key.hasPrefix("hint.") || ["welcome.hint.code"].contains(key) || text == "Code",
                "\(language) \(key) is untranslated")
        }
    }

    @Test func loaderNamesFileAndKey() throws {
        func problem(_ edit: (inout [String: String]) -> Void, file: String = "strings/de.json") throws -> String {
            var strings = try Self.table("de")
            edit(&strings)
            let json: [String: Any] = ["formatVersion": 1, "language": "de", "strings": strings]
            let data = try JSONSerialization.data(withJSONObject: json)
            do {
                _ = try StringTables.load(data: data, file: file)
                return "loaded"
            } catch {
                return error.description
            }
        }
        #expect(try problem { _ in } == "loaded")
        #expect(try problem { $0["welcome.title"] = nil } == "strings/de.json: strings.welcome.title: missing")
        #expect(
            try problem { $0["welcome.titel"] = "Hallo" }
                == "strings/de.json: strings.welcome.titel: not a key of the string table")
        #expect(
            try problem { $0["presence.text"] = "Noch {sekunden} Sekunden." }
                == "strings/de.json: strings.presence.text: placeholders must be {seconds} as in English; found {sekunden}"
        )
        #expect(
            try problem { $0["intro.begin"] = "Drücken Sie {key}." }
                == "strings/de.json: strings.intro.begin: placeholders must be none as in English; found {key}")
        #expect(try problem { $0["intro.begin"] = " " } == "strings/de.json: strings.intro.begin: must not be empty")
        #expect(
            try problem({ _ in }, file: "strings/fr.json")
                == "strings/fr.json: language: is \"de\" but the file is named fr.json")
        #expect(throws: StringTableError.self) {
            try StringTables.load(data: Data("{\"language\": \"de\"}".utf8), file: "x.json")
        }
    }

    @Test func missingDirectoryGivesEnglishOnly() throws {
        let tables = try StringTables.load(directory: URL(fileURLWithPath: "/nonexistent/strings"))
        #expect(tables.languages == ["en"])
    }

    @Test func placeholdersAreFilledIn() throws {
        let de = try Self.tables().table(for: "de")
        #expect(
            de.text("item.position", ["item": "3", "items": "9", "number": "1", "count": "2"])
                == "Frage 3 von 9 · Fragebogen 1 von 2")
    }

    // MARK: Choosing the language

    @Test func languageChoice() throws {
        let tables = try Self.tables()
        func pick(_ option: String? = nil, _ env: [String: String] = [:]) throws -> String {
            try LanguageChoice.resolve(option: option, environment: env, tables: tables)
        }
        #expect(try pick() == "en")
        #expect(try pick("de") == "de")
        #expect(try pick("de_DE") == "de")
        #expect(try pick("ES") == "es")
        #expect(throws: LanguageChoice.Unavailable(requested: "fr", available: ["en", "de", "es"])) { try pick("fr") }
        #expect(throws: LanguageChoice.Unavailable.self) { try pick("") }
        #expect(try pick(nil, ["LANG": "de_DE.UTF-8"]) == "de")
        #expect(try pick(nil, ["LANG": "de_AT.UTF-8@euro"]) == "de")
        #expect(try pick(nil, ["LANG": "de_DE.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"]) == "es")
        #expect(try pick(nil, ["LANG": "de_DE.UTF-8", "LC_ALL": "C.UTF-8"]) == "en")
        #expect(try pick(nil, ["LANG": "fr_FR.UTF-8"]) == "en")  // no table: English, no error
        #expect(try pick(nil, ["LANG": "POSIX"]) == "en")
        #expect(try pick("en", ["LANG": "de_DE.UTF-8"]) == "en")  // --lang wins
    }

    // MARK: The kiosk

    static func kiosk() throws -> AppState {
        var settings = AppSettings()
        settings.strings = try tables()
        return AppState.start(.kiosk, settings: settings, now: Fixture.now)
    }

    @Test func theLanguageKeyCyclesThroughTablesAndKeepsTheCode() throws {
        var d = Driver(try Self.kiosk())
        d.send(.characterTyped("1"), .characterTyped("2"))
        #expect(d.state.language == "en")
        d.send(.characterTyped("l"))
        #expect(d.state.language == "de")
        #expect(d.state.phase == .welcome(TextEntry(text: "12")))
        d.send(.characterTyped("L"), .characterTyped("l"))
        #expect(d.state.language == "en")
        d.send(.characterTyped("l"), .confirmRequested)
        #expect(d.state.phase == .welcome(TextEntry(text: "12", notice: "Der Code hat 6 Ziffern.")))
        // English only: the key changes nothing.
        var english = Driver(AppState.start(.kiosk, now: Fixture.now))
        english.send(.characterTyped("l"))
        #expect(english.state.language == "en")
    }

    @Test func aWrongCodeKeepsTheLanguageAndSaysSoInIt() throws {
        var d = Driver(try Self.kiosk())
        d.send(.characterTyped("l"))
        for c in "123456" { d.send(.characterTyped(c)) }
        d.send(.confirmRequested, .codeChecked(.unknown))
        #expect(d.state.language == "de")
        #expect(
            d.state.phase
                == .welcome(
                    TextEntry(
                        notice: "Dieser Code wurde nicht erkannt. Bitte prüfen Sie ihn und versuchen Sie es erneut.")))
    }

    /// Answers the whole battery opened in the kiosk in `language`; returns the submissions.
    static func answerBattery(language: String?, answers: [String: [Int]]) throws -> (AppState, [Submission]) {
        var state = try kiosk()
        if let language { state.language = language }
        state.phase = .opening
        var d = Driver(state)
        d.send(.batteryOpened(try Fixture.questionnaire(Array(answers.keys).sorted(), source: .kiosk)))
        var submissions: [Submission] = []
        while let q = d.q {
            switch q.step {
            case .intro, .review:
                d.effects = []
                d.send(.confirmRequested)
                for case .submit(let s) in d.effects {
                    submissions.append(s)
                    d.send(
                        .submissionSaved(
                            instrument: s.instrument.id,
                            score: SubmittedScore(title: "", scaleLabel: "", score: nil, band: nil), risk: false))
                }
            case .item(let i):
                d.send(.answerChosen(answers[q.instrument.id]?[i] ?? 0))
            }
        }
        return (d.state, submissions)
    }

    @Test func theRecordGetsTheLanguageShownAndTheSameAnswers() throws {
        let answers = [
            "gad-7": [3, 2, 1, 0, 1, 2, 3], "phq-9": [0, 1, 2, 3, 0, 1, 2, 3, 1],
            "wai-sr": Array(repeating: 4, count: 12),
        ]
        let (_, english) = try Self.answerBattery(language: nil, answers: answers)
        let (end, german) = try Self.answerBattery(language: "de", answers: answers)
        #expect(english.map(\.instrument.id) == ["gad-7", "phq-9", "wai-sr"])
        #expect(english.map(\.language) == [nil, nil, nil])
        // wai-sr has no German translation: it was shown, and is recorded, in English.
        #expect(german.map(\.language) == ["de", "de", nil])
        // Scores never depend on the language: the same answers, the same instrument, the same score.
        for (e, g) in zip(english, german) {
            #expect(e.answers == g.answers)
            #expect(e.instrument == g.instrument)
            #expect(try e.instrument.score(e.answers) == g.instrument.score(g.answers))
        }
        // The thank-you screen follows, then the next person starts in the kiosk's language.
        var d = Driver(end)
        #expect(d.state.language == "de")
        d.send(.confirmRequested)
        #expect(d.state.phase == .welcome(TextEntry()))
        #expect(d.state.language == "en")
    }

    @Test func theStoreRecordsTheLanguage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let clock = FixedClock(Fixtures.referenceDate)
        let store = DataStore(root: dir.appending("data"), clock: clock, durable: false)
        try store.initialize()
        let c1 = try ClientID("C1")
        try store.addClient(c1)
        let effects = StoreEffects(store: store, catalog: try Fixtures.catalog(), passphrase: nil)
        let phq = try Fixtures.instrument("phq-9")
        let date = SessionDate(date: clock.now())
        let answers: [Int?] = [1, 1, 2, 2, 3, 3, 0, 0, 1]
        _ = effects.perform(
            .submit(
                Submission(
                    clientId: c1, session: 1, sessionDate: date, rater: .client, instrument: phq, answers: answers,
                    source: .kiosk, language: "de")))
        _ = effects.perform(
            .submit(
                Submission(
                    clientId: c1, session: 1, sessionDate: date, rater: .client, instrument: phq, answers: answers,
                    source: .kiosk, replace: true)))
        let records = try store.records(c1).records
        #expect(records.count == 2)
        #expect(Set(records.map(\.language)) == [nil, "de"])
        #expect(records[0].result == records[1].result)
    }

    @Test func idleWelcomeWithAPickedLanguageGoesBack() throws {
        var d = Driver(try Self.kiosk())
        d.send(.characterTyped("l"))
        d.now = Fixture.now.addingTimeInterval(301)
        d.send(.tick)
        #expect(d.state.language == "en")
        #expect(d.effects == [.clearScreen])
    }

    @Test func questionnaireNoticesAreInTheClientsLanguage() throws {
        var state = try Self.kiosk()
        state.language = "de"
        state.phase = .opening
        var d = Driver(state)
        d.send(
            .batteryOpened(try Fixture.questionnaire(["phq-9"], source: .kiosk)), .confirmRequested, .answerChosen(7))
        #expect(d.q?.notice == "Wählen Sie 0–3.")
        #expect(d.q?.shown.items[0].text == "Wenig Interesse oder Freude an Ihren Tätigkeiten")
        #expect(d.q?.instrument == (try Fixtures.instrument("phq-9")))
    }
}
