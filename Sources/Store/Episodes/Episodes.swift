import Foundation
import Instruments

/// Why an episode of care ended.
public enum DischargeReason: String, Codable, Sendable, CaseIterable {
    /// Treatment finished as planned.
    case completed
    /// The client stopped attending (dropout).
    case dropout
    /// Referred on to another service.
    case referred
    /// Any other reason.
    case other
}

/// The end of one episode of care: every session on or before `date` (and after the previous
/// discharge) belongs to the episode it closes.
public struct Discharge: Codable, Sendable, Equatable {
    /// The discharge day (the last day of the episode).
    public var date: SessionDate
    /// Why the episode ended.
    public var reason: DischargeReason
    /// When it was recorded.
    public var recordedAt: Date

    public init(date: SessionDate, reason: DischargeReason, recordedAt: Date) {
        self.date = date
        self.reason = reason
        self.recordedAt = recordedAt
    }
}

/// `clients/<id>/episodes.json`: the client's discharges, in date order. An optional file with
/// its own `schemaVersion`; a client without it has one open episode.
public struct EpisodesFile: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var discharges: [Discharge]

    public init(discharges: [Discharge]) {
        schemaVersion = EpisodesFile.currentSchemaVersion
        self.discharges = discharges
    }
}

/// One episode of a client's care: its sessions (numbers in date order) and how it ended.
public struct Episode: Codable, Sendable, Equatable {
    /// 1, 2, 3 … in date order.
    public var number: Int
    /// The first session (intake) of the episode; `nil` when it has no session yet.
    public var firstSession: Int?
    /// The last session of the episode so far.
    public var lastSession: Int?
    /// The discharge that closed it; `nil` while it is open.
    public var discharge: Discharge?

    /// Splits a client's sessions into episodes at its discharges. Sessions after the last
    /// discharge form an open episode (present only when it has a session or there is no
    /// discharge at all).
    public static func split(sessions: [(session: Int, date: SessionDate)], discharges: [Discharge]) -> [Episode] {
        let ordered = discharges.sorted { $0.date < $1.date }
        var episodes: [Episode] = []
        var remaining = sessions.sorted { $0.session < $1.session }
        for d in ordered {
            let inside = remaining.filter { $0.date <= d.date }
            remaining.removeAll { $0.date <= d.date }
            episodes.append(
                Episode(
                    number: episodes.count + 1, firstSession: inside.first?.session, lastSession: inside.last?.session,
                    discharge: d))
        }
        if !remaining.isEmpty || ordered.isEmpty {
            episodes.append(
                Episode(
                    number: episodes.count + 1, firstSession: remaining.first?.session,
                    lastSession: remaining.last?.session, discharge: nil))
        }
        return episodes
    }

    /// Whether a session number lies in this episode.
    public func contains(_ session: Int) -> Bool {
        guard let first = firstSession, let last = lastSession else { return false }
        return (first...last).contains(session)
    }
}

extension DataLayout {
    /// `clients/<id>/episodes.json`.
    public func episodes(_ id: ClientID) -> String { client(id) + "/episodes.json" }
}

extension DataStore {
    /// The client's discharges, in date order (none when `episodes.json` is absent).
    public func discharges(_ id: ClientID) throws(StoreError) -> [Discharge] {
        let path = layout.episodes(id)
        guard fs.exists(path) else { return [] }
        let file = try decodeFromDisk(EpisodesFile.self, from: fs.read(path), path: path)
        if file.schemaVersion > EpisodesFile.currentSchemaVersion {
            throw .newerSchema(path: path, version: file.schemaVersion, supported: EpisodesFile.currentSchemaVersion)
        }
        return file.discharges.sorted { $0.date < $1.date }
    }

    /// The client's episodes, from the summary's sessions and the discharges.
    public func episodes(_ id: ClientID) throws(StoreError) -> [Episode] {
        let summary = try summary(id)
        return Episode.split(sessions: summary.sessions.map { ($0.session, $0.date) }, discharges: try discharges(id))
    }

    /// Closes the client's open episode on `date` (default: the latest session's date, else today):
    /// written durably under the client's lock, with an `episodeClosed` audit line. Refuses a
    /// date in the future, a date on or before the previous discharge, and an episode without a
    /// session.
    @discardableResult
    public func discharge(
        _ id: ClientID, date: SessionDate? = nil, reason: DischargeReason, role: AuditRole = .therapist
    ) throws(StoreError) -> Discharge {
        _ = try client(id)
        let lock = try lockClient(id)
        defer { lock.unlock() }
        let summary = try freshSummary(id)
        let previous = try discharges(id)
        let day = date ?? summary.sessions.last?.date ?? today
        if day > today { throw .invalid("discharge date \(day) is after today (\(today))") }
        if let last = previous.last, day <= last.date {
            throw .conflict("client \(id) was already discharged on \(last.date); a new discharge must be later")
        }
        let sessions = summary.sessions.filter { s in
            s.date <= day && (previous.last.map { s.date > $0.date } ?? true)
        }
        guard let lastSession = sessions.last else {
            throw .conflict("client \(id) has no session in the episode to close (on or before \(day))")
        }
        let added = Discharge(date: day, reason: reason, recordedAt: clock.now())
        // The caseload index keeps the client's discharges (CaseloadIndex.swift).
        try followingIndex(id) { () throws(StoreError) in
            try write(EpisodesFile(discharges: previous + [added]), to: layout.episodes(id))
            do throws(StoreError) {
                try audit.append(.episodeClosed, role: role, client: id, session: lastSession.session)
            } catch {
                // Not discharged unless audited: put the previous file back.
                if previous.isEmpty {
                    try? fs.remove(layout.episodes(id))
                } else {
                    try? write(EpisodesFile(discharges: previous), to: layout.episodes(id))
                }
                throw error
            }
        }
        return added
    }
}
