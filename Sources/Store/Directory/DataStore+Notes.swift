import Foundation
import Instruments

// Notes and risk acknowledgements: the therapist's additions to a client's file.

extension DataStore {
    // MARK: Notes

    /// The therapist's event notes of a client (none when the client has no notes file).
    public func notes(_ id: ClientID) throws(StoreError) -> [EventNote] {
        let path = layout.notes(id)
        guard fs.exists(path) else { return [] }
        return try decodeFromDisk(NotesFile.self, from: fs.read(path), path: path).notes
    }

    /// Adds a therapist's event note to a session (by number in date order); the note is stored
    /// with the session's date, so it stays with its session when a backdated form renumbers them.
    public func addNote(_ id: ClientID, session: Int, text: String) throws(StoreError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw .invalid("a note needs some text") }
        if trimmed.count > 500 { throw .invalid("a note is limited to 500 characters") }
        _ = try client(id)
        let lock = try lockClient(id)
        defer { lock.unlock() }
        var summary = try freshSummary(id)
        guard let date = summary.timeline.date(of: session) else {
            throw .invalid("client \(id) has no session \(session)")
        }
        // The summary's notes carry their dates (older notes placed by their session), so writing
        // them back also dates the notes of schemaVersion 1.
        var file = NotesFile(notes: summary.notes)
        file.notes.append(EventNote(session: session, date: date, text: trimmed, createdAt: clock.now()))
        let generation = lock.readCounter() + 1
        try lock.writeCounter(generation)
        try write(file, to: layout.notes(id))
        summary.notes = file.notes.sorted { $0.session < $1.session }
        summary.generation = generation
        try? writeReplacingDamaged(summary, to: layout.summary(id), durable: false)
    }

    // MARK: Risk acknowledgements

    /// Every risk acknowledgement of a client, oldest first.
    public func acknowledgements(_ id: ClientID) throws(StoreError) -> [RiskAcknowledgement] {
        let path = layout.acknowledgements(id)
        guard fs.exists(path) else { return [] }
        return try decodeFromDisk(AcknowledgementsFile.self, from: fs.read(path), path: path).acknowledgements
    }

    /// Acknowledges the risk flags of a session (by number in date order) that no one has
    /// acknowledged yet: written durably, one audit line per flag, then the summary. Returns the new
    /// acknowledgements; refuses a session with nothing to acknowledge.
    @discardableResult
    public func acknowledgeRisk(
        _ id: ClientID, session: Int, role: AuditRole = .therapist
    ) throws(StoreError)
        -> [RiskAcknowledgement]
    {
        _ = try client(id)
        let lock = try lockClient(id)
        defer { lock.unlock() }
        var summary = try freshSummary(id)
        guard let date = summary.timeline.date(of: session) else {
            throw .invalid("client \(id) has no session \(session)")
        }
        let open = summary.risk.filter { $0.session == session && !$0.acknowledged }
        if open.isEmpty {
            let any = summary.risk.contains { $0.session == session }
            throw .conflict(
                "client \(id) has no " + (any ? "unacknowledged " : "") + "risk item in session \(session) (\(date))")
        }
        let now = clock.now()
        let added = open.map {
            RiskAcknowledgement(
                recordId: $0.recordId, item: $0.item, instrument: $0.instrument, sessionDate: date, acknowledgedAt: now,
                role: role)
        }
        let previous = try acknowledgements(id)
        let before = summary
        let index = try beginIndexUpdate()
        let generation = lock.readCounter() + 1
        try lock.writeCounter(generation)
        try write(AcknowledgementsFile(acknowledgements: previous + added), to: layout.acknowledgements(id))
        do {
            for ack in added {
                try audit.append(.riskAcknowledged, role: role, client: id, session: session, record: ack.recordId)
            }
        } catch {
            // Not acknowledged unless audited: put the previous file back.
            if previous.isEmpty {
                try? fs.remove(layout.acknowledgements(id))
            } else {
                try? write(AcknowledgementsFile(acknowledgements: previous), to: layout.acknowledgements(id))
            }
            throw error
        }
        let keys = Set(added.map(\.key))
        for i in summary.risk.indices where keys.contains(summary.risk[i].key) { summary.risk[i].acknowledged = true }
        summary.generation = generation
        index.commit(old: before, new: summary)
        try? writeReplacingDamaged(summary, to: layout.summary(id), durable: false)
        return added
    }
}

struct NotesFile: Codable {
    var schemaVersion: Int = currentSchemaVersion
    var notes: [EventNote]
    init(notes: [EventNote]) { self.notes = notes }
}
