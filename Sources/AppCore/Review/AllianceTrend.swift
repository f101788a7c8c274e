import Analytics
import Foundation

/// The recent direction and level of a client-rated alliance series, for the caseload's trend
/// arrow and the "low" and "falling" alerts.
///
/// Design choices (docs/review.md): the trend is the least-squares slope over the last
/// ``window`` observed sessions; "falling" is a slope of at most −``fallingSlope`` points per
/// session over at least ``minimumSessions`` sessions; "low" is a latest score below
/// ``lowLevel`` on the 1–5 WAI-SR mean scale ("sometimes" to "fairly often").
public struct AllianceTrend: Sendable, Equatable {
    /// Direction of the recent sessions.
    public enum Direction: String, Codable, Sendable, Equatable {
        case rising, steady, falling, unknown

        /// The arrow shown in the caseload.
        public var arrow: String {
            switch self {
            case .rising: "↗"
            case .steady: "→"
            case .falling: "↘"
            case .unknown: "·"
            }
        }
    }

    /// Observed sessions the slope is taken over.
    public static let window = 5
    /// Fewest observed sessions for a direction.
    public static let minimumSessions = 3
    /// Slope (points per session) at or beyond which the trend counts as rising or falling.
    public static let fallingSlope = 0.1
    /// A latest score below this is "low".
    public static let lowLevel = 3.0

    /// The direction.
    public var direction: Direction
    /// The slope in points per session (nil with too few sessions).
    public var slope: Double?
    /// The latest observed score.
    public var latest: Double?
    /// The session of the latest observed score.
    public var latestSession: Int?

    /// Reads a series (session order; nil values are missed sessions).
    public static func of(_ points: [(session: Int, value: Double?)]) -> AllianceTrend {
        let observed = points.compactMap { p in p.value.flatMap { $0.isFinite ? (p.session, $0) : nil } }
        let recent = Array(observed.suffix(window))
        var slope: Double?
        if recent.count >= minimumSessions {
            slope = LinearRegression.simple(y: recent.map(\.1), x: recent.map { Double($0.0) })?.slope
        }
        let direction: Direction
        if let slope {
            direction = slope <= -fallingSlope ? .falling : slope >= fallingSlope ? .rising : .steady
        } else {
            direction = .unknown
        }
        return AllianceTrend(
            direction: direction, slope: slope, latest: observed.last?.1, latestSession: observed.last?.0)
    }

    /// Whether the latest score is low.
    public var isLow: Bool { latest.map { $0 < AllianceTrend.lowLevel } ?? false }

    /// Words for the "low alliance" alert.
    public static let lowWording = "alliance low at the latest session — worth asking how the work together feels"
    /// Words for the "falling alliance" alert.
    public static let fallingWording = "alliance falling over the last sessions — worth asking about"
}
