import Instruments
import Store

extension SeriesPoint {
    /// A point from a stored score point.
    public init(_ point: ScorePoint) {
        self.init(session: point.session, value: point.value)
    }
}

extension ClientSummary {
    /// The score series of an instrument, rater and scale as analysis input (empty when none).
    public func seriesPoints(_ instrument: String, _ rater: Rater, _ scale: String) -> [SeriesPoint] {
        series(instrument, rater, scale).map(SeriesPoint.init)
    }
}

extension ReliableChangeCriterion {
    /// The criterion an instrument file supplies: its published value if it has one, else the
    /// Jacobson & Truax index from its s1 and r; `nil` if it has neither.
    public init?(_ info: Instruments.ReliableChange?) {
        guard let info else { return nil }
        if let value = info.value, value > 0 {
            self = .publishedValue(value)
        } else if let sd = info.sd, let r = info.reliability, sd > 0, r < 1 {
            self = .index(sd: sd, reliability: r)
        } else {
            return nil
        }
    }
}

extension Instrument {
    /// The highest score the primary scale can take (for the ceiling pattern).
    public var primaryScaleMaximum: Double? {
        scale(primaryScale).map { scoreRange(of: $0).upperBound }
    }
}
