/// Which alliance score represents a client in the caseload analyses.
public enum AllianceMeasure: Codable, Sendable, Equatable {
    /// The score at this session (default 3, as in Bergman Nordgren et al. 2013); clients who
    /// missed it are excluded.
    case session(Int)
    /// The mean of all observed sessions.
    case mean

    /// The default: session 3.
    public static let standard = AllianceMeasure.session(3)

    /// The score for one series, or `nil` if the series lacks it.
    public func value(in series: [SeriesPoint]) -> Double? {
        let points = series.observed
        switch self {
        case .session(let s): return points.first { $0.session == s }?.value
        case .mean: return Statistics.mean(points.map(\.value))
        }
    }

    /// Decodes the integer session or the string "mean".
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let session = try? c.decode(Int.self) {
            self = .session(session)
        } else if try c.decode(String.self) == "mean" {
            self = .mean
        } else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a session number or \"mean\"")
        }
    }

    /// Encodes the session number, or the string "mean".
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .session(let s): try c.encode(s)
        case .mean: try c.encode("mean")
        }
    }

    /// A short description for reports, e.g. "session 3" or "mean of all sessions".
    public var label: String {
        switch self {
        case .session(let s): "session \(s)"
        case .mean: "mean of all sessions"
        }
    }
}

/// A client left out of a caseload analysis, and why.
public struct ExcludedClient: Codable, Sendable, Equatable {
    /// The client id.
    public var clientID: String
    /// Why, in plain words.
    public var reason: String

    /// Creates an entry.
    public init(clientID: String, reason: String) {
        self.clientID = clientID
        self.reason = reason
    }
}

/// One client's data for the alliance–outcome analysis.
public struct AllianceOutcomeCase: Codable, Sendable, Equatable {
    /// The client id.
    public var clientID: String
    /// The client's alliance series (e.g. WAI-SR total, client-rated).
    public var alliance: [SeriesPoint]
    /// The client's outcome series (e.g. PHQ-9 totals); pre = first, post = last observed.
    public var outcome: [SeriesPoint]

    /// Creates a case.
    public init(clientID: String, alliance: [SeriesPoint], outcome: [SeriesPoint]) {
        self.clientID = clientID
        self.alliance = alliance
        self.outcome = outcome
    }
}

/// The alliance–outcome correlation across a caseload.
public struct AllianceOutcomeResult: Codable, Sendable, Equatable {
    /// One included client.
    public struct Included: Codable, Sendable, Equatable {
        /// The client id.
        public var clientID: String
        /// The alliance score used.
        public var alliance: Double
        /// The first observed outcome score.
        public var pre: Double
        /// The last observed outcome score.
        public var post: Double
        /// The residual gain (`nil` if it could not be computed for the caseload).
        public var residualGain: Double?
    }

    /// The alliance score used.
    public var measure: AllianceMeasure
    /// Pearson's r between alliance and residual gain (`nil` if undefined).
    public var r: Double?
    /// The number of clients included.
    public var n: Int
    /// The 95% Fisher-z interval `[lower, upper]` (`nil` with n < 4).
    public var ci: [Double]?
    /// The two-sided p (`nil` if r is undefined).
    public var p: Double?
    /// The pre–post correlation used for the residual gains.
    public var rPrePost: Double?
    /// The included clients, in input order.
    public var included: [Included]
    /// The excluded clients with their reasons, in input order.
    public var excluded: [ExcludedClient]

    enum CodingKeys: String, CodingKey {
        case measure, r, n, ci, p, rPrePost, included, excluded
    }

    /// Encodes every key; undefined statistics are explicit `null`s.
    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(measure, forKey: .measure)
        try k.encode(r, forKey: .r)
        try k.encode(n, forKey: .n)
        try k.encode(ci, forKey: .ci)
        try k.encode(p, forKey: .p)
        try k.encode(rPrePost, forKey: .rPrePost)
        try k.encode(included, forKey: .included)
        try k.encode(excluded, forKey: .excluded)
    }
}

/// Alliance–outcome: Pearson r between the alliance (at a chosen session, or the mean) and the
/// outcome's residual gain (Bergman Nordgren et al. 2013 used session 3).
public enum AllianceOutcome {
    /// Computes the correlation. Clients without the alliance score, or with fewer than two
    /// outcome scores, are listed in `excluded`.
    public static func compute(
        cases: [AllianceOutcomeCase],
        measure: AllianceMeasure = .standard,
        confidence: Double = 0.95
    ) -> AllianceOutcomeResult {
        var rows: [(id: String, alliance: Double, pre: Double, post: Double)] = []
        var excluded: [ExcludedClient] = []
        for c in cases {
            guard let a = measure.value(in: c.alliance) else {
                excluded.append(ExcludedClient(clientID: c.clientID, reason: "no alliance score (\(measure.label))"))
                continue
            }
            guard let (pre, post) = prePost(c.outcome) else {
                excluded.append(ExcludedClient(clientID: c.clientID, reason: "fewer than two outcome scores"))
                continue
            }
            rows.append((c.clientID, a, pre, post))
        }
        let pre = rows.map(\.pre)
        let post = rows.map(\.post)
        let gains = ResidualGain.compute(pre: pre, post: post)
        let correlation = gains.flatMap { Correlation.pearson(rows.map(\.alliance), $0, confidence: confidence) }
        let included = rows.enumerated().map { index, row in
            AllianceOutcomeResult.Included(
                clientID: row.id, alliance: row.alliance, pre: row.pre, post: row.post,
                residualGain: gains?[index])
        }
        return AllianceOutcomeResult(
            measure: measure,
            r: correlation?.r,
            n: rows.count,
            ci: correlation?.ci,
            p: correlation?.p,
            rPrePost: Statistics.pearson(pre, post),
            included: included,
            excluded: excluded
        )
    }

    /// The first and last observed scores of a series with at least two observed sessions.
    static func prePost(_ series: [SeriesPoint]) -> (Double, Double)? {
        let points = series.observed
        guard points.count >= 2, let first = points.first, let last = points.last else { return nil }
        return (first.value, last.value)
    }
}
