import Foundation
import Testing

@testable import Analytics

/// The worked table: x = 1…5, y = 2, 1, 4, 3, 5.
/// Deviations dx = −2, −1, 0, 1, 2 and dy = −1, −2, 1, 0, 2: Sxy = 8, Sxx = Syy = 10, r = 0.8.
/// t = 0.8·√(3/0.36) = 4/√3, so with ν = 3, u = t/√3 = 4/3 and
/// p = 1 − (2/π)(atan(4/3) + (4/3)/(1 + 16/9)) = 0.104088…;
/// CI = tanh(atanh 0.8 ± 1.959964/√2) = [−0.279640, 0.986196].
struct CorrelationTests {
    @Test func workedTable() {
        let result = Correlation.pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
        #expect(close(result?.r, 0.8, 1e-12))
        #expect(result?.n == 5)
        let u = 4.0 / 3
        #expect(close(result?.p, 1 - (2 / Double.pi) * (atan(u) + u / (1 + u * u)), 1e-12))
        let half = 1.959963984540054 / 2.0.squareRoot()
        #expect(close(result?.ci?[0], tanh(atanh(0.8) - half), 1e-12))
        #expect(close(result?.ci?[1], tanh(atanh(0.8) + half), 1e-12))
        #expect(close(result?.ci?[0], -0.279640, 1e-6) && close(result?.ci?[1], 0.986196, 1e-6))
    }

    @Test func smallSamples() {
        let three = Correlation.pearson([1, 2, 3], [1, 3, 2])
        #expect(three?.ci == nil && three?.p != nil)
        let perfect = Correlation.pearson([1, 2, 3, 4], [2, 4, 6, 8])
        #expect(perfect?.r == 1 && perfect?.p == 0 && perfect?.ci == [1, 1])
        #expect(Correlation.pearson([1], [1]) == nil)
    }

    @Test func residualGainWorkedTable() {
        // z = d/√2.5; r = 0.8; RG = (dy − 0.8·dx)/√2.5 = (0.6, −1.2, 1, −0.8, 0.4)/√2.5.
        let gains = ResidualGain.compute(pre: [1, 2, 3, 4, 5], post: [2, 1, 4, 3, 5])
        let expected = [0.6, -1.2, 1, -0.8, 0.4].map { $0 / 2.5.squareRoot() }
        #expect(gains?.count == 5)
        for (g, e) in zip(gains ?? [], expected) { #expect(close(g, e, 1e-12)) }
        #expect(ResidualGain.compute(pre: [1, 1, 1], post: [1, 2, 3]) == nil)
    }
}

struct AllianceOutcomeTests {
    /// Alliance at session 3 = 3, 1, 4, 2, 5 against the residual gains above
    /// (∝ 0.6, −1.2, 1, −0.8, 0.4): Sag = 5, Saa = 10, Sgg = 3.6, r = 5/6.
    /// t = (5/6)·√(3/(11/36)), u = t/√3 = 5/√11.
    static let cases: [AllianceOutcomeCase] = [
        AllianceOutcomeCase(clientID: "A", alliance: series([2, 2, 3]), outcome: series([1, nil, 2])),
        AllianceOutcomeCase(clientID: "B", alliance: series([2, 2, 1, 5]), outcome: series([2, 1])),
        AllianceOutcomeCase(clientID: "C", alliance: series([5, 5, 4]), outcome: series([3, 9, 4])),
        AllianceOutcomeCase(clientID: "D", alliance: series([nil, nil, 2]), outcome: series([4, 3])),
        AllianceOutcomeCase(clientID: "E", alliance: series([1, 1, 5]), outcome: series([5, 5])),
        AllianceOutcomeCase(clientID: "F", alliance: series([4, 4, nil, 4]), outcome: series([9, 1])),
        AllianceOutcomeCase(clientID: "G", alliance: series([4, 4, 4]), outcome: series([9, nil])),
    ]

    @Test func workedTableAtSessionThree() {
        let result = AllianceOutcome.compute(cases: Self.cases)
        #expect(result.n == 5)
        #expect(result.included.map(\.clientID) == ["A", "B", "C", "D", "E"])
        #expect(close(result.r, 5.0 / 6, 1e-12))
        #expect(close(result.rPrePost, 0.8, 1e-12))
        let u = 5 / 11.0.squareRoot()
        #expect(close(result.p, 1 - (2 / Double.pi) * (atan(u) + u / (1 + u * u)), 1e-12))
        let half = 1.959963984540054 / 2.0.squareRoot()
        #expect(close(result.ci?[0], tanh(atanh(5.0 / 6) - half), 1e-12))
        #expect(close(result.ci?[1], tanh(atanh(5.0 / 6) + half), 1e-12))
        #expect(
            result.excluded == [
                ExcludedClient(clientID: "F", reason: "no alliance score (session 3)"),
                ExcludedClient(clientID: "G", reason: "fewer than two outcome scores"),
            ])
        #expect(close(result.included[1].residualGain, -1.2 / 2.5.squareRoot(), 1e-12))
    }

