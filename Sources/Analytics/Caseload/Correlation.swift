import Foundation

/// A Pearson correlation with its sample size, Fisher-z confidence interval and two-sided p.
public struct CorrelationResult: Codable, Sendable, Equatable {
    /// Pearson's r.
    public var r: Double
    /// The number of pairs.
    public var n: Int
    /// The confidence interval `[lower, upper]` from Fisher's z: tanh(atanh r ± z₁₋α/₂ / √(n − 3));
    /// `nil` with n < 4.
    public var ci: [Double]?
    /// The confidence level of `ci` (default 0.95).
    public var confidence: Double
    /// The two-sided p of t = r·√((n − 2)/(1 − r²)) with n − 2 degrees of freedom; `nil` with n < 3.
    public var p: Double?
}

/// Pearson correlation with inference.
public enum Correlation {
    /// Correlates paired values; `nil` when r is undefined (fewer than two pairs, unequal
    /// lengths, or no variance in either list).
    public static func pearson(_ x: [Double], _ y: [Double], confidence: Double = 0.95) -> CorrelationResult? {
        guard let r = Statistics.pearson(x, y) else { return nil }
        let n = x.count
        var ci: [Double]?
        if n >= 4, confidence > 0, confidence < 1, let z = Distributions.normalQuantile(0.5 + confidence / 2) {
            if abs(r) >= 1 {
                ci = [r, r]
            } else {
                let centre = atanh(r)
                let half = z / Double(n - 3).squareRoot()
                ci = [tanh(centre - half), tanh(centre + half)]
            }
        }
        var p: Double?
        if n >= 3 {
            if abs(r) >= 1 {
                p = 0
            } else {
                let df = Double(n - 2)
                let t = r * (df / (1 - r * r)).squareRoot()
                p = Distributions.studentTTwoSidedP(t: t, degreesOfFreedom: df)
            }
        }
        return CorrelationResult(r: r, n: n, ci: ci, confidence: confidence, p: p)
    }
}
