import Foundation
import Instruments
import TestSupport
import Testing

/// Translations of instrument texts: shipped texts exactly as the reference files, loader checks
/// naming file and field, English where no verified text exists, and scores that never change.
@Suite("Instrument translations")
struct TranslationTests {
    /// A reference file of Tests/InstrumentsTests/Reference: the stem, the answer labels (from the
    /// "SCALE:" header line) and the numbered items.
    struct Reference {
        var stem: String?
        var labels: [Int: String] = [:]
        var items: [Int: String] = [:]

        init(_ file: String) throws {
            let url = Fixtures.referenceDirectory.appendingPathComponent(file)
            for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
                if line.hasPrefix("# STEM: ") {
                    stem = String(line.dropFirst("# STEM: ".count))
                } else if line.hasPrefix("# SCALE: ") {
                    // "0 = Überhaupt nicht; 1 = …; 3 = Beinahe jeden Tag. Sum of items …"
                    let scale = line.dropFirst("# SCALE: ".count).components(separatedBy: ". ")[0]
                    for part in scale.components(separatedBy: "; ") {
                        let pair = part.components(separatedBy: " = ")
                        if pair.count == 2, let value = Int(pair[0]) { labels[value] = pair[1] }
                    }
                } else if !line.hasPrefix("#") {
                    let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
                    if parts.count >= 2, let n = Int(parts[0]) { items[n] = String(parts[1]) }
                }
            }
        }
    }

    @Test(arguments: [
        ("phq-9", "de", "phq-9.de.txt"), ("gad-7", "de", "gad-7.de.txt"), ("phq-9", "es", "phq-9.es.txt"),
    ])
    func shippedTextsMatchTheReferenceExactly(id: String, language: String, file: String) throws {
        let reference = try Reference(file)
        let instrument = try Fixtures.instrument(id)
        let t = try #require(instrument.translation(for: language), "\(id) has no \(language) translation")
        #expect(reference.items.count == instrument.items.count)
        #expect(t.items.count == instrument.items.count)
        for item in t.items {
            #expect(item.text == reference.items[item.number], "\(id) \(language) item \(item.number)")
        }
        #expect(reference.stem != nil)
        #expect(t.stem == reference.stem)
        // The instructions are the verified stem: no unverified sentence is added.
        #expect(t.instructions == reference.stem)
        let labels = try #require(t.responseScale)
        #expect(labels.map(\.value) == instrument.responseScale.map(\.value))
        for option in labels {
            #expect(option.label == reference.labels[option.value], "\(id) \(language) answer \(option.value)")
        }
        #expect(!t.source.isEmpty && !t.licence.isEmpty && !t.verification.isEmpty)
        // Every part of the shipped translations is verified: nothing falls back to English.
        let shown = instrument.presented(in: language)
        #expect(shown.language == language)
        #expect(shown.englishItems.isEmpty && shown.englishParts.isEmpty)
        #expect(shown.fallbackNote == nil)
    }

    @Test func shippedLanguages() throws {
        #expect(try Fixtures.instrument("phq-9").languages == ["en", "de", "es"])
        #expect(try Fixtures.instrument("gad-7").languages == ["en", "de"])
        #expect(try Fixtures.instrument("wai-sr").languages == ["en"])
        // The licence line of the German forms keeps the UKE attribution.
        #expect(try Fixtures.instrument("phq-9").translation(for: "de")?.licence.contains("Bernd Löwe") == true)
    }

    @Test func presentationReplacesTextsOnly() throws {
        let phq = try Fixtures.instrument("phq-9")
        let de = phq.presented(in: "de-AT").instrument
        #expect(de.items[8].text == "Gedanken, dass Sie lieber tot wären oder sich Leid zufügen möchten")
        #expect(de.responseScale[0].label == "Überhaupt nicht")
        #expect(de.title == "PHQ-9")  // no verified German title: the short title, not the English one
        // Everything scoring reads is unchanged.
        #expect(de.items.map(\.number) == phq.items.map(\.number))
        #expect(de.items.map(\.reverse) == phq.items.map(\.reverse))
        #expect(de.responseScale.map(\.value) == phq.responseScale.map(\.value))
        #expect(de.scales == phq.scales && de.riskItems == phq.riskItems && de.bands == phq.bands)
        #expect(de.id == phq.id && de.version == phq.version)
        // English and unknown languages: the instrument itself.
        #expect(phq.presented(in: nil).instrument == phq)
        #expect(phq.presented(in: "en").language == nil)
        #expect(phq.presented(in: "fr").instrument == phq)
    }

    @Test(arguments: ["phq-9", "gad-7"])
    func scoresNeverDependOnTheLanguage(id: String) throws {
        let instrument = try Fixtures.instrument(id)
        // Every item at every value, with and without one missing item.
        for value in instrument.minValue...instrument.maxValue {
            for missing in [nil] + instrument.items.indices.map(Optional.some) {
                let answers: [Int?] = instrument.items.indices.map { i in
                    i == missing ? nil : (value + i) % (instrument.maxValue + 1)
                }
                let english = try instrument.score(answers)
                for language in instrument.languages {
                    #expect(try instrument.presented(in: language).instrument.score(answers) == english)
                }
            }
        }
    }

    // MARK: Partial translations

    static func withTranslation(_ edit: (inout [String: Any]) -> Void) throws -> Data {
        let data = try Data(contentsOf: Fixtures.instrumentsDirectory.appendingPathComponent("gad-7.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var translations = try #require(json["translations"] as? [[String: Any]])
        var t = translations[0]
        edit(&t)
        translations[0] = t
        json["translations"] = translations
        return try JSONSerialization.data(withJSONObject: json)
    }

    @Test func anItemWithoutAVerifiedTextShowsInEnglishWithANote() throws {
        let data = try Self.withTranslation { t in
            var items = t["items"] as? [[String: Any]] ?? []
            items[3]["text"] = NSNull()
            t["items"] = items
            t["responseScale"] = nil
        }
        let gad = try InstrumentLoader.load(data: data, file: "gad-7.json")
        let shown = gad.presented(in: "de")
        #expect(shown.language == "de")
        #expect(shown.englishItems == [4])
        #expect(shown.englishParts == ["answer labels"])
        #expect(shown.instrument.items[3].text == "Trouble relaxing")
        #expect(shown.instrument.items[0].text == "Nervosität, Ängstlichkeit oder Anspannung")
        #expect(shown.instrument.responseScale[0].label == "Not at all")
        #expect(shown.fallbackNote == "gad-7 (de): answer labels, item 4 shown in English (no verified translation)")
        // Written back, the missing text stays an explicit null.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let encoded = String(decoding: try encoder.encode(gad), as: UTF8.self)
        #expect(encoded.contains(#"{"number":4,"text":null}"#))
    }

    @Test func loaderChecksTranslationsNamingFileAndField() throws {
        func error(_ edit: @escaping (inout [String: Any]) -> Void) throws -> String {
            let data = try Self.withTranslation(edit)
            do {
                _ = try InstrumentLoader.load(data: data, file: "clinic/gad-7.json")
                return "loaded"
            } catch {
                return error.description
            }
        }
        #expect(
            try error { t in t["items"] = Array((t["items"] as? [[String: Any]] ?? []).prefix(6)) }
                == "clinic/gad-7.json: translations[0].items: has 6 items, the instrument 7 (an item without a verified text is listed with \"text\": null)"
        )
        #expect(
            try error { t in
                t["responseScale"] = [
                    ["value": 1, "label": "a"], ["value": 2, "label": "b"], ["value": 3, "label": "c"],
                    ["value": 4, "label": "d"],
                ]
            }
                == "clinic/gad-7.json: translations[0].responseScale: values must be the instrument's (0, 1, 2, 3); found 1, 2, 3, 4"
        )
        #expect(
            try error { t in
                var items = t["items"] as? [[String: Any]] ?? []
                items[2]["number"] = 9
                t["items"] = items
            } == "clinic/gad-7.json: translations[0].items[2].number: must be 3, as in the instrument (found 9)")
        #expect(
            try error { t in
                var items = t["items"] as? [[String: Any]] ?? []
                items[1]["text"] = "  "
                t["items"] = items
            }
                == "clinic/gad-7.json: translations[0].items[1].text: must not be empty (null when no verified text exists)"
        )
        #expect(
            try error { t in t["language"] = "German" }
                == "clinic/gad-7.json: translations[0].language: must be a language code such as \"de\" or \"pt-BR\" (found \"German\")"
        )
        #expect(
            try error { t in t["language"] = "en" }
                == "clinic/gad-7.json: translations[0].language: English is the instrument's own text, not a translation"
        )
        #expect(try error { t in t["licence"] = "" } == "clinic/gad-7.json: translations[0].licence: must not be empty")
        #expect(try error { t in t["source"] = nil } == "clinic/gad-7.json: translations[0].source: missing")
        #expect(
            try error { t in t["stem"] = "Wie oft {patient}?" }
                == "clinic/gad-7.json: translations[0].stem: unknown placeholder {patient} (use {therapist} or {client})"
        )
        // The same language twice.
        let data = try Data(contentsOf: Fixtures.instrumentsDirectory.appendingPathComponent("gad-7.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let list = try #require(json["translations"] as? [[String: Any]])
        json["translations"] = list + list
        #expect(
            throws: InstrumentError.invalid(
                file: "x.json", field: "translations[1].language", reason: "language de is translated twice")
        ) {
            try InstrumentLoader.load(data: try JSONSerialization.data(withJSONObject: json), file: "x.json")
        }
    }
}
