@testable import Analytics

/// A series with sessions 1, 2, 3, … and the given values (`nil` = missed session).
func series(_ values: [Double?]) -> [SeriesPoint] {
    values.enumerated().map { SeriesPoint(session: $0.offset + 1, value: $0.element) }
}

/// `|a − b| ≤ tolerance`.
func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance
}
