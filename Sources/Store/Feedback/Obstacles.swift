import Foundation

/// The therapist's answer to one obstacle question.
public enum ObstacleAnswer: String, Codable, Sendable, Equatable, CaseIterable {
    case yes, no, unsure
}

/// The areas of the therapist-side obstacle check (instead of a licensed client questionnaire):
/// the domains of the clinical support tools for clients who are not on track.
public enum ObstacleArea: String, Codable, Sendable, Equatable, CaseIterable {
    /// The working relationship (alliance).
    case relationship
    /// Motivation and goals.
    case motivation
    /// Social support.
    case support
    /// Recent life events.
    case lifeEvents
    /// Risk.
    case risk

    /// The words on screen.
    public var label: String {
        switch self {
        case .relationship: "relationship"
        case .motivation: "motivation/goals"
        case .support: "social support"
        case .lifeEvents: "life events"
        case .risk: "risk"
        }
    }
}

/// One obstacle check, recorded with a session (by its date, which does not change when a
/// backdated form renumbers the sessions). An area not asked is absent.
public struct ObstacleCheck: Codable, Sendable, Equatable {
    /// The session's date.
    public var date: SessionDate
    /// "Is this area a problem?" per area asked.
    public var answers: [ObstacleArea: ObstacleAnswer]
    /// Optional short notes per area (therapist-only).
    public var notes: [ObstacleArea: String]
    public var recordedAt: Date
    public var role: AuditRole

    public init(
        date: SessionDate, answers: [ObstacleArea: ObstacleAnswer], notes: [ObstacleArea: String] = [:],
        recordedAt: Date, role: AuditRole = .therapist
    ) {
        self.date = date
        self.answers = answers
        self.notes = notes
        self.recordedAt = recordedAt
        self.role = role
    }

    enum CodingKeys: String, CodingKey { case date, answers, notes, recordedAt, role }

    // Dictionaries keyed by area encode as JSON objects ({"relationship": "yes"}).
    public init(from decoder: any Decoder) throws {
        let k = try decoder.container(keyedBy: CodingKeys.self)
        date = try k.decode(SessionDate.self, forKey: .date)
        let rawAnswers = try k.decode([String: ObstacleAnswer].self, forKey: .answers)
        let rawNotes = try k.decodeIfPresent([String: String].self, forKey: .notes) ?? [:]
        func area(_ key: String) throws -> ObstacleArea {
            guard let a = ObstacleArea(rawValue: key) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .answers, in: k, debugDescription: "unknown obstacle area '\(key)'")
            }
            return a
        }
        var answers: [ObstacleArea: ObstacleAnswer] = [:]
        for (key, value) in rawAnswers { answers[try area(key)] = value }
        var notes: [ObstacleArea: String] = [:]
        for (key, value) in rawNotes { notes[try area(key)] = value }
        self.answers = answers
        self.notes = notes
        recordedAt = try k.decode(Date.self, forKey: .recordedAt)
        role = try k.decode(AuditRole.self, forKey: .role)
    }

    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(date, forKey: .date)
        try k.encode(Dictionary(uniqueKeysWithValues: answers.map { ($0.key.rawValue, $0.value) }), forKey: .answers)
        try k.encode(Dictionary(uniqueKeysWithValues: notes.map { ($0.key.rawValue, $0.value) }), forKey: .notes)
        try k.encode(recordedAt, forKey: .recordedAt)
        try k.encode(role, forKey: .role)
    }

    /// The areas answered "yes", in the order of `ObstacleArea`.
    public var problems: [ObstacleArea] { ObstacleArea.allCases.filter { answers[$0] == .yes } }
}

/// `clients/<id>/obstacles.json`: every check, in the order recorded (append-only).
public struct ObstaclesFile: Codable, Sendable, Equatable, AppendOnlyFile {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var checks: [ObstacleCheck]
    var entries: [ObstacleCheck] { checks }
    init(entries: [ObstacleCheck]) {
        schemaVersion = ObstaclesFile.currentSchemaVersion
        checks = entries
    }
}

extension DataStore {
    /// Longest note per area.
    public static let maxObstacleNote = 500

    /// The client's obstacle checks, in the order recorded.
    public func obstacleChecks(_ id: ClientID) throws(StoreError) -> [ObstacleCheck] {
        try readAppendOnly(ObstaclesFile.self, at: layout.obstacles(id))
    }

    /// The latest check recorded for the client's latest session date on or before `date`
    /// (default: any), the one the prompt triggers read.
    public func latestObstacleCheck(_ id: ClientID) throws(StoreError) -> ObstacleCheck? {
        ObstacleCheck.latest(try obstacleChecks(id))
    }

    /// Records an obstacle check with the client's session on `date`: written durably under the
    /// client's lock with an `obstaclesRecorded` audit line (the session number, never the answers).
    /// Refuses a check without any answer, a note for an area not answered, a note longer than
    /// `maxObstacleNote` or with a line break, and a date without a session.
    @discardableResult
    public func recordObstacles(
        _ id: ClientID, date: SessionDate, answers: [ObstacleArea: ObstacleAnswer], notes: [ObstacleArea: String] = [:],
        role: AuditRole = .therapist
    ) throws(StoreError) -> ObstacleCheck {
        guard !answers.isEmpty else { throw .invalid("an obstacle check needs at least one answer") }
        for (area, note) in notes {
            if answers[area] == nil { throw .invalid("a note for \(area.rawValue) needs an answer for it") }
            if note.count > DataStore.maxObstacleNote {
                throw .invalid("the \(area.rawValue) note is longer than \(DataStore.maxObstacleNote) characters")
            }
            if note.contains(where: \.isNewline) { throw .invalid("the \(area.rawValue) note must be one line") }
        }
        _ = try client(id)
        let lock = try lockClient(id)
        defer { lock.unlock() }
        let summary = try freshSummary(id)
        guard let session = summary.sessions.first(where: { $0.date == date }) else {
            throw .invalid("client \(id) has no session on \(date)")
        }
        let check = ObstacleCheck(
            date: date, answers: answers, notes: notes.filter { !$0.value.isEmpty }, recordedAt: clock.now(), role: role
        )
        try appendAudited(
            ObstaclesFile.self, entry: check, at: layout.obstacles(id),
            audit: AuditFacts(
                .obstaclesRecorded, role: role, client: id, session: session.session, count: answers.count))
        return check
    }
}

extension ObstacleCheck {
    /// The check of the latest session date; of several for that date, the last recorded.
    public static func latest(_ checks: [ObstacleCheck]) -> ObstacleCheck? {
        guard let day = checks.map(\.date).max() else { return nil }
        return checks.last { $0.date == day }
    }
}
