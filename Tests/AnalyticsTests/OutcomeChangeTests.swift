import Testing

@testable import Analytics

struct OutcomeChangeTests {
    /// PHQ-9: published reliable-change value 6, caseness at 10 or more.
    @Test(arguments: [
        (15.0, 9.0, OutcomeStatus.recovered),  // −6: reliable, 15 → 9 crosses the cutoff
        (15.0, 10.0, .noReliableChange),  // −5: one short of reliable
        (16.0, 10.0, .reliablyImproved),  // −6 but 10 is still at caseness
        (9.0, 3.0, .reliablyImproved),  // −6 but never at caseness
        (8.0, 14.0, .reliablyDeteriorated),  // +6
        (8.0, 13.0, .noReliableChange),  // +5
        (12.0, 12.0, .noReliableChange),
    ])
    func phq9Edges(pre: Double, post: Double, expected: OutcomeStatus) {
        let result = OutcomeChange.classify(pre: pre, post: post, criterion: .publishedValue(6), cutoff: 10)
        #expect(result?.status == expected)
        #expect(result?.change == post - pre)
        #expect(result?.index == nil)
    }

    /// GAD-7: reliable change 4, caseness at 8 or more.
    @Test(arguments: [
        (12.0, 8.0, OutcomeStatus.reliablyImproved), (12.0, 7.0, .recovered), (12.0, 9.0, .noReliableChange),
    ])
    func gad7Edges(pre: Double, post: Double, expected: OutcomeStatus) {
        #expect(
            OutcomeChange.classify(pre: pre, post: post, criterion: .publishedValue(4), cutoff: 8)?.status == expected)
    }

    @Test func indexFollowsJacobsonTruax() {
        // s1 = 5, r = 0.5: SEdiff = 5·√2·√0.5 = 5, so RC = change / 5.
        #expect(close(OutcomeChange.index(pre: 20, post: 10, sd: 5, reliability: 0.5), -2))
        #expect(close(ReliableChangeCriterion.index(sd: 5, reliability: 0.5).thresholdPoints, 9.8))
        #expect(OutcomeChange.index(pre: 1, post: 2, sd: 5, reliability: 1) == nil)
    }

    @Test(arguments: [(9.75, false), (9.85, true), (-9.85, true)])
    func indexEdgeAt196(drop: Double, reliable: Bool) {
        // |RC| = 1.95 is not reliable, 1.97 is.
        let result = OutcomeChange.classify(
            pre: 20, post: 20 - drop, criterion: .index(sd: 5, reliability: 0.5), cutoff: nil)
        #expect(result?.reliable == reliable)
        #expect(close(result?.index, -drop / 5))
        if reliable {
            #expect(result?.status == (drop > 0 ? .reliablyImproved : .reliablyDeteriorated))
        } else {
            #expect(result?.status == .noReliableChange)
        }
    }

    @Test func higherIsBetterFlipsDirectionAndCaseness() {
        // A wellbeing scale: clinical at or below 25.
        let up = OutcomeChange.classify(
            pre: 20, post: 30, criterion: .publishedValue(5), cutoff: 25, higherIsBetter: true)
        #expect(up?.status == .recovered && up?.preClinical == true && up?.postClinical == false)
        let down = OutcomeChange.classify(
            pre: 30, post: 20, criterion: .publishedValue(5), cutoff: 25, higherIsBetter: true)
        #expect(down?.status == .reliablyDeteriorated)
    }

    @Test func seriesUsesFirstAndLastObserved() {
        let result = OutcomeChange.classify(
            series: series([nil, 18, 12, nil, 7, nil]), criterion: .publishedValue(6), cutoff: 10)
        #expect(result?.pre == 18 && result?.post == 7 && result?.status == .recovered)
        #expect(OutcomeChange.classify(series: series([18, nil]), criterion: .publishedValue(6), cutoff: 10) == nil)
    }

    @Test func unusableCriteriaGiveNil() {
        #expect(OutcomeChange.classify(pre: 1, post: 9, criterion: .publishedValue(0), cutoff: nil) == nil)
        #expect(OutcomeChange.classify(pre: 1, post: 9, criterion: .index(sd: 0, reliability: 0.8), cutoff: nil) == nil)
    }
}
