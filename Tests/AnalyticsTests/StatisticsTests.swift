import Foundation
import Testing

@testable import Analytics

struct StatisticsTests {
    @Test func descriptives() {
        #expect(Statistics.mean([]) == nil)
        #expect(Statistics.mean([1, 2, 3, 4]) == 2.5)
        #expect(Statistics.sampleStandardDeviation([5]) == nil)
        #expect(close(Statistics.sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]), (32.0 / 7).squareRoot()))
        #expect(Statistics.pearson([1, 1, 1], [1, 2, 3]) == nil)
    }

    @Test func incompleteBetaClosedForms() {
        // I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b; I_x(1, 1) = x.
        #expect(close(Distributions.regularizedIncompleteBeta(x: 0.3, a: 2, b: 1), 0.09, 1e-12))
        #expect(close(Distributions.regularizedIncompleteBeta(x: 0.3, a: 1, b: 3), 0.657, 1e-12))
        #expect(close(Distributions.regularizedIncompleteBeta(x: 0.8, a: 1, b: 1), 0.8, 1e-12))
        #expect(close(Distributions.regularizedIncompleteBeta(x: 0.9, a: 3, b: 1), 0.729, 1e-12))
        #expect(Distributions.regularizedIncompleteBeta(x: 1.2, a: 1, b: 1) == nil)
    }

    @Test func studentTClosedForms() {
        // ν = 1 (Cauchy): p = 1 − (2/π)·atan|t|. ν = 2: p = 1 − |t|/√(2 + t²).
        // ν = 3: p = 1 − (2/π)·(atan(u) + u/(1 + u²)), u = |t|/√3.
        #expect(close(Distributions.studentTTwoSidedP(t: 1, degreesOfFreedom: 1), 0.5, 1e-12))
        #expect(close(Distributions.studentTTwoSidedP(t: 2, degreesOfFreedom: 2), 1 - 2 / 6.0.squareRoot(), 1e-12))
        let u = 4.0 / 3
        let p3 = 1 - (2 / Double.pi) * (atan(u) + u / (1 + u * u))
        #expect(close(Distributions.studentTTwoSidedP(t: u * 3.0.squareRoot(), degreesOfFreedom: 3), p3, 1e-12))
        #expect(close(Distributions.studentTTwoSidedP(t: 0, degreesOfFreedom: 7), 1, 1e-12))
        #expect(close(Distributions.studentTCDF(t: -1, degreesOfFreedom: 1), 0.25, 1e-12))
    }

    /// Reference values from scipy.stats.t.sf (2 × upper tail), for degrees of freedom without a
    /// short closed form.
    @Test(arguments: [
        (2.0, 10.0, 0.07338803477074037), (1.5, 30.0, 0.144065929128646), (3.2, 5.0, 0.023995176803300478),
        (0.7, 100.0, 0.4855526064543732),
    ])
    func studentTReference(t: Double, df: Double, p: Double) {
        #expect(close(Distributions.studentTTwoSidedP(t: t, degreesOfFreedom: df), p, 1e-12))
        #expect(close(Distributions.studentTTwoSidedP(t: -t, degreesOfFreedom: df), p, 1e-12))
    }

    @Test func normalQuantile() {
        #expect(close(Distributions.normalQuantile(0.975), 1.959963984540054, 1e-12))
        #expect(close(Distributions.normalQuantile(0.5), 0, 1e-12))
        #expect(Distributions.normalQuantile(1) == nil)
    }

    @Test func regressionRecoversExactCoefficients() {
        let x1 = [1.0, 2, 3, 4, 5]
        let x2 = [3.0, 3, 6, 7, 11]
        let y = zip(x1, x2).map { 2 + 1.5 * $0 - 0.5 * $1 }
        let fit = LinearRegression.twoPredictors(y: y, x1: x1, x2: x2)
        #expect(close(fit?.intercept, 2) && close(fit?.b1, 1.5) && close(fit?.b2, -0.5))
        #expect(LinearRegression.twoPredictors(y: y, x1: x1, x2: x1.map { 2 * $0 }) == nil)
        #expect(LinearRegression.simple(y: [1, 2], x: [3, 3]) == nil)
    }

    @Test func splitMix64KnownAnswer() {
        // The first SplitMix64 output from seed 0 is 0xE220A8397B1DCDAF (Vigna's reference code).
        var state: UInt64 = 0
        #expect(Xoshiro256StarStar.splitMix64(&state) == 0xE220_A839_7B1D_CDAF)
    }

    @Test func xoshiroKnownAnswer() {
        // Reference outputs of xoshiro256** from the state {1, 2, 3, 4}.
        var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
        #expect((0..<4).map { _ in g.next() } == [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240])
    }

    @Test func generatorIsReproducibleAndInRange() {
        var a = Xoshiro256StarStar(seed: 42)
        var b = Xoshiro256StarStar(seed: 42)
        var c = Xoshiro256StarStar(seed: 43)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        for _ in 0..<1000 {
            let i = a.nextIndex(below: 7)
            #expect((0..<7).contains(i))
        }
    }
}
