/// Small descriptive statistics used by the rules. All functions are pure; they return `nil`
/// rather than a meaningless number when the data cannot support the statistic.
public enum Statistics {
    /// The arithmetic mean, or `nil` for an empty list.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        return values.reduce(0, +) / Double(values.count)
    }

    /// The sample standard deviation (denominator n − 1), or `nil` with fewer than two values.
    public static func sampleStandardDeviation(_ values: [Double]) -> Double? {
        guard values.count >= 2, let m = mean(values) else { return nil }
        let sumOfSquares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (sumOfSquares / Double(values.count - 1)).squareRoot()
    }

    /// Pearson's product-moment correlation of paired values.
    ///
    /// Returns `nil` when the lists differ in length, hold fewer than two pairs, or either list
    /// has no variance (the correlation is undefined then).
    public static func pearson(_ x: [Double], _ y: [Double]) -> Double? {
        guard x.count == y.count, x.count >= 2, let mx = mean(x), let my = mean(y) else { return nil }
        var sxy = 0.0
        var sxx = 0.0
        var syy = 0.0
        for (a, b) in zip(x, y) {
            sxy += (a - mx) * (b - my)
            sxx += (a - mx) * (a - mx)
            syy += (b - my) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        let r = sxy / (sxx * syy).squareRoot()
        return Swift.min(1, Swift.max(-1, r))
    }

    /// z-scores with the sample standard deviation, or `nil` when the values have no variance.
    public static func zScores(_ values: [Double]) -> [Double]? {
        guard let m = mean(values), let sd = sampleStandardDeviation(values), sd > 0 else { return nil }
        return values.map { ($0 - m) / sd }
    }
}
