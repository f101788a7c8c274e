/// A descriptive quadrant of the two attachment dimensions. Attachment is dimensional
/// (Fraley et al. 2015): the quadrant is a reading aid, not a category the client belongs to.
public enum AttachmentQuadrant: String, Codable, Sendable, Equatable, CaseIterable {
    /// Low anxiety, low avoidance.
    case secure
    /// High anxiety, low avoidance.
    case preoccupied
    /// Low anxiety, high avoidance.
    case dismissing
    /// High anxiety, high avoidance.
    case fearful

    /// The quadrant for a pair of scores; a score is "high" when strictly above `cut`.
    public static func of(anxiety: Double, avoidance: Double, cut: Double) -> AttachmentQuadrant {
        switch (anxiety > cut, avoidance > cut) {
        case (false, false): .secure
        case (true, false): .preoccupied
        case (false, true): .dismissing
        case (true, true): .fearful
        }
    }
}

/// Attachment anxiety and avoidance (ECR-RS or ECR-S) over time, with a descriptive quadrant.
public struct AttachmentProfile: Codable, Sendable, Equatable {
    /// One administration.
    public struct Point: Codable, Sendable, Equatable {
        /// The session.
        public var session: Int
        /// The anxiety score.
        public var anxiety: Double
        /// The avoidance score.
        public var avoidance: Double
        /// The descriptive quadrant at this administration.
        public var quadrant: AttachmentQuadrant

        /// Creates a point; the quadrant is filled in by `AttachmentProfile.compute`.
        public init(session: Int, anxiety: Double, avoidance: Double, quadrant: AttachmentQuadrant) {
            self.session = session
            self.anxiety = anxiety
            self.avoidance = avoidance
            self.quadrant = quadrant
        }
    }

    /// The administrations with both scores, in session order.
    public var points: [Point]
    /// The cut point used for the quadrant.
    public var cut: Double
    /// The quadrant of the latest administration.
    public var latest: AttachmentQuadrant?
    /// Latest minus first anxiety (`nil` with fewer than two administrations).
    public var anxietyChange: Double?
    /// Latest minus first avoidance (`nil` with fewer than two administrations).
    public var avoidanceChange: Double?
    /// Always `true`: the label is descriptive only.
    public var descriptiveOnly: Bool

    /// The note shown beside the quadrant.
    public static let descriptiveNote =
        "descriptive only — attachment is dimensional; the quadrant is a reading aid, not a type"

    /// The ECR scales run 1–7; the default cut is their midpoint.
    public static let defaultCut = 4.0

    /// Builds the profile from the two series, paired by session.
    /// - Parameter cut: the configurable cut point (default the scale midpoint, 4 on 1–7).
    public static func compute(
        anxiety: [SeriesPoint], avoidance: [SeriesPoint], cut: Double = defaultCut
    ) -> AttachmentProfile {
        let avoid = Dictionary(
            avoidance.observed.map { ($0.session, $0.value) }, uniquingKeysWith: { _, last in last })
        let points = anxiety.observed.compactMap { a -> Point? in
            guard let v = avoid[a.session] else { return nil }
            return Point(
                session: a.session, anxiety: a.value, avoidance: v,
                quadrant: .of(anxiety: a.value, avoidance: v, cut: cut))
        }
        let first = points.first
        let last = points.last
        let several = points.count >= 2
        return AttachmentProfile(
            points: points,
            cut: cut,
            latest: last?.quadrant,
            anxietyChange: several ? last.flatMap { l in first.map { l.anxiety - $0.anxiety } } : nil,
            avoidanceChange: several ? last.flatMap { l in first.map { l.avoidance - $0.avoidance } } : nil,
            descriptiveOnly: true
        )
    }
}
