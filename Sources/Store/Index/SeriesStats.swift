import Foundation

/// Count, mean and sum of squared deviations from the mean (M2) of a set of values: enough for
/// the sample SD, and mergeable (Chan et al.'s parallel update), so that the caseload index keeps
/// the caseload statistics per series and updates them per save by taking one client's old
/// values out and putting the new ones in. Stored compactly as `[n, mean, m2]`.
public struct SeriesStats: Codable, Sendable, Equatable {
    public var n: Int
    public var mean: Double
    public var m2: Double

    public init(n: Int = 0, mean: Double = 0, m2: Double = 0) {
        self.n = n
        self.mean = mean
        self.m2 = m2
    }

    /// The statistics of `values` (two passes: mean, then squared deviations).
    public init<S: Collection>(values: S) where S.Element == Double {
        n = values.count
        guard n > 0 else {
            mean = 0
            m2 = 0
            return
        }
        mean = values.reduce(0, +) / Double(n)
        let m = mean
        m2 = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
    }

    /// The sample standard deviation; nil with fewer than two values.
    public var sampleSD: Double? {
        n >= 2 ? (max(m2, 0) / Double(n - 1)).squareRoot() : nil
    }

    /// These statistics with `other`'s values added.
    public func merged(_ other: SeriesStats) -> SeriesStats {
        if other.n == 0 { return self }
        if n == 0 { return other }
        let total = n + other.n
        let delta = other.mean - mean
        let mean = self.mean + delta * Double(other.n) / Double(total)
        let m2 = self.m2 + other.m2 + delta * delta * Double(n) * Double(other.n) / Double(total)
        return SeriesStats(n: total, mean: mean, m2: m2)
    }

    /// These statistics with `part`'s values taken out (the inverse of `merged`); `part` must be
    /// a subset of the values.
    public func removing(_ part: SeriesStats) -> SeriesStats {
        if part.n == 0 { return self }
        let rest = n - part.n
        if rest <= 0 { return SeriesStats() }
        let restMean = (mean * Double(n) - part.mean * Double(part.n)) / Double(rest)
        let delta = part.mean - restMean
        let m2 = self.m2 - part.m2 - delta * delta * Double(rest) * Double(part.n) / Double(n)
        return SeriesStats(n: rest, mean: restMean, m2: max(m2, 0))
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        n = try c.decode(Int.self)
        mean = try c.decode(Double.self)
        m2 = try c.decode(Double.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        try c.encode(n)
        try c.encode(mean)
        try c.encode(m2)
    }
}

/// The caseload statistics: one ``SeriesStats`` per series key ("wai-sr/client/total") over every
/// value of every client's series.
public struct CaseloadStats: Codable, Sendable, Equatable {
    public var series: [String: SeriesStats]

    public init(series: [String: SeriesStats] = [:]) { self.series = series }

    /// The statistics of one client's summary.
    public init(summary: ClientSummary) {
        var out: [String: SeriesStats] = [:]
        for (key, points) in summary.series where !points.isEmpty {
            out[key] = SeriesStats(values: points.map(\.value))
        }
        series = out
    }

    /// The statistics of a whole caseload (client-id order).
    public init(summaries: [ClientSummary]) {
        var out = CaseloadStats()
        for s in summaries.sorted(by: { $0.clientId < $1.clientId }) { out.add(CaseloadStats(summary: s)) }
        self = out
    }

    public mutating func add(_ other: CaseloadStats) {
        for (key, s) in other.series { series[key] = (series[key] ?? SeriesStats()).merged(s) }
    }

    public mutating func remove(_ other: CaseloadStats) {
        for (key, s) in other.series {
            guard let current = series[key] else { continue }
            let rest = current.removing(s)
            series[key] = rest.n == 0 ? nil : rest
        }
    }

    /// The pooled sample SD of one series key; nil with fewer than two values.
    public func sampleSD(_ key: String) -> Double? { series[key]?.sampleSD }
}
