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
        var indices = [Int](repeating: 0, count: n)
        for _ in 0..<Swift.max(0, resamples) {
            for i in 0..<n { indices[i] = generator.nextIndex(below: n) }
            if let ab = indirectEffect(x: x, m: m, y: y, cases: indices) {
                estimates.append(ab)
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

    /// a·b on the cases at `cases` (with repeats), in two passes and without copying: the same
    /// centred sums and the same estimability conditions as `paths(x:m:y:)`.
    static func indirectEffect(x: [Double], m: [Double], y: [Double], cases: [Int]) -> Double? {
        let count = Double(cases.count)
        guard cases.count >= 3 else { return nil }
        var sx = 0.0
        var sm = 0.0
        var sy = 0.0
        for k in cases {
            sx += x[k]
            sm += m[k]
            sy += y[k]
        }
        let mx = sx / count
        let mm = sm / count
        let my = sy / count
        var sxx = 0.0
        var smm = 0.0
        var sxm = 0.0
        var sxy = 0.0
        var smy = 0.0
        for k in cases {
            let dx = x[k] - mx
            let dm = m[k] - mm
            let dy = y[k] - my
            sxx += dx * dx
            smm += dm * dm
            sxm += dx * dm
            sxy += dx * dy
            smy += dm * dy
        }
        let determinant = sxx * smm - sxm * sxm
        guard sxx > 0, smm > 0, determinant > 1e-12 * sxx * smm else { return nil }
        let a = sxm / sxx
        let b = (sxx * smy - sxm * sxy) / determinant
        return a * b
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
