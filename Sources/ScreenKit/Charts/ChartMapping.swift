/// Maps sessions and values to dot coordinates of a plot.
struct ChartMapping: Sendable, Equatable {
    /// Number of sessions on the x axis.
    let sessionCount: Int
    /// Plot width in dots.
    let dotColumns: Int
    /// Bottom of the y scale.
    let yMin: Double
    /// Top of the y scale.
    let yMax: Double
    /// Plot height in dots.
    let dotRows: Int
    private let yScale: Double

    init(sessionCount: Int, dotColumns: Int, yMin: Double, yMax: Double, dotRows: Int) {
        self.sessionCount = sessionCount
        self.dotColumns = max(1, dotColumns)
        var lo = yMin.isFinite ? yMin : 0
        var hi = yMax.isFinite ? yMax : 1
        if hi < lo { swap(&lo, &hi) }
        if hi == lo {
            lo -= 1
            hi += 1
        }
        self.yMin = lo
        self.yMax = hi
        self.dotRows = max(1, dotRows)
        // Halves, so that even -Double.greatestFiniteMagnitude…+greatestFiniteMagnitude has a
        // finite span.
        self.yScale = Double(self.dotRows - 1) / (hi / 2 - lo / 2)
    }

    /// Dot column of session index `i` (0-based): sessions spread over the whole width.
    @inline(__always)
    func dotX(_ i: Int) -> Int {
        guard sessionCount > 1 else { return 0 }
        let span = sessionCount - 1
        return (i * (dotColumns - 1) * 2 + span) / (2 * span)
    }

    /// Dot row of value `v` (0 at the top), clamped to the plot.
    @inline(__always)
    func dotY(_ v: Double) -> Int {
        let raw = ((yMax / 2 - v / 2) * yScale).rounded()
        if !(raw >= 0) { return 0 }
        if raw >= Double(dotRows - 1) { return dotRows - 1 }
        return Int(raw)
    }
}
