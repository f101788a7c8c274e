import Foundation
import Instruments

/// The answers so far of an unfinished battery, saved after every answer so nothing is lost.
public struct Draft: Codable, Sendable, Equatable {
    /// The schema version the file was written with.
    public var schemaVersion: Int
    /// The client answering.
    public var clientId: ClientID
    /// The session number when the draft was started (found again by date).
    public var session: Int
    /// The date of the session being answered.
    public var sessionDate: SessionDate
    /// Who answers: the client or the therapist.
    public var rater: Rater
    /// Instrument ids of the battery, in order.
    public var battery: [String]
    /// Answers per instrument id (item order; null = not answered yet or skipped).
    public var answers: [String: [Int?]]
    /// Items deliberately skipped, per instrument id (so a skipped item is not asked again on resume).
    public var skipped: [String: [Int]]
    /// Instrument ids already submitted as records.
    public var submitted: [String]
    /// When an answer was last saved.
    public var updatedAt: Date

    /// A draft of `battery` for one client, session and rater.
    public init(
        clientId: ClientID, session: Int, sessionDate: SessionDate, rater: Rater, battery: [String],
        answers: [String: [Int?]] = [:], skipped: [String: [Int]] = [:], submitted: [String] = [], updatedAt: Date
    ) {
        schemaVersion = currentSchemaVersion
        self.clientId = clientId
        self.session = session
        self.sessionDate = sessionDate
        self.rater = rater
        self.battery = battery
        self.answers = answers
        self.skipped = skipped
        self.submitted = submitted
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case schemaVersion, clientId, session, sessionDate, rater, battery, answers, skipped, submitted, updatedAt
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(schemaVersion, forKey: .schemaVersion)
        try c.encode(clientId, forKey: .clientId)
        try c.encode(session, forKey: .session)
        try c.encode(sessionDate, forKey: .sessionDate)
        try c.encode(rater, forKey: .rater)
        try c.encode(battery, forKey: .battery)
        var a = c.nestedContainer(keyedBy: DynamicKey.self, forKey: .answers)
        for (key, list) in answers {
            var l = a.nestedUnkeyedContainer(forKey: DynamicKey(key))
            for v in list {
                if let v { try l.encode(v) } else { try l.encodeNil() }
            }
        }
        try c.encode(skipped, forKey: .skipped)
        try c.encode(submitted, forKey: .submitted)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}

struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ s: String) { stringValue = s }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
