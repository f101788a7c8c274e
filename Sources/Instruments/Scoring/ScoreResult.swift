import Foundation

/// The score of one scale of one administration.
public struct ScaleScore: Codable, Sendable, Equatable {
    public var id: String
    /// nil when the scale is invalid (too many items missing).
    public var score: Double?
    public var valid: Bool
    /// Item numbers of this scale that were not answered.
    public var missing: [Int]
    /// True when the score was computed from fewer items than the scale has.
    public var prorated: Bool
    public var answered: Int

    public init(id: String, score: Double?, valid: Bool, missing: [Int], prorated: Bool, answered: Int) {
        self.id = id
        self.score = score
        self.valid = valid
        self.missing = missing
        self.prorated = prorated
        self.answered = answered
    }
}

/// The result of scoring one administration: every scale, the band of the primary scale,
/// missing items and risk items. An incomplete administration is a result, not an error.
public struct ScoreResult: Codable, Sendable, Equatable {
    public var instrument: String
    public var version: String
    public var scales: [ScaleScore]
    public var primaryScale: String
    public var band: String?
    public var missing: [Int]
    public var prorated: Bool
    /// False when any scale has more missing items than it allows.
    public var valid: Bool
    /// Risk items answered above their threshold.
    public var risk: [Int]
    /// Risk items left unanswered: whether the client is at risk is not known (ask in person).
    /// Absent in records of schemaVersion 1 (read as empty).
    public var riskUnanswered: [Int]

    public init(
        instrument: String, version: String, scales: [ScaleScore], primaryScale: String, band: String?,
        missing: [Int], prorated: Bool, valid: Bool, risk: [Int], riskUnanswered: [Int] = []
    ) {
        self.instrument = instrument
        self.version = version
        self.scales = scales
        self.primaryScale = primaryScale
        self.band = band
        self.missing = missing
        self.prorated = prorated
        self.valid = valid
        self.risk = risk
        self.riskUnanswered = riskUnanswered
    }

    enum CodingKeys: String, CodingKey {
        case instrument, version, scales, primaryScale, band, missing, prorated, valid, risk, riskUnanswered
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        instrument = try c.decode(String.self, forKey: .instrument)
        version = try c.decode(String.self, forKey: .version)
        scales = try c.decode([ScaleScore].self, forKey: .scales)
        primaryScale = try c.decode(String.self, forKey: .primaryScale)
        band = try c.decodeIfPresent(String.self, forKey: .band)
        missing = try c.decode([Int].self, forKey: .missing)
        prorated = try c.decode(Bool.self, forKey: .prorated)
        valid = try c.decode(Bool.self, forKey: .valid)
        risk = try c.decode([Int].self, forKey: .risk)
        riskUnanswered = try c.decodeIfPresent([Int].self, forKey: .riskUnanswered) ?? []
    }

    /// Risk items answered above threshold or left unanswered.
    public var needsRiskFollowUp: Bool { !risk.isEmpty || !riskUnanswered.isEmpty }

    /// Score of the scale with this id (nil when invalid or unknown).
    public func score(_ scale: String) -> Double? {
        scales.first { $0.id == scale }?.score
    }

    /// Score of the primary scale.
    public var primaryScore: Double? { score(primaryScale) }
}

/// Why a set of answers cannot be scored at all.
public enum AnswerError: Error, Equatable, Sendable, CustomStringConvertible {
    case wrongCount(instrument: String, expected: Int, got: Int)
    case outOfRange(instrument: String, item: Int, value: Int, allowed: ClosedRange<Int>)
    case notANumber(instrument: String, item: Int, text: String)

    public var description: String {
        switch self {
        case let .wrongCount(instrument, expected, got):
            return "\(instrument) has \(expected) items but \(got) answers were given"
        case let .outOfRange(instrument, item, value, allowed):
            return
                "\(instrument) item \(item): \(value) is not on the response scale (\(allowed.lowerBound)–\(allowed.upperBound))"
        case let .notANumber(instrument, item, text):
            return "\(instrument) item \(item): '\(text)' is not a number"
        }
    }
}
