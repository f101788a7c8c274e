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
    /// caseload index cannot be read here: the summary is left stale (one record short of the
    /// files) and the client is listed stale in the index (a non-clinical line), so the next reader
    /// holding the key refreshes just that client: nothing earlier is ever opened.
    func saveWithoutReading(
        _ new: NewAdministration, result: ScoreResult, lock: FileLock
    ) throws(StoreError) -> AdministrationRecord {
        let names = try recordNames(new.clientId)
        var dates: [String: SessionDate] = [:]
        for name in names { dates[name.id] = try recordDate(new.clientId, name) }
        let timeline = SessionTimeline(dates: dates.values)
        let session = try sessionForNew(new, in: timeline)
        let sameDay = names.filter {
            $0.rater == new.rater && $0.instrument == new.instrument.id && dates[$0.id] == new.sessionDate
        }
        let record = try newRecord(new, result: result, session: session, names: names, sameDay: sameDay)
        let therapist = try sealingTherapist(new.clientId)
        // As in `save`: the index's counter synced together with the record's contents; the
        // client's does not move (the new record file leaves the summary one record short).
        let index = try beginIndexUpdate(syncCounter: false)
        do {
            try writeRecord(record, alongside: index.counterSyncs)
        } catch {
            index.abandon()
            throw error
        }
        index.markStale(new.clientId, therapist: therapist)
        try auditSaved(record)
        return record
    }
}
