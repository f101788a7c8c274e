import Formats
import Foundation
import Instruments
import Store
import TestSupport
import Testing

@Suite("REDCap data dictionary and records")
struct REDCapTests {
    @Test func everyShippedInstrumentRoundTrips() throws {
        let catalog = try Fixtures.catalog()
        #expect(catalog.instruments.count >= 9)
        for i in catalog.instruments {
            let csv = try REDCapDictionary.export([i], includeRestrictedText: true)
            let back = try REDCapDictionary.importInstrument(csv, file: "\(i.id).csv")
            // A data dictionary holds one language: translations do not travel through it.
            var english = i
            english.translations = nil
            #expect(back.instrument == english, "\(i.id) changed in the round trip")
            #expect(back.notes.isEmpty, "\(i.id): \(back.notes)")
            // The file rapport writes from it passes the loader's validation.
            let json = try JSONEncoder().encode(back.instrument)
            #expect(try InstrumentLoader.load(data: json, file: "\(i.id).json") == english)
        }
    }

    @Test func dictionaryHasTheEighteenColumnsAndCalculations() throws {
        let core = try Fixtures.instrument("core-10")
        let rows = try CSV.parse(try REDCapDictionary.export([core]))
        #expect(rows[0] == REDCapDictionary.columns)
        #expect(rows[0].count == 18)
        #expect(rows.allSatisfy { $0.count == 18 })
        #expect(rows[1][0] == "record_id")
        #expect(rows[2][0] == "core_10_date" && rows[2][7] == "date_ymd")
        let item1 = try #require(rows.first { $0[0] == "core_10_1" })
        #expect(item1[3] == "radio")
        #expect(
            item1[5] == "0, Not at all | 1, Only occasionally | 2, Sometimes | 3, Often | 4, Most or all of the time")
        #expect(item1[4] == core.items[0].text)
        let calc = try #require(rows.first { $0[0] == "core_10_score_clinical" })
        #expect(calc[3] == "calc")
        // Items 2 and 3 reverse-keyed as 4 − answer; at most 1 of 10 missing; 10 × sum / answered.
        #expect(calc[5].hasPrefix("if((if([core_10_1]=\"\",0,1)+"))
        #expect(
            calc[5].contains(
                "<9,\"\",10*sum([core_10_1],if([core_10_2]=\"\",\"\",4-[core_10_2]),if([core_10_3]=\"\",\"\",4-[core_10_3]),[core_10_4]"
            ))
    }

    @Test func waiTextsAreWithheldByDefault() throws {
        let wai = try Fixtures.instrument("wai-sr")
        let csv = try REDCapDictionary.export([wai])
        for item in wai.items { #expect(!csv.contains(item.text)) }
        #expect(csv.contains("text withheld by its licence"))
        let back = try REDCapDictionary.importInstrument(csv, file: "wai.csv")
        #expect(back.notes.contains { $0.contains("withheld") })
        #expect(back.instrument.scales == wai.scales)
    }

    @Test func foreignDictionaryReportsWhatItCannotExpress() throws {
        let header = REDCapDictionary.columns.map(CSV.field).joined(separator: ",")
        func row(_ f: [String]) -> String {
            (f + Array(repeating: "", count: 18 - f.count)).map(CSV.field).joined(separator: ",")
        }
        let text =
            [
                header,
                row(["study_id", "mood", "", "text", "Study ID"]),
                row(["mood_a", "mood", "How are you?", "radio", "I feel low", "0, No | 1, A bit | 2, A lot"]),
                row([
                    "mood_b", "mood", "", "radio", "I feel tense", "0, No | 1, A bit | 2, A lot", "", "", "", "", "",
                    "[mood_a] > 0",
                ]),
                row(["mood_c", "mood", "", "dropdown", "I feel calm", "0, No | 1, A bit | 2, A lot"]),
                row(["mood_comment", "mood", "", "notes", "Anything else?"]),
                row(["mood_total", "mood", "", "calc", "Total", "sum([mood_a],[mood_b],(2-[mood_c]))"]),
                row(["mood_weird", "mood", "", "calc", "Odd", "datediff([x],'today','d')"]),
            ].joined(separator: "\r\n") + "\r\n"
        let r = try REDCapDictionary.importInstrument(text, file: "mood.csv")
        let i = r.instrument
        #expect(i.id == "mood")
        #expect(i.items.map(\.text) == ["I feel low", "I feel tense", "I feel calm"])
        #expect(i.items.map(\.reverse) == [false, false, true])
        #expect(
            i.responseScale == [
                .init(value: 0, label: "No"), .init(value: 1, label: "A bit"), .init(value: 2, label: "A lot"),
            ])
        #expect(
            i.scales == [
                Scale(id: "total", label: "Total", items: [1, 2, 3], method: .sum, maxMissing: 0, prorate: false)
            ])
        #expect(i.instructions == "How are you?")
        #expect(i.licence.hasPrefix("unknown"))
        let notes = r.notes.joined(separator: "\n")
        #expect(notes.contains("study_id is the record id"))
        #expect(notes.contains("branching logic of mood_b left out"))
        #expect(notes.contains("field mood_comment (notes) left out"))
        #expect(notes.contains("calculated field mood_weird left out"))
        #expect(notes.contains("items numbered in dictionary order"))
        #expect(notes.contains("sum() adds the items answered"))
        #expect(notes.contains("fill them in"))
        #expect(i.scale("total")?.items == [1, 2, 3])
        #expect(try i.score([2, 2, 0]).primaryScore == 6)
    }

    @Test(arguments: [
        ("Variable,Form\nx,y\n", "not a REDCap data dictionary"),
        ("", "empty"),
    ])
    func badFilesAreRefused(text: String, message: String) throws {
        #expect {
            _ = try REDCapDictionary.importInstrument(text, file: "bad.csv")
        } throws: { ($0 as? REDCapError)?.description.contains(message) == true }
    }

    @Test func differingChoicesAndMissingScoresAreRefused() throws {
        let header = REDCapDictionary.columns.map(CSV.field).joined(separator: ",")
        func row(_ f: [String]) -> String {
            (f + Array(repeating: "", count: 18 - f.count)).map(CSV.field).joined(separator: ",")
        }
        let differing = [
            header, row(["record_id", "f", "", "text", "ID"]),
            row(["f_1", "f", "", "radio", "A", "0, No | 1, Yes"]),
            row(["f_2", "f", "", "radio", "B", "1, No | 2, Yes"]),
            row(["f_score_total", "f", "", "calc", "Total", "sum([f_1],[f_2])"]),
        ].joined(separator: "\n")
        #expect {
            _ = try REDCapDictionary.importInstrument(differing, file: "d.csv")
        } throws: { ($0 as? REDCapError)?.description.contains("other answer choices") == true }
        let noScore = [
            header, row(["record_id", "f", "", "text", "ID"]), row(["f_1", "f", "", "radio", "A", "0, No | 1, Yes"]),
        ]
        .joined(separator: "\n")
        #expect {
            _ = try REDCapDictionary.importInstrument(noScore, file: "d.csv")
        } throws: { ($0 as? REDCapError)?.description.contains("no calculated field") == true }
        let wrongReverse = [
            header, row(["record_id", "f", "", "text", "ID"]),
            row(["f_1", "f", "", "radio", "A", "0, No | 1, Yes"]),
            row(["f_2", "f", "", "radio", "B", "0, No | 1, Yes"]),
            row(["f_score_total", "f", "", "calc", "Total", "sum([f_1],(5-[f_2]))"]),
            row(["f_score_ok", "f", "", "calc", "Ok", "mean([f_1],[f_2])"]),
        ].joined(separator: "\n")
        let r = try REDCapDictionary.importInstrument(wrongReverse, file: "d.csv")
        #expect(r.notes.contains { $0.contains("f_score_total left out: reverse keying as 5 − answer") })
        #expect(r.instrument.scales.map(\.id) == ["ok"])
    }

    @Test func severalFormsNeedAChoice() throws {
        let catalog = try Fixtures.catalog()
        let csv = try REDCapDictionary.export([try catalog.instrument("phq-9"), try catalog.instrument("gad-7")])
        #expect {
            _ = try REDCapDictionary.importInstrument(csv, file: "two.csv")
        } throws: { ($0 as? REDCapError)?.description.contains("choose one with --form") == true }
        // Translations do not travel through a data dictionary (one language).
        func english(_ id: String) throws -> Instrument {
            var i = try catalog.instrument(id)
            i.translations = nil
            return i
        }
        #expect(
            try REDCapDictionary.importInstrument(csv, file: "two.csv", form: "gad_7").instrument == english("gad-7"))
        #expect(
            try REDCapDictionary.importInstrument(csv, file: "two.csv", form: "phq_9").instrument == english("phq-9"))
    }

    @Test func recordsCSVUsesRepeatingInstrumentsInDateOrder() throws {
        let catalog = try Fixtures.catalog()
        let phq = try catalog.instrument("phq-9")
        let late = try FHIRExportTests.record(phq, answers: [1, 1, 1, 1, 1, 1, 1, 1, nil], session: 3)
        let early = try FHIRExportTests.record(phq, answers: [0, 0, 0, 0, 0, 0, 0, 0, 0], session: 1)
        let out = REDCapRecords.export(records: [late, early], catalog: catalog)
        let rows = try CSV.parse(out.csv)
        #expect(
            rows[0] == ["record_id", "redcap_repeat_instrument", "redcap_repeat_instance", "phq_9_date"]
                + (1...9).map { "phq_9_\($0)" } + ["phq_9_complete"])
        #expect(rows[1] == ["C1", "phq_9", "1", "2026-11-01", "0", "0", "0", "0", "0", "0", "0", "0", "0", "2"])
        #expect(rows[2] == ["C1", "phq_9", "2", "2026-11-03", "1", "1", "1", "1", "1", "1", "1", "1", "", "2"])
        #expect(out.rows == 2)
        // Every column of the records file is a field of the dictionary of the same instruments (or REDCap's own).
        let dictionary = try CSV.parse(try REDCapDictionary.export(out.instruments)).dropFirst().map { $0[0] }
        for column in rows[0].dropFirst(3) where !column.hasSuffix("_complete") { #expect(dictionary.contains(column)) }
    }

    @Test func csvParserHandlesQuotesAndLineEnds() throws {
        #expect(try CSV.parse("a,\"b,\"\"c\"\"\"\r\n\"x\ny\",z\n") == [["a", "b,\"c\""], ["x\ny", "z"]])
        #expect(try CSV.parse("\u{FEFF}a,b") == [["a", "b"]])
        #expect(throws: CSV.ParseError.unterminatedQuote(line: 1)) { try CSV.parse("\"abc") }
        #expect(throws: CSV.ParseError.textAfterQuote(line: 1)) { try CSV.parse("\"a\"b,c") }
        #expect(try CSV.parse("a,,\n,b") == [["a", "", ""], ["", "b"]])
    }
}
