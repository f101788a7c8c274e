import Foundation

/// The distribution functions the caseload statistics need, implemented here so that the
/// module has no external dependency.
///
/// - The regularized incomplete beta function `I_x(a, b)` is evaluated with its continued
///   fraction (modified Lentz method), using the symmetry `I_x(a, b) = 1 − I_{1−x}(b, a)` where
///   the fraction converges slowly.
/// - Student's t: `P(|T| ≥ |t|) = I_{ν/(ν+t²)}(ν/2, 1/2)` for ν degrees of freedom.
/// - The normal quantile is found by bisection on `Φ(z) = erfc(−z/√2)/2`.
public enum Distributions {
    /// The regularized incomplete beta function `I_x(a, b)` for `a, b > 0` and `0 ≤ x ≤ 1`.
    /// Returns `nil` outside that domain.
    public static func regularizedIncompleteBeta(x: Double, a: Double, b: Double) -> Double? {
        guard a > 0, b > 0, x >= 0, x <= 1, x.isFinite, a.isFinite, b.isFinite else { return nil }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        let logFront = a * log(x) + b * log1p(-x) - (lgamma(a) + lgamma(b) - lgamma(a + b))
        let front = exp(logFront)
        if x < (a + 1) / (a + b + 2) {
            return front * betaContinuedFraction(x: x, a: a, b: b) / a
        }
        return 1 - front * betaContinuedFraction(x: 1 - x, a: b, b: a) / b
    }

    /// The continued fraction of the incomplete beta function, by the modified Lentz method.
    static func betaContinuedFraction(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        let epsilon = 1e-16
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var h = d
        for m in 1...1000 {
            let mm = Double(m)
            // Even term d_{2m}.
            var term = mm * (b - mm) * x / ((a + 2 * mm - 1) * (a + 2 * mm))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            h *= d * c
            // Odd term d_{2m+1}.
            term = -(a + mm) * (a + b + mm) * x / ((a + 2 * mm) * (a + 2 * mm + 1))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < epsilon { break }
        }
        return h
    }

    /// Two-sided p-value of Student's t statistic with `degreesOfFreedom` (> 0).
    public static func studentTTwoSidedP(t: Double, degreesOfFreedom: Double) -> Double? {
        guard degreesOfFreedom > 0, !t.isNaN else { return nil }
        if t.isInfinite { return 0 }
        let x = degreesOfFreedom / (degreesOfFreedom + t * t)
        return regularizedIncompleteBeta(x: x, a: degreesOfFreedom / 2, b: 0.5)
    }

    /// The cumulative distribution function of Student's t.
    public static func studentTCDF(t: Double, degreesOfFreedom: Double) -> Double? {
        guard let p = studentTTwoSidedP(t: t, degreesOfFreedom: degreesOfFreedom) else { return nil }
        return t >= 0 ? 1 - p / 2 : p / 2
    }

    /// The standard normal cumulative distribution function Φ(z).
    public static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The standard normal quantile Φ⁻¹(p) for `0 < p < 1`, by bisection to machine precision.
    public static func normalQuantile(_ p: Double) -> Double? {
        guard p > 0, p < 1 else { return nil }
        var low = -40.0
        var high = 40.0
        for _ in 0..<200 {
            let mid = (low + high) / 2
            if mid == low || mid == high { break }
            if normalCDF(mid) < p { low = mid } else { high = mid }
        }
        return (low + high) / 2
    }
}
