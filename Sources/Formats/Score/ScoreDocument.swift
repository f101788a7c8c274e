import Foundation
import Instruments

/// The JSON document of `rapport score --json`: one object per scoring, keys in this order:
///
/// `{"instrument":…, "version":…, "scores":{scale:number|null}, "band":…|null, "missing":[…],
/// "prorated":bool, "valid":bool, "risk":[…], "riskUnanswered":[…]}`
///
/// `scores` lists the instrument's scales in their order; a scale that could not be scored is
/// `null`. Encodable, so any `Encoder` can write it; ``jsonLine()`` writes it as one line with
/// the keys in the order above (Foundation's `JSONEncoder` keeps no key order).
public struct ScoreDocument: Encodable, Sendable, Equatable {
    /// One scale's score.
    public struct Score: Sendable, Equatable {
        /// The scale id.
        public var id: String
        /// The score, nil when the scale could not be scored.
        public var score: Double?

        /// Creates a scale score.
        public init(id: String, score: Double?) {
            self.id = id
            self.score = score
        }
    }

    /// The instrument id.
    public var instrument: String
    /// The instrument's version.
    public var version: String
    /// Every scale's score, in the instrument's order.
    public var scores: [Score]
    /// The severity band of the primary scale, if any.
    public var band: String?
    /// The unanswered item numbers.
    public var missing: [Int]
    /// Whether any scale was prorated over missing items.
    public var prorated: Bool
    /// Whether every scale is valid.
    public var valid: Bool
    /// Risk items answered above 0.
    public var risk: [Int]
    /// Risk items left unanswered.
    public var riskUnanswered: [Int]

    /// The document of a scoring.
    public init(_ result: ScoreResult) {
        instrument = result.instrument
        version = result.version
        scores = result.scales.map { Score(id: $0.id, score: $0.score) }
        band = result.band
        missing = result.missing
        prorated = result.prorated
        valid = result.valid
        risk = result.risk
        riskUnanswered = result.riskUnanswered
    }

    /// The keys, in the order they are written.
    enum CodingKeys: String, CodingKey, CaseIterable {
        case instrument, version, scores, band, missing, prorated, valid, risk, riskUnanswered
    }

    /// A scale id as a key of the `scores` object.
    struct ScaleKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(instrument, forKey: .instrument)
        try c.encode(version, forKey: .version)
        var s = c.nestedContainer(keyedBy: ScaleKey.self, forKey: .scores)
        for score in scores {
            // Always written: a scale that could not be scored is `null`, never left out.
            try s.encode(score.score, forKey: ScaleKey(stringValue: score.id))
        }
        try c.encode(band, forKey: .band)
        try c.encode(missing, forKey: .missing)
        try c.encode(prorated, forKey: .prorated)
        try c.encode(valid, forKey: .valid)
        try c.encode(risk, forKey: .risk)
        try c.encode(riskUnanswered, forKey: .riskUnanswered)
    }

    /// The document as one line of JSON (ending in a line feed), keys in ``CodingKeys`` order and
    /// the scales in the instrument's order. Every key and value is encoded by `JSONEncoder`;
    /// only the object's order is laid out here.
    public func jsonLine() throws -> String {
        let encoder = JSONEncoder()
        func json(_ value: some Encodable) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        func object(_ members: [(String, String)]) throws -> String {
            "{" + (try members.map { try json($0.0) + ":" + $0.1 }).joined(separator: ",") + "}"
        }
        let scoresObject = try object(scores.map { ($0.id, try json($0.score)) })
        let members: [(String, String)] = try CodingKeys.allCases.map { key in
            switch key {
            case .instrument: (key.rawValue, try json(instrument))
            case .version: (key.rawValue, try json(version))
            case .scores: (key.rawValue, scoresObject)
            case .band: (key.rawValue, try json(band))
            case .missing: (key.rawValue, try json(missing))
            case .prorated: (key.rawValue, try json(prorated))
            case .valid: (key.rawValue, try json(valid))
            case .risk: (key.rawValue, try json(risk))
            case .riskUnanswered: (key.rawValue, try json(riskUnanswered))
            }
        }
        return try object(members) + "\n"
    }
}