    @Test func meanAllianceUsesEveryObservedSession() {
        let result = AllianceOutcome.compute(cases: Self.cases, measure: .mean)
        // F now counts (mean 4); G still lacks a post score.
        #expect(result.n == 6)
        #expect(result.included.first { $0.clientID == "B" }?.alliance == 2.5)
        #expect(result.excluded.map(\.clientID) == ["G"])
    }

    @Test func tooFewClientsGiveNoR() {
        let result = AllianceOutcome.compute(cases: Array(Self.cases.prefix(2)))
        #expect(result.n == 2 && result.r == nil && result.p == nil && result.ci == nil)
    }
}

/// Mediation data built so that the paths are exact: x = 1…5, e = (1, −1, 0, −1, 1) and
/// u = (1, −2, 0, 2, −1) are centred and orthogonal to x and to each other.
/// m = 2x + e  → a = 2.
/// y = x + 3m + u = 7x + 3e + u → c′ = 1, b = 3 (u is orthogonal to x and m), c = 7 = c′ + a·b.
struct MediationTests {
    let x = [1.0, 2, 3, 4, 5]
    let m = [3.0, 3, 6, 7, 11]
    let y = [11.0, 9, 21, 27, 37]

    @Test func pathsDerivedByHand() {
        let paths = Mediation.paths(x: x, m: m, y: y)
        #expect(close(paths?.a, 2, 1e-12))
        #expect(close(paths?.b, 3, 1e-12))
        #expect(close(paths?.c, 7, 1e-12))
        #expect(close(paths?.cPrime, 1, 1e-12))
        #expect(close(paths?.indirect, 6, 1e-12))
    }

    @Test func bootstrapIsReproducibleForASeed() {
        let one = Mediation.compute(x: x, m: m, y: y, resamples: 500, seed: 7)
        let two = Mediation.compute(x: x, m: m, y: y, resamples: 500, seed: 7)
        let other = Mediation.compute(x: x, m: m, y: y, resamples: 500, seed: 8)
        #expect(one != nil && one == two)
        #expect(one?.ci != other?.ci)
        #expect(one?.resamples == 500 && one?.seed == 7)
        if let ci = one?.ci {
            #expect(ci[0] <= ci[1])
        }
    }

    /// Golden values from the independent Python implementation in Scripts/crosscheck-analytics.py
    /// (xoshiro256** re-implemented, numpy.linalg.lstsq, numpy.percentile).
    @Test func bootstrapMatchesTheIndependentImplementation() throws {
        let result = try #require(Mediation.compute(x: x, m: m, y: y, resamples: 500, seed: 7))
        #expect(result.skippedResamples == 64)
        #expect(close(result.ci?[0], -2.7024456521739366, 1e-9))
        #expect(close(result.ci?[1], 21.217391304347846, 1e-9))
        var generator = Xoshiro256StarStar(seed: 42)
        #expect(
            (0..<3).map { _ in generator.next() } == [
                1_546_998_764_402_558_742, 6_990_951_692_964_543_102, 12_544_586_762_248_559_009,
            ])
    }

    @Test func bootstrapIntervalOnALargerSample() {
        // 40 cases with a ≈ 2, b ≈ 3: the interval must bracket the sample indirect effect.
        let xs = (0..<40).map { Double($0 % 10) }
        let e = (0..<40).map { Double(($0 * 7) % 5) - 2 }
        let u = (0..<40).map { Double(($0 * 3) % 4) - 1.5 }
        let ms = zip(xs, e).map { 2 * $0 + $1 }
        let ys = (0..<40).map { xs[$0] + 3 * ms[$0] + u[$0] }
        let result = Mediation.compute(x: xs, m: ms, y: ys, resamples: 2000, seed: 1)
        #expect(result?.skippedResamples == 0)
        if let ci = result?.ci, let indirect = result?.paths.indirect {
            #expect(ci[0] < indirect && indirect < ci[1])
        } else {
            Issue.record("no interval")
        }
    }

    @Test(arguments: [[0, 1, 2, 3, 4], [4, 4, 0, 2, 1, 1], [0, 0, 0, 1, 1], [2, 2, 2, 2, 2]])
    func resampleShortcutMatchesFullPaths(cases: [Int]) {
        let expected = Mediation.paths(x: cases.map { x[$0] }, m: cases.map { m[$0] }, y: cases.map { y[$0] })
        let fast = Mediation.indirectEffect(x: x, m: m, y: y, cases: cases)
        #expect((expected == nil) == (fast == nil))
        if let expected, let fast { #expect(close(fast, expected.indirect, 1e-9)) }
    }

    @Test func percentileIsLinearBetweenOrderStatistics() {
        #expect(Mediation.quantile(sorted: [1, 2, 3, 4], 0.25) == 1.75)
        #expect(Mediation.quantile(sorted: [1, 2, 3, 4], 1) == 4)
        #expect(Mediation.quantile(sorted: [5], 0.025) == 5)
    }

    @Test func constantPredictorGivesNil() {
        #expect(Mediation.compute(x: [1, 1, 1, 1], m: m.dropLast().map { $0 }, y: [1, 2, 3, 4]) == nil)
    }
}
