/// Ordinary least squares with an intercept and one or two predictors, in closed form.
public enum LinearRegression {
    /// Coefficients of `y = intercept + slope · x`.
    public struct Simple: Codable, Sendable, Equatable {
        /// The intercept.
        public var intercept: Double
        /// The slope of `x`.
        public var slope: Double
    }

    /// Coefficients of `y = intercept + b1 · x1 + b2 · x2`.
    public struct TwoPredictors: Codable, Sendable, Equatable {
        /// The intercept.
        public var intercept: Double
        /// The coefficient of the first predictor, controlling for the second.
        public var b1: Double
        /// The coefficient of the second predictor, controlling for the first.
        public var b2: Double
    }

    /// Regresses `y` on `x`. `nil` when the lists differ in length, hold fewer than two pairs,
    /// or `x` has no variance.
    public static func simple(y: [Double], x: [Double]) -> Simple? {
        guard x.count == y.count, x.count >= 2,
            let mx = Statistics.mean(x), let my = Statistics.mean(y)
        else { return nil }
        var sxx = 0.0
        var sxy = 0.0
        for (a, b) in zip(x, y) {
            sxx += (a - mx) * (a - mx)
            sxy += (a - mx) * (b - my)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        return Simple(intercept: my - slope * mx, slope: slope)
    }

    /// Regresses `y` on `x1` and `x2` (normal equations on centred data, Cramer's rule).
    /// `nil` when the lists differ in length, hold fewer than three cases, or the predictors are
    /// collinear or constant.
    public static func twoPredictors(y: [Double], x1: [Double], x2: [Double]) -> TwoPredictors? {
        let n = y.count
        guard n >= 3, x1.count == n, x2.count == n,
            let m1 = Statistics.mean(x1), let m2 = Statistics.mean(x2), let my = Statistics.mean(y)
        else { return nil }
        var s11 = 0.0
        var s22 = 0.0
        var s12 = 0.0
        var s1y = 0.0
        var s2y = 0.0
        for i in 0..<n {
            let d1 = x1[i] - m1
            let d2 = x2[i] - m2
            let dy = y[i] - my
            s11 += d1 * d1
            s22 += d2 * d2
            s12 += d1 * d2
            s1y += d1 * dy
            s2y += d2 * dy
        }
        let determinant = s11 * s22 - s12 * s12
        // Relative test: collinear predictors leave a determinant that is round-off only.
        guard s11 > 0, s22 > 0, determinant > 1e-12 * s11 * s22 else { return nil }
        let b1 = (s22 * s1y - s12 * s2y) / determinant
        let b2 = (s11 * s2y - s12 * s1y) / determinant
        return TwoPredictors(intercept: my - b1 * m1 - b2 * m2, b1: b1, b2: b2)
    }
}
