import Foundation
import Instruments
import Numbers
import TestSupport
import Testing

@testable import Formats

/// `rapport score` output built in the library: the JSON document and the readable text.
@Suite struct ScoreOutputTests {
    static func score(_ id: String, _ answers: String) throws -> (ScoreResult, Instrument) {
        let instrument = try Fixtures.catalog().instrument(id)
        return (try instrument.score(try instrument.parseAnswers(answers)), instrument)
    }

    @Test func jsonLineKeepsTheKeyAndScaleOrder() throws {
        let (r, _) = try Self.score("wai-sr", "4,5,3,,5,,3,4,5,2,3,4")
        #expect(
            try ScoreDocument(r).jsonLine()
                == "{\"instrument\":\"wai-sr\",\"version\":\"1.0.0\",\"scores\":{\"goal\":null,\"task\":3.75,\"bond\":4,\"total\":3.8},\"band\":null,\"missing\":[4,6],\"prorated\":true,\"valid\":false,\"risk\":[],\"riskUnanswered\":[]}\n"
        )
    }

    @Test func encodableGivesTheSameDocumentAsTheLine() throws {
        let (r, _) = try Self.score("phq-9", "0,1,2,3,0,1,2,3,")
        let document = ScoreDocument(r)
        let encoded = try JSONEncoder().encode(document)
        let fromEncoder = try #require(try JSONSerialization.jsonObject(with: encoded) as? NSDictionary)
        let fromLine = try #require(
            try JSONSerialization.jsonObject(with: Data(try document.jsonLine().utf8)) as? NSDictionary)
        #expect(fromEncoder == fromLine)
        #expect(fromLine["riskUnanswered"] as? [Int] == [9])
        let scores = try #require(fromLine["scores"] as? [String: Any])
        #expect(scores.keys.sorted() == r.scales.map(\.id).sorted())
    }

    @Test func stringsAreEscapedByTheEncoder() throws {
        let (r, _) = try Self.score("phq-9", "0,0,0,0,0,0,0,0,0")
        var document = ScoreDocument(r)
        document.instrument = "a \"quoted\"\nid"
        document.band = "low/none"
        let line = try document.jsonLine()
        #expect(line.hasSuffix("}\n") && line.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["instrument"] as? String == "a \"quoted\"\nid")
        #expect(object["band"] as? String == "low/none")
    }

    @Test func textNamesRiskAndMissingItems() throws {
        let (answered, phq) = try Self.score("phq-9", "0,1,2,3,0,1,2,3,1")
        let text = ScoreText.render(answered, instrument: phq)
        #expect(text.contains("RISK: item 9 answered above 0 — follow up today"))
        #expect(!text.contains("not answered"))
        let (skipped, _) = try Self.score("phq-9", "0,1,2,3,0,1,2,3,")
        let skippedText = ScoreText.render(skipped, instrument: phq)
        #expect(skippedText.contains("  missing items: 9\n"))
        #expect(skippedText.contains("RISK: item 9 not answered — ask in person"))
    }

    @Test func readableNumbers() {
        #expect(NumberText.readable(nil) == "—")
        #expect(NumberText.readable(3.456) == "3.46")
        #expect(NumberText.readable(4) == "4")
        #expect(NumberText.readable(0.10) == "0.1")
    }
}
