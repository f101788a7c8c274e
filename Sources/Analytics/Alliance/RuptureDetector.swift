/// Which standard deviation scales the Stiles-type and Strauss-type rupture rules.
public enum DeviationSource: String, Codable, Sendable, Equatable, CaseIterable {
    /// The SD of the client's own sessions before the one being judged.
    case client
    /// The SD supplied for the whole caseload (`RuptureConfig.caseloadSD`).
    case caseload
    /// The larger of the two (the stricter threshold); the one available if only one is.
    /// The default, after Gumz et al. (2012).
    case stricterOfBoth
}

/// The rupture rules.
public enum RuptureRule: String, Codable, Sendable, Equatable, CaseIterable, Comparable {
    /// A session at least k SD below the mean of the client's earlier sessions
    /// (Stiles et al. 2004; SD source after Gumz et al. 2012).
    case stiles
    /// A session-to-session drop of at least `straussSDs` SD (Strauss et al. 2006).
    case strauss
    /// A drop of at least the instrument's reliable-change value from the previous session.
    case reliableDrop
    /// A fall below a fixed level cutoff.
    case belowCutoff

    /// Rules sort in declaration order.
    public static func < (lhs: RuptureRule, rhs: RuptureRule) -> Bool {
        let order = RuptureRule.allCases
        return (order.firstIndex(of: lhs) ?? 0) < (order.firstIndex(of: rhs) ?? 0)
    }

    /// The words shown to the therapist for an event found by this rule. Never a diagnosis.
    public var therapistWording: String {
        switch self {
        case .stiles: "possible rupture — worth asking about (well below this client's usual level)"
        case .strauss: "possible rupture — worth asking about (a sharp drop since last session)"
        case .reliableDrop: "possible rupture — worth asking about (a drop larger than measurement noise)"
        case .belowCutoff: "alliance below the alert level — worth asking about"
        }
    }
}

/// The settings of the rupture rules. Every default is documented in docs/analytics.md.
public struct RuptureConfig: Codable, Sendable, Equatable {
    /// k for the Stiles-type rule (default 2); `nil` turns the rule off.
    public var stilesSDs: Double?
    /// The drop in SD for the Strauss-type rule (default 1); `nil` turns the rule off.
    public var straussSDs: Double?
    /// Where the SD of the two rules above comes from (default `.stricterOfBoth`).
    public var deviationSource: DeviationSource
    /// The caseload SD of this series (see `RuptureDetector.caseloadSD(of:)`); `nil` if unknown.
    public var caseloadSD: Double?
    /// The instrument's reliable-change value in the series' units; `nil` skips the rule
    /// (the WAI-SR has none published).
    public var reliableChange: Double?
    /// A level below which a session is flagged; `nil` skips the rule.
    public var levelCutoff: Double?
    /// How many observed sessions after the start a return to the pre-drop level counts as a
    /// repair (default 3).
    public var repairWindow: Int
    /// No rule fires before this many observed sessions (default 3).
    public var minimumSessions: Int

    /// Creates a configuration; every argument has the documented default.
    public init(
        stilesSDs: Double? = 2,
        straussSDs: Double? = 1,
        deviationSource: DeviationSource = .stricterOfBoth,
        caseloadSD: Double? = nil,
        reliableChange: Double? = nil,
        levelCutoff: Double? = nil,
        repairWindow: Int = 3,
        minimumSessions: Int = 3
    ) {
        self.stilesSDs = stilesSDs
        self.straussSDs = straussSDs
        self.deviationSource = deviationSource
        self.caseloadSD = caseloadSD
        self.reliableChange = reliableChange
        self.levelCutoff = levelCutoff
        self.repairWindow = repairWindow
        self.minimumSessions = minimumSessions
    }

    /// The defaults.
    public static let standard = RuptureConfig()
}

