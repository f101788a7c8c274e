import Foundation

/// The expected value and tolerance band at one episode session, for drawing the expected
/// recovery behind a client's scores (the review charts, `rapport chart --client`).
public struct TrackCurvePoint: Sendable, Equatable {
    /// Episode session (1 = the baseline's session).
    public var t: Int
    /// The expected score (the median, the model's prediction, or tier 1's display-only prior).
    public var expected: Double?
    /// The band [low, high]: a score above `high` is off the track.
    public var low: Double
    public var high: Double
    /// Tiers 2 and 3: the amber line (75th percentile).
    public var amber: Double?
    /// The tier active at this session and the size of the data behind it.
    public var tier: TrackTier
    public var referenceSize: Int
}

extension TrackRules {
    /// The boundary of every episode session `1...last` for an episode that started at `baseline`:
    /// the same boundaries ``track(scores:measure:reference:options:)`` tests the scores against.
    public static func curve(
        baseline: Double, through last: Int, measure: TrackMeasure, reference: TrackReference,
        options: TrackOptions = .standard
    ) -> [TrackCurvePoint] {
        guard last >= 1 else { return [] }
        let model = modelFit(measure: measure, reference: reference, options: options)
        return (1...last).map { t in
            let b = boundary(
                t: t, baseline: baseline, measure: measure, reference: reference, model: model, options: options)
            return TrackCurvePoint(
                t: t, expected: b.expected, low: b.band.first ?? measure.minimum,
                high: b.band.last ?? measure.maximum, amber: b.amber, tier: b.tier, referenceSize: b.referenceSize)
        }
    }
}
