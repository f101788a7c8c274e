import Foundation
import Instruments

extension DataStore {
    /// Whether this process can open the files of a client (always, in a plaintext directory).
    func canReadCaseload(of id: ClientID) throws(StoreError) -> Bool {
        guard isSealed() else { return true }
        return keyring?.caseloadPrivateKey(of: try sealingTherapist(id)) != nil
    }

    /// The session date of a stored record without opening it: the clear `date` of a sealed
    /// record, else the plaintext record's date (a directory being migrated).
    func recordDate(_ id: ClientID, _ name: RecordName) throws(StoreError) -> SessionDate {
        let path = layout.record(id, name.id)
        let data = try fs.read(path)
        if let envelope = try? StoreCoding.decoder().decode(SealedEnvelope.self, from: data),
            envelope.schemaVersion == sealedSchemaVersion
        {
            guard let date = envelope.date else {
                throw .tampered(path: path, reason: "a sealed record without its date")
            }
            return date
        }
        return try decodeFromDisk(AdministrationRecord.self, from: data, path: path).sessionDate
    }

    /// `save` for a process that holds only public keys (a kiosk, a client's `rate`): the session
    /// number comes from the clear dates of the client's records, the same-day check from their
    /// names and dates, and the record is sealed to the client's therapist. The summary and the
    /// caseload index cannot be read here, so both are left stale (the counter moves on) and the
    /// next reader holding the key rebuilds them: nothing earlier is ever opened.
    func saveWithoutReading(
        _ new: NewAdministration, result: ScoreResult, lock: FileLock
    ) throws(StoreError) -> AdministrationRecord {
        let names = try recordNames(new.clientId)
        var dates: [String: SessionDate] = [:]
        for name in names { dates[name.id] = try recordDate(new.clientId, name) }
        let timeline = SessionTimeline(dates: dates.values)
        let session = timeline.numberForNew(new.sessionDate)
        if let s = new.session, s != session {
            throw .conflict(
                "session \(s) contradicts the date order: client \(new.clientId)'s form dated \(new.sessionDate) "
                    + (timeline.number(of: new.sessionDate) != nil ? "belongs to" : "would be") + " session \(session)")
        }
        if session > 9999 { throw .invalid("client \(new.clientId) has 9999 sessions, the most rapport keeps") }
        let sameDay = names.filter {
            $0.rater == new.rater && $0.instrument == new.instrument.id && dates[$0.id] == new.sessionDate
        }
        var supersedes: String?
        if let latest = sameDay.max(by: { $0.sequence < $1.sequence }) {
            guard new.replace else {
                throw .duplicateRecord(
                    client: new.clientId.rawValue, instrument: new.instrument.id, rater: new.rater.rawValue,
                    session: session, date: new.sessionDate.description)
            }
            supersedes = latest.id
        }
        let sequence = (names.map(\.sequence).max() ?? 0) + 1
        let name = RecordName(session: session, rater: new.rater, instrument: new.instrument.id, sequence: sequence)
        let record = AdministrationRecord(
            id: name.id, clientId: new.clientId, session: session, sessionDate: new.sessionDate, rater: new.rater,
            instrument: InstrumentRef(id: new.instrument.id, version: new.instrument.version), answers: new.answers,
            result: result, administeredAt: new.administeredAt, savedAt: clock.now(), source: new.source,
            supersedes: supersedes, language: new.language)
        let index = try beginIndexUpdate()
        defer { index.abandon() }
        try lock.writeCounter(lock.readCounter() + 1)
        try write(record, to: layout.record(new.clientId, name.id))
        try auditSaved(record)
        return record
    }
}
