import Foundation
import Instruments
import TestSupport
import Testing

/// Hand-computed golden values for every shipped instrument (see the comments for the arithmetic).
@Suite("Scoring golden values")
struct ScoringGoldenTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var instrument: String
        var answers: [Int?]
        var scores: [String: Double?]
        var band: String?
        var valid: Bool
        var prorated: Bool
        var missing: [Int]
        var risk: [Int]
        var note: String
        var testDescription: String { "\(instrument): \(note)" }
    }

    static let cases: [Case] = [
        // WAI-SR: goal 4,6,8,11 = 2+4+4+3 = 13/4; task 1,2,10,12 = 4+5+2+4 = 15/4; bond 3,5,7,9 = 3+5+3+5 = 16/4; total (13+15+16)/12 = 44/12.
        Case(
            instrument: "wai-sr", answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4],
            scores: ["goal": 3.25, "task": 3.75, "bond": 4, "total": 44.0 / 12], band: nil, valid: true,
            prorated: false,
            missing: [], risk: [], note: "complete"),
        // Item 4 (answer 2) missing: goal (4+4+3)/3 = 11/3; total 42/11.
        Case(
            instrument: "wai-sr", answers: [4, 5, 3, nil, 5, 4, 3, 4, 5, 2, 3, 4],
            scores: ["goal": 11.0 / 3, "task": 3.75, "bond": 4, "total": 42.0 / 11], band: nil, valid: true,
            prorated: true, missing: [4], risk: [], note: "one goal item missing, prorated"),
        // Items 4 and 6 (2 and 4) missing: goal has 2 of 4 missing (> 1 allowed) → invalid; total 38/10.
        Case(
            instrument: "wai-sr", answers: [4, 5, 3, nil, 5, nil, 3, 4, 5, 2, 3, 4],
            scores: ["goal": nil, "task": 3.75, "bond": 4, "total": 3.8], band: nil, valid: false, prorated: true,
            missing: [4, 6], risk: [], note: "two goal items missing: goal invalid"),
        // Same keys for the therapist form.
        Case(
            instrument: "wai-sr-therapist", answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4],
            scores: ["goal": 3.25, "task": 3.75, "bond": 4, "total": 44.0 / 12], band: nil, valid: true,
            prorated: false,
            missing: [], risk: [], note: "same keys as client form"),
        // ECR-RS: items 1–4 reversed (8 − x): 1,2,3,4; avoidance (1+2+3+4+3+2)/6 = 2.5; anxiety (1+2+3)/3 = 2.
        Case(
            instrument: "ecr-rs", answers: [7, 6, 5, 4, 3, 2, 1, 2, 3],
            scores: ["avoidance": 2.5, "anxiety": 2], band: nil, valid: true, prorated: false, missing: [], risk: [],
            note: "reverse-keyed avoidance items"),
        // ECR-RS anxiety allows no missing item.
        Case(
            instrument: "ecr-rs", answers: [7, 6, 5, 4, 3, 2, 1, nil, 3],
            scores: ["avoidance": 2.5, "anxiety": nil], band: nil, valid: false, prorated: false, missing: [8],
            risk: [],
            note: "anxiety item missing: invalid"),
        Case(
            instrument: "ecr-rs-therapist", answers: [1, 1, 1, 1, 7, 7, 7, 7, 7],
            scores: ["avoidance": 7, "anxiety": 7], band: nil, valid: true, prorated: false, missing: [], risk: [],
            note: "maximum avoidance and anxiety"),
        // ECR-S: anxiety 2,4,6,8R,10,12 = 5,6,4,(8−3)=5,5,6 = 31/6; avoidance 1R,3,5R,7,9R,11 = 6,3,7,2,1,1 = 20/6.
        Case(
            instrument: "ecr-s", answers: [2, 5, 3, 6, 1, 4, 2, 3, 7, 5, 1, 6],
            scores: ["anxiety": 31.0 / 6, "avoidance": 20.0 / 6], band: nil, valid: true, prorated: false, missing: [],
            risk: [], note: "reverse items 1, 5, 8, 9"),
        // SI: (7+6+5)/3 = 6 with item 3 missing.
        Case(
            instrument: "si-therapist", answers: [7, 6, nil, 5],
            scores: ["identification": 6], band: nil, valid: true, prorated: true, missing: [3], risk: [],
            note: "one item missing, prorated mean"),
        // PHQ-9: 0+1+2+3+0+1+2+3+1 = 13 → moderate; item 9 = 1 > 0 → risk.
        Case(
            instrument: "phq-9", answers: [0, 1, 2, 3, 0, 1, 2, 3, 1],
            scores: ["total": 13], band: "moderate", valid: true, prorated: false, missing: [], risk: [9],
            note: "sum, band and risk item"),
        // One missing: 8 × 9/8 = 9 → mild.
        Case(
            instrument: "phq-9", answers: [1, 1, 1, 1, 1, 1, 1, 1, nil],
            scores: ["total": 9], band: "mild", valid: true, prorated: true, missing: [9], risk: [],
            note: "one missing, prorated"),
        // Proration rounds: 23 × 9/8 = 25.875 → 26.
        Case(
            instrument: "phq-9", answers: [3, 3, 3, 3, 3, 3, 3, nil, 2],
            scores: ["total": 26], band: "severe", valid: true, prorated: true, missing: [8], risk: [9],
            note: "prorated sum rounds to nearest"),
        Case(
            instrument: "phq-9", answers: [1, 1, 1, 1, 1, 1, 1, nil, nil],
            scores: ["total": nil], band: nil, valid: false, prorated: false, missing: [8, 9], risk: [],
            note: "two missing: invalid, no band"),
        // GAD-7: 21 → severe.
        Case(
            instrument: "gad-7", answers: [3, 3, 3, 3, 3, 3, 3],
            scores: ["total": 21], band: "severe", valid: true, prorated: false, missing: [], risk: [], note: "maximum"),
        // 2+2+1+1+2+1 = 9 over 6 → 9 × 7/6 = 10.5 → 11 (rounded half away from zero) → moderate.
        Case(
            instrument: "gad-7", answers: [2, 2, nil, 1, 1, 2, 1],
            scores: ["total": 11], band: "moderate", valid: true, prorated: true, missing: [3], risk: [],
            note: "prorated half rounds up"),
        // CORE-10: items 2,3 reversed: 4−3 = 1, 4−4 = 0; sum 1+1+0+0+2+0+1+2+3+1 = 11; 10 × 11/10 = 11 → mild.
        Case(
            instrument: "core-10", answers: [1, 3, 4, 0, 2, 0, 1, 2, 3, 1],
            scores: ["clinical": 11], band: "mild", valid: true, prorated: false, missing: [], risk: [],
            note: "reverse items 2 and 3"),
        // Item 6 = 2 → risk; sum 13 → 13 (mild).
        Case(
            instrument: "core-10", answers: [1, 3, 4, 0, 2, 2, 1, 2, 3, 1],
            scores: ["clinical": 13], band: "mild", valid: true, prorated: false, missing: [], risk: [6],
            note: "risk item 6"),
        // Item 10 missing: sum 10 over 9 answered → 100/9 = 11.11 → mild.
        Case(
            instrument: "core-10", answers: [1, 3, 4, 0, 2, 0, 1, 2, 3, nil],
            scores: ["clinical": 100.0 / 9], band: "mild", valid: true, prorated: true, missing: [10], risk: [],
            note: "one missing: 10 × sum / answered"),
        Case(
            instrument: "core-10", answers: [1, 3, 4, 0, 2, 0, 1, 2, nil, nil],
            scores: ["clinical": nil], band: nil, valid: false, prorated: false, missing: [9, 10], risk: [],
            note: "two missing: invalid"),
        // All "Not at all" except reversed items at their healthy end → 0.
        Case(
            instrument: "core-10", answers: [0, 4, 4, 0, 0, 0, 0, 0, 0, 0],
            scores: ["clinical": 0], band: "healthy", valid: true, prorated: false, missing: [], risk: [],
            note: "minimum"),
    ]

    @Test(arguments: cases)
    func golden(_ c: Case) throws {
        let instrument = try Fixtures.instrument(c.instrument)
        let result = try instrument.score(c.answers)
        for (scale, expected) in c.scores {
            let got = result.score(scale)
            if let expected {
                let value = try #require(got, "\(scale) should have a score")
                #expect(abs(value - expected) < 1e-12, "\(scale): \(value) ≠ \(expected)")
            } else {
                #expect(got == nil, "\(scale) should be invalid")
            }
        }
        #expect(result.band == c.band)
        #expect(result.valid == c.valid)
        #expect(result.prorated == c.prorated)
        #expect(result.missing == c.missing)
        #expect(result.risk == c.risk)
    }

    /// PHQ-9 band edges: 4|5, 9|10, 14|15, 19|20 and the extremes.
    @Test(arguments: [
        (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"),
        (15, "moderately severe"), (19, "moderately severe"), (20, "severe"), (27, "severe"),
    ])
    func phq9BandEdges(total: Int, band: String) throws {
        let phq = try Fixtures.instrument("phq-9")
        var answers = [Int?](repeating: 0, count: 9)
        var rest = total
        for i in 0..<9 where rest > 0 {
            let v = min(3, rest)
            answers[i] = v
            rest -= v
        }
        let result = try phq.score(answers)
        #expect(result.score("total") == Double(total))
        #expect(result.band == band)
    }

    /// GAD-7 band edges.
    @Test(arguments: [
        (0, "minimal"), (4, "minimal"), (5, "mild"), (9, "mild"), (10, "moderate"), (14, "moderate"), (15, "severe"),
        (21, "severe"),
    ])
    func gad7BandEdges(total: Int, band: String) throws {
        let gad = try Fixtures.instrument("gad-7")
        var answers = [Int?](repeating: 0, count: 7)
        var rest = total
        for i in 0..<7 where rest > 0 {
            let v = min(3, rest)
            answers[i] = v
            rest -= v
        }
        #expect(try gad.score(answers).band == band)
    }

    @Test func missingIsNeverZero() throws {
        // An all-missing form must not score 0.
        let phq = try Fixtures.instrument("phq-9")
        let result = try phq.score([Int?](repeating: nil, count: 9))
        #expect(result.score("total") == nil)
        #expect(!result.valid)
        #expect(result.missing == Array(1...9))
    }

    @Test func answersAreValidated() throws {
        let wai = try Fixtures.instrument("wai-sr")
        #expect(throws: AnswerError.wrongCount(instrument: "wai-sr", expected: 12, got: 11)) {
            try wai.score([Int?](repeating: 3, count: 11))
        }
        #expect(throws: AnswerError.outOfRange(instrument: "wai-sr", item: 2, value: 6, allowed: 1...5)) {
            try wai.score([3, 6, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3])
        }
        #expect(throws: AnswerError.outOfRange(instrument: "wai-sr", item: 1, value: 0, allowed: 1...5)) {
            try wai.score([0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3])
        }
    }

    @Test func parsesAnswerText() throws {
        let wai = try Fixtures.instrument("wai-sr")
        #expect(try wai.parseAnswers("4,5,,3,4,4,4,4,4,4,4, 4") == [4, 5, nil, 3, 4, 4, 4, 4, 4, 4, 4, 4])
        #expect(throws: AnswerError.notANumber(instrument: "wai-sr", item: 3, text: "x")) {
            try wai.parseAnswers("4,5,x,3,4,4,4,4,4,4,4,4")
        }
        #expect(throws: AnswerError.wrongCount(instrument: "wai-sr", expected: 12, got: 13)) {
            try wai.parseAnswers("4,5,3,3,4,4,4,4,4,4,4,4,4")
        }
        #expect(throws: AnswerError.notANumber(instrument: "wai-sr", item: 1, text: "2.5")) {
            try wai.parseAnswers("2.5,5,3,3,4,4,4,4,4,4,4,4")
        }
    }
}