/// One possible rupture found in a series.
public struct RuptureEvent: Codable, Sendable, Equatable {
    /// The rule that found it.
    public var rule: RuptureRule
    /// The session at which it started (the first session below the reference).
    public var start: Int
    /// The session with the lowest score in the event (the first, on ties).
    public var trough: Int
    /// The lowest score.
    public var troughValue: Double
    /// The reference level the rule compared with: the earlier mean (Stiles), the previous
    /// session (Strauss, reliable drop) or the cutoff (below cutoff).
    public var preDropLevel: Double
    /// `preDropLevel − troughValue`, in the series' units.
    public var depth: Double
    /// Observed sessions from the start up to, not including, the return to the reference
    /// (or to the end of the series if there was no return).
    public var length: Int
    /// Whether the score came back to the pre-drop level within the repair window.
    public var repaired: Bool
    /// The session at which it was repaired, if it was.
    public var repairedAt: Int?
    /// Whether the series ends before the score came back to the pre-drop level at all.
    public var open: Bool

    /// Creates an event.
    public init(
        rule: RuptureRule, start: Int, trough: Int, troughValue: Double, preDropLevel: Double, depth: Double,
        length: Int, repaired: Bool, repairedAt: Int?, open: Bool
    ) {
        self.rule = rule
        self.start = start
        self.trough = trough
        self.troughValue = troughValue
        self.preDropLevel = preDropLevel
        self.depth = depth
        self.length = length
        self.repaired = repaired
        self.repairedAt = repairedAt
        self.open = open
    }

    enum CodingKeys: String, CodingKey {
        case rule, start, trough, troughValue, preDropLevel, depth, length, repaired, repairedAt, open
    }

    /// Encodes every key; `repairedAt` is an explicit `null` when the event was not repaired.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(rule, forKey: .rule)
        try c.encode(start, forKey: .start)
        try c.encode(trough, forKey: .trough)
        try c.encode(troughValue, forKey: .troughValue)
        try c.encode(preDropLevel, forKey: .preDropLevel)
        try c.encode(depth, forKey: .depth)
        try c.encode(length, forKey: .length)
        try c.encode(repaired, forKey: .repaired)
        try c.encode(repairedAt, forKey: .repairedAt)
        try c.encode(open, forKey: .open)
    }
}

/// Finds possible ruptures and their repairs in one alliance series (a WAI-SR total or subscale,
/// client or therapist). Pure: the same series and configuration always give the same events.
///
/// How a series is read:
/// - Missing points are skipped; the rules see the observed sessions in order, so a missed
///   session neither starts nor ends an event, and windows count observed sessions.
/// - No rule fires before `minimumSessions` observed sessions.
/// - Each rule is run on its own; while one of its events is under way it does not start another.
///   The event ends at the first session back at or above the pre-drop level.
public struct RuptureDetector: Sendable, Equatable {
    /// The settings.
    public var config: RuptureConfig

    /// Relative tolerance for "at least" comparisons, so that a drop of exactly k SD counts
    /// despite rounding in the last bits.
    static let tolerance = 1e-9

    /// Creates a detector.
    public init(_ config: RuptureConfig = .standard) {
        self.config = config
    }

    /// All events in `series`, sorted by start session, then rule.
    public func events(in series: [SeriesPoint]) -> [RuptureEvent] {
        let points = series.observed
        var found: [RuptureEvent] = []
        for rule in RuptureRule.allCases {
            found += events(of: rule, in: points)
        }
        return found.sorted { ($0.start, $0.rule) < ($1.start, $1.rule) }
    }

    /// The caseload SD of one kind of series: the sample SD of every observed value of every
    /// client's series, pooled. `nil` with fewer than two values.
    public static func caseloadSD(of allSeries: [[SeriesPoint]]) -> Double? {
        Statistics.sampleStandardDeviation(allSeries.flatMap { $0.observed.map(\.value) })
    }

    /// The SD scaling the Stiles/Strauss rules at a session, from the earlier values.
    func deviation(before earlier: [Double]) -> Double? {
        combined(own: Statistics.sampleStandardDeviation(earlier))
    }

