/// A series at the top of the scale every time: the client marks everything as high as it goes,
/// so the measure gives little information (and cannot show a drop until it happens).
public struct CeilingPattern: Codable, Sendable, Equatable {
    /// The observed sessions, all at the ceiling.
    public var sessions: Int
    /// The scale maximum they sit at.
    public var scaleMaximum: Double

    /// The words shown to the therapist.
    public static let therapistWording =
        "top score every time — the questionnaire tells little here; worth asking in your own words"

    /// The pattern if every observed point is at `scaleMaximum` (within 1e-9) and there are at
    /// least `minimumSessions` (default 3) of them; otherwise `nil`.
    public static func detect(
        in series: [SeriesPoint], scaleMaximum: Double, minimumSessions: Int = 3
    ) -> CeilingPattern? {
        let points = series.observed
        guard points.count >= Swift.max(1, minimumSessions),
            points.allSatisfy({ $0.value >= scaleMaximum - 1e-9 })
        else { return nil }
        return CeilingPattern(sessions: points.count, scaleMaximum: scaleMaximum)
    }
}
