import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// `SummaryEncoder` writes summaries and caseload index lines byte for byte as JSONEncoder
/// (`StoreCoding.encoder()`) does, and declines what it does not write that way.
@Suite("Summary encoder")
struct SummaryEncoderTests {
    func jsonEncoder(_ value: some Encodable) throws -> Data { try StoreCoding.encoder().encode(value) }

    @Test func demoSummariesAndIndexLinesAreJSONEncodersBytes() throws {
        let demo = try DemoCaseload.make(clients: 12, sessions: 14)
        defer { demo.remove() }
        let (summaries, problems) = try demo.store.summaries()
        #expect(problems.isEmpty)
        #expect(summaries.count == 12)
        let stats = CaseloadStats(summaries: summaries)
        var risks = 0
        for summary in summaries {
            risks += summary.risk.count
            var plain = summary
            plain.notes = []
            #expect(SummaryEncoder.encode(plain) == (try jsonEncoder(plain)))
            // As an earlier rapport wrote it: no derivation.
            var older = plain
            older.derivation = nil
            #expect(SummaryEncoder.encode(older) == (try jsonEncoder(older)))
            // What a save writes: StoreCoding's bytes of the summary (newline included).
            #expect(try StoreCoding.encode(plain, path: "s") == (try jsonEncoder(plain)) + Data([0x0A]))
            let line = CaseloadIndexLine(
                gen: 41, summary: CaseloadIndex.indexed(summary), stats: stats, clients: summaries.count)
            #expect(CaseloadIndexLineEncoder.encode(line) == (try jsonEncoder(line)) + Data([0x0A]))
            // A save encodes the summary once for both: the file's bytes, and the index line's
            // (generation 0) spliced in, whatever the generation's digits.
            for generation in [0, 7, 12_345, summary.generation] {
                plain.generation = generation
                let encoded = try #require(EncodedSummary(plain))
                #expect(encoded.file == (try jsonEncoder(plain)) + Data([0x0A]))
                let indexed = CaseloadIndexLine(
                    gen: 41, summary: CaseloadIndex.indexed(plain), stats: stats, clients: 3)
                #expect(
                    CaseloadIndexLineEncoder.encode(indexed, summaryJSON: encoded.indexed)
                        == (try jsonEncoder(indexed)) + Data([0x0A]), "generation \(generation)")
            }
        }
        #expect(risks > 0)
        // A summary with notes is not encoded so (they go to JSONEncoder, and the index drops them).
        var noted = summaries[0]
        noted.notes = [EventNote(session: 1, text: "rupture repaired", createdAt: Date(timeIntervalSince1970: 0))]
        #expect(EncodedSummary(noted) == nil)
        let last = CaseloadIndexLine(gen: 7, stats: stats, clients: 12)
        #expect(CaseloadIndex.encode(last) == (try jsonEncoder(last)) + Data([0x0A]))
    }

    /// The hand-written encoders list each type's stored properties; a property added to one of
    /// these types (and not written by them) must fail here, not vanish from the files.
    @Test func theEncodersKnowEveryStoredProperty() throws {
        func labels(_ value: Any) -> [String] { Mirror(reflecting: value).children.compactMap(\.label).sorted() }
        let summary = ClientSummary(
            clientId: try ClientID("C1"), recordCount: 0, sessions: [], series: [:], risk: [], notes: [])
        #expect(
            labels(summary)
                == [
                    "clientId", "derivation", "generation", "notes", "recordCount", "risk", "schemaVersion", "series",
                    "sessions",
                ])
        #expect(labels(ScorePoint(session: 1, value: 2)) == ["session", "value"])
        #expect(labels(SessionInfo(session: 1, date: try SessionDate("2026-01-05"))) == ["date", "session"])
        let flag = RiskFlag(session: 1, instrument: "phq-9", item: 9, recordId: "r")
        #expect(
            labels(flag) == ["acknowledged", "corrected", "instrument", "item", "recordId", "session", "unanswered"])
        #expect(labels(CaseloadIndexLine(gen: 1)) == ["clients", "feedback", "gen", "stats", "summary", "v"])
        #expect(labels(CaseloadStats(series: [:])) == ["series"])
        #expect(labels(SeriesStats(n: 1, mean: 2, m2: 0)) == ["m2", "mean", "n"])
    }

    @Test func numbersKeysAndFlagsAreJSONEncodersBytes() throws {
        var mix = SeededGenerator(seed: 13)
        var values: [Double] = [
            0, -0.0, 1, -1, 0.5, 0.1, 1.0 / 3, 1e-7, 2.5e-5, 1e16, 1e22, 123_456_789_012, 4.25, 100,
        ]
        for _ in 0..<400 {
            let x = Double(bitPattern: mix.next())
            if x.isFinite { values.append(x) }
            values.append(Double(mix.next() % 100_000) / 1000)
        }
        let keys = ["phq-9/client/total", "phq-10/client/total", "A/B/c", "_x/y/z", "a-b/c/d", "a/b/c", "Z9/t/1"]
        var series: [String: [ScorePoint]] = [:]
        for (k, key) in keys.enumerated() {
            series[key] = values.enumerated().filter { $0.offset % keys.count == k }.map {
                ScorePoint(session: $0.offset + 1, value: $0.element)
            }
        }
        var risk: [RiskFlag] = []
        for (n, (unanswered, acknowledged)) in [(false, false), (true, false), (false, true), (true, true)].enumerated()
        {
            risk.append(
                RiskFlag(
                    session: n + 1, instrument: "phq-9", item: 9, recordId: "s000\(n + 1)-client-phq-9-r0000\(n + 1)",
                    unanswered: unanswered, acknowledged: acknowledged))
        }
        let sessions = try (1...4).map { SessionInfo(session: $0, date: try SessionDate("2026-11-0\($0)")) }
        let summary = ClientSummary(
            clientId: try ClientID("Ab-9_x"), recordCount: 1234, generation: -3, sessions: sessions, series: series,
            risk: risk, notes: [])
        #expect(SummaryEncoder.encode(summary) == (try jsonEncoder(summary)))
        var stats = CaseloadStats()
        for (k, key) in keys.enumerated() {
            stats.series[key] = SeriesStats(n: k * 1000, mean: values[k * 3], m2: values[k * 3 + 1])
        }
        let line = CaseloadIndexLine(gen: Int.max, summary: summary, stats: stats, clients: 0)
        #expect(CaseloadIndexLineEncoder.encode(line) == (try jsonEncoder(line)) + Data([0x0A]))
        // Feedback is spliced in as JSONEncoder writes it.
        let feedback = CaseloadFeedback(
            discharges: [
                Discharge(date: try SessionDate("2026-11-05"), reason: .completed, recordedAt: Fixtures.referenceDate)
            ])
        let withFeedback = CaseloadIndexLine(gen: 3, summary: CaseloadIndex.indexed(summary), feedback: feedback)
        #expect(withFeedback.feedback != nil)
        #expect(CaseloadIndexLineEncoder.encode(withFeedback) == (try jsonEncoder(withFeedback)) + Data([0x0A]))
        // An empty summary.
        let empty = ClientSummary(
            clientId: try ClientID("E"), recordCount: 0, sessions: [], series: [:], risk: [], notes: [])
        #expect(SummaryEncoder.encode(empty) == (try jsonEncoder(empty)))
    }

    /// Notes, strings JSONEncoder escapes, non-ASCII keys and numbers it refuses go to JSONEncoder.
    @Test func declinesWhatItDoesNotWriteTheEncodersWay() throws {
        let base = ClientSummary(
            clientId: try ClientID("C1"), recordCount: 1, sessions: [],
            series: ["a/b/c": [ScorePoint(session: 1, value: 2)]],
            risk: [], notes: [])
        var noted = base
        noted.notes = [EventNote(session: 1, text: "x", createdAt: Fixtures.referenceDate)]
        #expect(SummaryEncoder.encode(noted) == nil)
        #expect(try StoreCoding.encode(noted, path: "s") == (try jsonEncoder(noted)) + Data([0x0A]))
        for text in ["a\"b", "a\\b", "a\nb", "a\u{1}b"] {
            var odd = base
            odd.risk = [RiskFlag(session: 1, instrument: text, item: 1, recordId: "r")]
            #expect(SummaryEncoder.encode(odd) == nil)
            let line = CaseloadIndexLine(gen: 1, summary: odd)
            #expect(CaseloadIndexLineEncoder.encode(line) == nil)
            #expect(CaseloadIndex.encode(line) == (try jsonEncoder(line)) + Data([0x0A]))
        }
        var wide = base
        wide.series["é/b/c"] = [ScorePoint(session: 1, value: 1)]
        #expect(SummaryEncoder.encode(wide) == nil)
        #expect(CaseloadIndex.encode(CaseloadIndexLine(gen: 1, summary: wide)) != nil)
        var nan = base
        nan.series["a/b/c"] = [ScorePoint(session: 1, value: .nan)]
        #expect(SummaryEncoder.encode(nan) == nil)
        #expect(CaseloadIndex.encode(CaseloadIndexLine(gen: 1, summary: nan)) == nil)
        // Non-ASCII text in a value is written as is, as JSONEncoder does.
        var accented = base
        accented.risk = [RiskFlag(session: 1, instrument: "é-9", item: 1, recordId: "r")]
        #expect(SummaryEncoder.encode(accented) == (try jsonEncoder(accented)))
    }
}
