/// The paths of a simple mediation model X → M → Y.
public struct MediationPaths: Codable, Sendable, Equatable {
    /// a: the slope of M on X.
    public var a: Double
    /// b: the slope of Y on M, controlling for X.
    public var b: Double
    /// c: the total effect, the slope of Y on X.
    public var c: Double
    /// c′: the direct effect, the slope of Y on X controlling for M.
    public var cPrime: Double
    /// The indirect effect a·b (in OLS, c = c′ + a·b).
    public var indirect: Double
}

/// A mediation analysis with a percentile bootstrap interval for the indirect effect.
public struct MediationResult: Codable, Sendable, Equatable {
    /// The number of cases.
    public var n: Int
    /// The paths on the full sample.
    public var paths: MediationPaths
    /// The percentile bootstrap interval `[lower, upper]` of a·b (`nil` if no resample could be
    /// estimated).
    public var ci: [Double]?
    /// The confidence level (default 0.95).
    public var confidence: Double
    /// The number of resamples drawn.
    public var resamples: Int
    /// Resamples in which a path could not be estimated (a constant or collinear predictor);
    /// they are skipped, not redrawn.
    public var skippedResamples: Int
    /// The seed of the generator.
    public var seed: UInt64
}

/// Simple mediation (Cruwys et al. 2023: social identification with the therapist → alliance →
/// outcome change), with a percentile bootstrap of the indirect effect (Hayes 2013/2018).
///
/// The bootstrap, specified so that another implementation can reproduce it exactly:
/// one `Xoshiro256StarStar(seed:)`; for each of `resamples` resamples, draw n case indices in
/// order with `nextIndex(below: n)`; compute a·b on the resample (skipped if not estimable);
/// sort the estimates; the bounds are their quantiles at (1 − level)/2 and (1 + level)/2 by
/// linear interpolation between order statistics (h = (B − 1)·q; numpy's default "linear").
public enum Mediation {
    /// The default number of bootstrap resamples.
    public static let defaultResamples = 5000
    /// The default seed (a fixed, arbitrary constant so that the same data give the same interval).
    public static let defaultSeed: UInt64 = 20_230_601

    /// The four paths by OLS; `nil` when X is constant, or X and M are collinear, or there are
    /// fewer than three cases.
    public static func paths(x: [Double], m: [Double], y: [Double]) -> MediationPaths? {
        guard x.count == m.count, x.count == y.count, x.count >= 3,
            let a = LinearRegression.simple(y: m, x: x),
            let c = LinearRegression.simple(y: y, x: x),
            let both = LinearRegression.twoPredictors(y: y, x1: x, x2: m)
        else { return nil }
        return MediationPaths(a: a.slope, b: both.b2, c: c.slope, cPrime: both.b1, indirect: a.slope * both.b2)
    }

    /// The paths and the bootstrap interval of the indirect effect; `nil` when the paths cannot
    /// be estimated on the full sample.
    public static func compute(
        x: [Double],
        m: [Double],
        y: [Double],
        resamples: Int = defaultResamples,
        seed: UInt64 = defaultSeed,
        confidence: Double = 0.95
    ) -> MediationResult? {
        guard let full = paths(x: x, m: m, y: y) else { return nil }
        let n = x.count
        var generator = Xoshiro256StarStar(seed: seed)
        var estimates: [Double] = []
        estimates.reserveCapacity(Swift.max(0, resamples))
        var skipped = 0
        var bx = [Double](repeating: 0, count: n)
        var bm = bx
        var by = bx
        for _ in 0..<Swift.max(0, resamples) {
            for i in 0..<n {
                let k = generator.nextIndex(below: n)
                bx[i] = x[k]
                bm[i] = m[k]
                by[i] = y[k]
            }
            if let p = paths(x: bx, m: bm, y: by) {
                estimates.append(p.indirect)
            } else {
                skipped += 1
            }
        }
        estimates.sort()
        var ci: [Double]?
        if !estimates.isEmpty, confidence > 0, confidence < 1 {
            ci = [
                quantile(sorted: estimates, (1 - confidence) / 2),
                quantile(sorted: estimates, (1 + confidence) / 2),
            ]
        }
        return MediationResult(
            n: n, paths: full, ci: ci, confidence: confidence, resamples: Swift.max(0, resamples),
            skippedResamples: skipped, seed: seed)
    }

    /// The q-quantile of sorted values by linear interpolation (h = (count − 1)·q).
    static func quantile(sorted values: [Double], _ q: Double) -> Double {
        guard let first = values.first else { return .nan }
        let h = Double(values.count - 1) * q
        let low = Int(h.rounded(.down))
        guard low + 1 < values.count else { return values[values.count - 1] }
        guard low >= 0 else { return first }
        return values[low] + (h - Double(low)) * (values[low + 1] - values[low])
    }
}
