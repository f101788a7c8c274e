/// The client–therapist gap: how differently the two rate the same alliance, per session and
/// per scale (total and subscales). Gap = client − therapist, so a negative gap means the
/// therapist rates the alliance higher than the client does.
public struct GapAnalysis: Codable, Sendable, Equatable {
    /// The gap at one session.
    public struct SessionGap: Codable, Sendable, Equatable {
        /// The session.
        public var session: Int
        /// The client's score.
        public var client: Double
        /// The therapist's score.
        public var therapist: Double
        /// `client − therapist`.
        public var gap: Double
    }

    /// All gaps of one scale.
    public struct ScaleGap: Codable, Sendable, Equatable {
        /// The scale ("total", "goal", …).
        public var scale: String
        /// Sessions rated by both, in order.
        public var sessions: [SessionGap]
        /// The mean gap.
        public var meanGap: Double
        /// The mean absolute gap.
        public var meanAbsoluteGap: Double
        /// Sessions whose absolute gap is at least the threshold.
        public var largeGapSessions: [Int]
    }

    /// One entry per scale rated by both sides at least once, sorted by scale name.
    public var scales: [ScaleGap]

    /// The default threshold on a 1–5 mean-score scale (a design choice: one full scale step).
    public static let defaultThreshold = 1.0

    /// The words shown to the therapist for a large gap.
    public static let therapistWording =
        "you and your client see the alliance differently — worth comparing notes"

    /// Pairs client and therapist series by scale name and session. Sessions that only one side
    /// rated are left out.
    public static func compute(
        client: [String: [SeriesPoint]],
        therapist: [String: [SeriesPoint]],
        threshold: Double = defaultThreshold
    ) -> GapAnalysis {
        var scales: [ScaleGap] = []
        for name in Set(client.keys).intersection(therapist.keys).sorted() {
            let theirs = Dictionary(
                therapist[name, default: []].observed.map { ($0.session, $0.value) },
                uniquingKeysWith: { _, last in last })
            let gaps = client[name, default: []].observed.compactMap { point -> SessionGap? in
                guard let t = theirs[point.session] else { return nil }
                return SessionGap(session: point.session, client: point.value, therapist: t, gap: point.value - t)
            }
            guard let mean = Statistics.mean(gaps.map(\.gap)),
                let meanAbs = Statistics.mean(gaps.map { abs($0.gap) })
            else { continue }
            let large = gaps.filter { abs($0.gap) >= threshold - 1e-9 * Swift.max(1, threshold) }
                .map(\.session)
            scales.append(
                ScaleGap(scale: name, sessions: gaps, meanGap: mean, meanAbsoluteGap: meanAbs, largeGapSessions: large))
        }
        return GapAnalysis(scales: scales)
    }
}