    /// The same from the earlier points themselves (no copy; the same arithmetic, in the same
    /// order, as `Statistics.sampleStandardDeviation`).
    func deviation(before earlier: ArraySlice<ObservedPoint>) -> Double? {
        guard earlier.count >= 2, let m = Self.mean(earlier) else { return combined(own: nil) }
        let sumOfSquares = earlier.reduce(0) { $0 + ($1.value - m) * ($1.value - m) }
        return combined(own: (sumOfSquares / Double(earlier.count - 1)).squareRoot())
    }

    /// The mean of the points' values, summed in order as `Statistics.mean`.
    static func mean(_ points: ArraySlice<ObservedPoint>) -> Double? {
        guard !points.isEmpty else { return nil }
        return points.reduce(0) { $0 + $1.value } / Double(points.count)
    }

    /// The client's own SD combined with the caseload SD as configured.
    func combined(own: Double?) -> Double? {
        let shared = config.caseloadSD.flatMap { $0.isFinite ? $0 : nil }
        let sd: Double?
        switch config.deviationSource {
        case .client: sd = own
        case .caseload: sd = shared
        case .stricterOfBoth:
            switch (own, shared) {
            case let (a?, b?): sd = Swift.max(a, b)
            case let (a?, nil): sd = a
            case let (nil, b?): sd = b
            case (nil, nil): sd = nil
            }
        }
        guard let sd, sd > 0 else { return nil }
        return sd
    }

    /// The reference level if `rule` fires at index `i`, else `nil`.
    func reference(of rule: RuptureRule, at i: Int, in points: [ObservedPoint]) -> Double? {
        let value = points[i].value
        guard i > 0 else { return nil }
        let earlier = points[..<i]
        let previous = points[i - 1].value
        func atLeast(_ drop: Double, _ threshold: Double) -> Bool {
            drop > 0 && drop >= threshold - Self.tolerance * Swift.max(1, abs(threshold))
        }
        switch rule {
        case .stiles:
            guard let k = config.stilesSDs, let sd = deviation(before: earlier),
                let mean = Self.mean(earlier)
            else { return nil }
            return atLeast(mean - value, k * sd) ? mean : nil
        case .strauss:
            guard let k = config.straussSDs, let sd = deviation(before: earlier) else { return nil }
            return atLeast(previous - value, k * sd) ? previous : nil
        case .reliableDrop:
            guard let rc = config.reliableChange, rc > 0 else { return nil }
            return atLeast(previous - value, rc) ? previous : nil
        case .belowCutoff:
            guard let cutoff = config.levelCutoff else { return nil }
            return value < cutoff ? cutoff : nil
        }
    }

    func events(of rule: RuptureRule, in points: [ObservedPoint]) -> [RuptureEvent] {
        var found: [RuptureEvent] = []
        var i = Swift.max(1, config.minimumSessions - 1)
        while i < points.count {
            guard let level = reference(of: rule, at: i, in: points) else {
                i += 1
                continue
            }
            var troughIndex = i
            var back: Int?
            var j = i + 1
            while j < points.count {
                if points[j].value >= level - Self.tolerance * Swift.max(1, abs(level)) {
                    back = j
                    break
                }
                if points[j].value < points[troughIndex].value { troughIndex = j }
                j += 1
            }
            let repaired = back.map { $0 - i <= config.repairWindow } ?? false
            found.append(
                RuptureEvent(
                    rule: rule,
                    start: points[i].session,
                    trough: points[troughIndex].session,
                    troughValue: points[troughIndex].value,
                    preDropLevel: level,
                    depth: level - points[troughIndex].value,
                    length: (back ?? points.count) - i,
                    repaired: repaired,
                    repairedAt: repaired ? back.map { points[$0].session } : nil,
                    open: back == nil
                )
            )
            guard let back else { break }
            i = back
        }
        return found
    }
}
