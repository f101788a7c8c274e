import Foundation

/// Where an episode's measure stands against its expected recovery.
public enum TrackStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// Within the expected band.
    case onTrack
    /// Off the expected band with persistence (two scores in a row) or reliably worse.
    case notOnTrack
    /// Off the expected band once (or above the amber line): not on track yet.
    case notYet
    /// Fewer than two scores (grey).
    case insufficientData

    /// The words shown to the therapist: a prompt, never a verdict.
    public var therapistWording: String {
        switch self {
        case .onTrack: "on track"
        case .notOnTrack: "not on track yet — worth reviewing together"
        case .notYet: "not on track yet at this session — worth keeping an eye on together"
        case .insufficientData: "not enough scores yet (a track needs two)"
        }
    }
}

/// The method behind an expected trajectory, from the first day to a clinic with many episodes.
public enum TrackTier: Int, Codable, Sendable, Equatable, CaseIterable {
    /// Rational rules: reliable deterioration; no reliable improvement by session N while at caseness.
    case rational = 1
    /// Percentile bands of the clinic's own episodes that ended improved, by intake band and session.
    case empirical = 2
    /// A two-stage model of change on log(session) fitted to the clinic's episodes, with a prediction band.
    case model = 3

    public var name: String {
        switch self {
        case .rational: "rational rules"
        case .empirical: "clinic percentile bands"
        case .model: "log-session model"
        }
    }
}

/// The expected-recovery track of one measure in one episode, at its latest score.
public struct Track: Codable, Sendable, Equatable {
    public var status: TrackStatus
    /// 1, 2 or 3 (`TrackTier`).
    public var tier: TrackTier
    /// The episode session (1 = the episode's first session) of the latest score, if any.
    public var session: Int?
    /// The latest score.
    public var value: Double?
    /// The expected score at that session (tier 1: the display-only prior curve).
    public var expected: Double?
    /// [low, high]: a score above `high` is off the track (tier 1: the rule's boundary).
    public var band: [Double]?
    /// Tiers 2 and 3: a score above this is amber (the 75th percentile).
    public var amber: Double?
    /// The number of reference data behind the band: scores in the percentile cell (tier 2),
    /// episodes in the model (tier 3), 0 for the rules (tier 1).
    public var referenceSize: Int
    /// One line: the rule, the numbers and the reference set.
    public var explanation: String
    /// The words for the therapist.
    public var wording: String

    enum CodingKeys: String, CodingKey {
        case status, tier, tierName, session, value, expected, band, amber, referenceSize, explanation, wording
    }

    public init(
        status: TrackStatus, tier: TrackTier, session: Int?, value: Double?, expected: Double?, band: [Double]?,
        amber: Double?, referenceSize: Int, explanation: String
    ) {
        self.status = status
        self.tier = tier
        self.session = session
        self.value = value
        self.expected = expected
        self.band = band
        self.amber = amber
        self.referenceSize = referenceSize
        self.explanation = explanation
        wording = status.therapistWording
    }

    public init(from decoder: any Decoder) throws {
        let k = try decoder.container(keyedBy: CodingKeys.self)
        status = try k.decode(TrackStatus.self, forKey: .status)
        tier = try k.decode(TrackTier.self, forKey: .tier)
        session = try k.decodeIfPresent(Int.self, forKey: .session)
        value = try k.decodeIfPresent(Double.self, forKey: .value)
        expected = try k.decodeIfPresent(Double.self, forKey: .expected)
        band = try k.decodeIfPresent([Double].self, forKey: .band)
        amber = try k.decodeIfPresent(Double.self, forKey: .amber)
        referenceSize = try k.decode(Int.self, forKey: .referenceSize)
        explanation = try k.decode(String.self, forKey: .explanation)
        wording = try k.decode(String.self, forKey: .wording)
    }

    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(status, forKey: .status)
        try k.encode(tier, forKey: .tier)
        try k.encode(tier.name, forKey: .tierName)
        try k.encode(session, forKey: .session)
        try k.encode(value, forKey: .value)
        try k.encode(expected, forKey: .expected)
        try k.encode(band, forKey: .band)
        try k.encode(amber, forKey: .amber)
        try k.encode(referenceSize, forKey: .referenceSize)
        try k.encode(explanation, forKey: .explanation)
        try k.encode(wording, forKey: .wording)
    }

    static func insufficient(tier: TrackTier, rule: String, referenceSize: Int) -> Track {
        Track(
            status: .insufficientData, tier: tier, session: nil, value: nil, expected: nil, band: nil, amber: nil,
            referenceSize: referenceSize, explanation: rule)
    }
}

/// One score of an episode: `t` = session within the episode (1 = its first session).
public struct TrackScore: Codable, Sendable, Equatable {
    public var t: Int
    public var value: Double
    public init(t: Int, value: Double) {
        self.t = t
        self.value = value
    }
}

/// What the track rules need to know about a measure.
public struct TrackMeasure: Sendable, Equatable {
    public var instrument: String
    public var reliableChange: Double
    public var cutoff: Double?
    public var minimum: Double
    public var maximum: Double
    public init(instrument: String, reliableChange: Double, cutoff: Double?, minimum: Double, maximum: Double) {
        self.instrument = instrument
        self.reliableChange = reliableChange
        self.cutoff = cutoff
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// Settings of the track tiers (docs/analytics.md, "Expected recovery").
public struct TrackOptions: Codable, Sendable, Equatable {
    /// Tier 1: from this episode session on, no reliable improvement while at caseness is off track.
    public var noProgressSession: Int
    /// Tier 1: c of the display-only prior curve ŷ = y₁·(1 − c·ln t).
    public var priorRate: Double
    /// Tier 2: reference scores needed in a (intake window, session) cell.
    public var empiricalMinimum: Int
    /// Tier 3: reference episodes with at least three scores needed for the model.
    public var modelMinimumEpisodes: Int

    public init(
        noProgressSession: Int = 6, priorRate: Double = 0.1876, empiricalMinimum: Int = 50,
        modelMinimumEpisodes: Int = 200
    ) {
        self.noProgressSession = noProgressSession
        self.priorRate = priorRate
        self.empiricalMinimum = empiricalMinimum
        self.modelMinimumEpisodes = modelMinimumEpisodes
    }

    public static let standard = TrackOptions()
}

/// The clinic's closed episodes that the empirical tiers learn from.
public struct TrackReference: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var clientID: String
        public var instrument: String
        public var baseline: Double
        /// Scores by episode session, the baseline first (t = its session within the episode).
        public var scores: [TrackScore]
        public var classification: EpisodeClassification?
        public init(
            clientID: String, instrument: String, baseline: Double, scores: [TrackScore],
            classification: EpisodeClassification?
        ) {
            self.clientID = clientID
            self.instrument = instrument
            self.baseline = baseline
            self.scores = scores
            self.classification = classification
        }
    }

    public var entries: [Entry]
    public init(entries: [Entry] = []) { self.entries = entries }

    /// The reference without one client's episodes (a client is never compared with itself).
    public func excluding(client: String) -> TrackReference {
        TrackReference(entries: entries.filter { $0.clientID != client })
    }

    /// Closed episodes of `instrument` that ended improved: the tier-2 reference.
    func improved(_ instrument: String) -> [Entry] {
        entries.filter {
            $0.instrument == instrument
                && [.reliableRecovery, .recovery, .reliableImprovement].contains($0.classification)
        }
    }

    /// Closed episodes of `instrument` with at least three scores: the tier-3 reference.
    func modelSet(_ instrument: String) -> [Entry] {
        entries.filter { $0.instrument == instrument && $0.scores.count >= 3 }
    }
}
