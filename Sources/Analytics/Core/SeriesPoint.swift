/// One session of a per-client score series: the plain input of every per-client rule.
///
/// `session` is the session number (1-based, increasing). `value` is the score given at that
/// session, or `nil` when the session was missed or the questionnaire was incomplete. Rules skip
/// `nil` points: a missed session neither starts nor ends an event.
public struct SeriesPoint: Codable, Sendable, Equatable, Hashable {
    /// The session number (1-based).
    public var session: Int
    /// The score at that session, or `nil` when none was given.
    public var value: Double?

    /// Creates a point.
    public init(session: Int, value: Double?) {
        self.session = session
        self.value = value
    }
}

/// An observed (non-missing) point, as used inside the rules.
struct ObservedPoint: Equatable, Sendable {
    var session: Int
    var value: Double
}

extension Array where Element == SeriesPoint {
    /// The observed points in session order, with missing values and non-finite values dropped.
    ///
    /// If a session appears more than once, the last occurrence wins.
    var observed: [ObservedPoint] {
        // Fast path: sessions strictly increasing (every series read from a summary), where
        // keeping the finite values in order gives the same result without a dictionary.
        var increasing = true
        var previous = Int.min
        for point in self {
            if point.session <= previous {
                increasing = false
                break
            }
            previous = point.session
        }
        if increasing {
            var out: [ObservedPoint] = []
            out.reserveCapacity(count)
            for point in self {
                if let value = point.value, value.isFinite {
                    out.append(ObservedPoint(session: point.session, value: value))
                }
            }
            return out
        }
        var bySession: [Int: Double] = [:]
        for point in self {
            if let value = point.value, value.isFinite {
                bySession[point.session] = value
            } else {
                bySession[point.session] = nil
            }
        }
        return bySession.keys.sorted().compactMap { session in
            bySession[session].map { ObservedPoint(session: session, value: $0) }
        }
    }
}
