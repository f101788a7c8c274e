import Foundation
import Instruments

extension DataStore {
    /// Writes many administrations of one client at once (demo data, imports): each record is
    /// written atomically, the summary once at the end. Every administration needs an explicit
    /// session (stored as given; readers number sessions by date); duplicates of (session date,
    /// rater, instrument) are refused as in `save`. When a record cannot be written or is refused,
    /// the records this call wrote are removed again and the summary is left as it was (a kill
    /// in the middle can still leave some of them: the generation counter is ahead, so the next
    /// read rebuilds the summary from what is on disk).
    public func importRecords(_ id: ClientID, _ items: [NewAdministration]) throws(StoreError) -> [AdministrationRecord]
    {
        _ = try client(id)
        let lock = try lockClient(id)
        defer { lock.unlock() }
        let (names, existing) = try recordListing(id)
        var files = existing
        var seen = Set<String>()
        if !names.isEmpty {
            for record in AdministrationRecord.current(try records(id).records) {
                seen.insert("\(record.sessionDate)/\(record.rater.rawValue)/\(record.instrument.id)")
            }
        }
        var sequence = names.map(\.sequence).max() ?? 0
        var written: [AdministrationRecord] = []
        written.reserveCapacity(items.count)
        let encoder = StoreCoding.encoder()
        let before = try freshSummary(id)
        let index = try beginIndexUpdate()
        let generation = lock.readCounter() + 1
        try lock.writeCounter(generation, durable: durable)
        do throws(StoreError) {
            for new in items {
                guard new.clientId == id, let session = new.session, (1...9999).contains(session) else {
                    throw .invalid("an imported administration needs this client and a session from 1 to 9999")
                }
                let key = "\(new.sessionDate)/\(new.rater.rawValue)/\(new.instrument.id)"
                guard seen.insert(key).inserted else {
                    throw .conflict(
                        "client \(id) already has a \(new.instrument.id) (\(new.rater.rawValue)) record dated \(new.sessionDate)"
                    )
                }
                let result: ScoreResult
                do {
                    result = try new.instrument.score(new.answers)
                } catch {
                    throw .invalid(error.description)
                }
                sequence += 1
                let name = RecordName(
                    session: session, rater: new.rater, instrument: new.instrument.id, sequence: sequence)
                let record = AdministrationRecord(
                    id: name.id, clientId: id, session: session, sessionDate: new.sessionDate, rater: new.rater,
                    instrument: InstrumentRef(id: new.instrument.id, version: new.instrument.version),
                    answers: new.answers,
                    result: result, administeredAt: new.administeredAt, savedAt: clock.now(), source: new.source,
                    language: new.language)
                let path = layout.record(id, name.id)
                var data: Data
                do {
                    data = try encoder.encode(record)
                } catch {
                    throw .invalid("\(path): cannot encode")
                }
                data.append(0x0A)
                if isSealed() { data = try seal(data, client: id, kind: .record, path: path, date: new.sessionDate) }
                try fs.writeAtomically(data, to: path, durable: durable)
                files += 1
                written.append(record)
            }
            let summary = try rebuiltSummaryFrom(id, adding: written, fileCount: files, generation: generation)
            index.commit(old: before, new: summary)
            try writeDerived(summary, to: layout.summary(id))
        } catch {
            for record in written { try? fs.remove(layout.record(id, record.id)) }
            // The counter is already ahead: the index is stale and the next read rebuilds it.
            index.abandon()
            throw error
        }
        return written
    }

    /// Takes back records written by `importRecords` (an import that failed for a later client):
    /// removes their files and rebuilds the summary, under the client's lock.
    public func undoImport(_ id: ClientID, _ written: [AdministrationRecord]) throws(StoreError) {
        let lock = try lockClient(id)
        defer { lock.unlock() }
        // The index holds the imported summary: mark it stale before anything is taken back.
        try invalidateCaseloadIndex()
        for record in written where record.clientId == id {
            let path = layout.record(id, record.id)
            if fs.exists(path) { try fs.remove(path) }
        }
        let generation = lock.readCounter() + 1
        try lock.writeCounter(generation, durable: durable)
        try writeDerived(try rebuiltSummary(id, generation: generation), to: layout.summary(id))
    }

    /// Removes a client that an import created, when its records are exactly the ones it wrote
    /// (never a client with any other record).
    public func removeImportedClient(_ id: ClientID, _ written: [AdministrationRecord]) throws(StoreError) {
        let names = Set(try recordNames(id).map(\.id))
        guard names == Set(written.map(\.id)) else {
            throw .conflict("client \(id) has records this import did not write; it is kept")
        }
        if try !notes(id).isEmpty { throw .conflict("client \(id) has notes; it is kept") }
        try invalidateCaseloadIndex()
        removeTree(layout.client(id))
        if durable { try syncDirectory(layout.clients) }
    }

    private func rebuiltSummaryFrom(
        _ id: ClientID, adding: [AdministrationRecord], fileCount: Int, generation: Int
    ) throws(StoreError) -> ClientSummary {
        // Fast path for a client whose only records are the ones just written.
        if fileCount == adding.count {
            return ClientSummary.build(
                clientId: id, records: adding, recordFileCount: fileCount, notes: try notes(id), generation: generation)
        }
        return try rebuiltSummary(id, generation: generation)
    }
}
