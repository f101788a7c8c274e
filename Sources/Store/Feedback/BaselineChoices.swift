import Foundation

/// What a therapist decided about an episode's baseline.
public enum BaselineAction: String, Codable, Sendable, Equatable, CaseIterable {
    /// Use the administration of this date as the baseline (earlier ones in the episode are skipped).
    case use
    /// The administration of this date is invalid: left out of the episode's outcome and track.
    case invalid
    /// Back to the original baseline: every earlier choice for the episode is undone.
    case reset
}

/// One baseline decision for one episode (by episode number). Kept append-only: the original
/// baseline and every decision stay on file and in the audit log.
public struct BaselineChoice: Codable, Sendable, Equatable {
    public var episode: Int
    public var action: BaselineAction
    /// The session date the decision is about (`nil` for `reset`).
    public var date: SessionDate?
    public var recordedAt: Date
    public var role: AuditRole

    public init(
        episode: Int, action: BaselineAction, date: SessionDate?, recordedAt: Date, role: AuditRole = .therapist
    ) {
        self.episode = episode
        self.action = action
        self.date = date
        self.recordedAt = recordedAt
        self.role = role
    }
}

/// The decisions in force for one episode: the chosen baseline date, if any, and the dates left out.
public struct BaselineSelection: Sendable, Equatable {
    public var use: SessionDate?
    public var invalid: Set<SessionDate>
    public init(use: SessionDate? = nil, invalid: Set<SessionDate> = []) {
        self.use = use
        self.invalid = invalid
    }

    public var isOriginal: Bool { use == nil && invalid.isEmpty }

    /// Replays the choices of `episode` in order: `use` replaces an earlier `use` (and makes its
    /// date valid again), `invalid` adds a date (and drops it as the chosen baseline), `reset`
    /// clears everything.
    public static func of(episode: Int, in choices: [BaselineChoice]) -> BaselineSelection {
        var s = BaselineSelection()
        for c in choices where c.episode == episode {
            switch c.action {
            case .reset: s = BaselineSelection()
            case .use:
                s.use = c.date
                if let d = c.date { s.invalid.remove(d) }
            case .invalid:
                if let d = c.date {
                    s.invalid.insert(d)
                    if s.use == d { s.use = nil }
                }
            }
        }
        return s
    }
}

/// `clients/<id>/baseline.json`: every decision, in the order made (append-only).
public struct BaselineChoicesFile: Codable, Sendable, Equatable, AppendOnlyFile {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var choices: [BaselineChoice]
    var entries: [BaselineChoice] { choices }
    init(entries: [BaselineChoice]) {
        schemaVersion = BaselineChoicesFile.currentSchemaVersion
        choices = entries
    }
}

extension DataStore {
    /// The client's baseline decisions, in the order made.
    public func baselineChoices(_ id: ClientID) throws(StoreError) -> [BaselineChoice] {
        try readAppendOnly(BaselineChoicesFile.self, at: layout.baselineChoices(id))
    }

    /// Records a baseline decision for episode `episode`: written durably under the client's lock
    /// with a `baselineChanged` audit line (the session number; `count` = the episode). `use` and
    /// `invalid` need the date of a session inside the episode (choosing a date marked invalid
    /// makes it valid again, see `BaselineSelection.of`); `reset` takes no date.
    @discardableResult
    public func chooseBaseline(
        _ id: ClientID, episode: Int, action: BaselineAction, date: SessionDate?, role: AuditRole = .therapist
    ) throws(StoreError) -> BaselineChoice {
        _ = try client(id)
        let lock = try lockClient(id)
        defer { lock.unlock() }
        let summary = try freshSummary(id)
        let episodes = Episode.split(
            sessions: summary.sessions.map { ($0.session, $0.date) }, discharges: try discharges(id))
        guard let e = episodes.first(where: { $0.number == episode }), e.firstSession != nil else {
            throw .invalid("client \(id) has no episode \(episode) (episodes: 1–\(episodes.count))")
        }
        var session: Int?
        if action == .reset {
            if date != nil { throw .invalid("a reset takes no date") }
        } else {
            guard let date else { throw .invalid("'\(action.rawValue)' needs a session date") }
            guard let s = summary.sessions.first(where: { $0.date == date }), e.contains(s.session) else {
                throw .invalid("client \(id) has no session on \(date) in episode \(episode)")
            }
            session = s.session
        }
        let choice = BaselineChoice(episode: episode, action: action, date: date, recordedAt: clock.now(), role: role)
        try appendAudited(
            BaselineChoicesFile.self, entry: choice, at: layout.baselineChoices(id),
            audit: AuditFacts(.baselineChanged, role: role, client: id, session: session, count: episode))
        return choice
    }
}
