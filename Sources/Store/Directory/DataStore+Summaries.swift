import Foundation
import Instruments

// Summaries: the derived per-client summary, read fresh or rebuilt from the records.

extension DataStore {
    // MARK: Summaries

    /// The client's summary; rebuilt in memory from the records when it is missing, damaged or stale.
    /// A summary of an older schemaVersion or derived by older rules is rebuilt and written back at
    /// once (under the client's lock, best effort), so that a migrated data directory reads one
    /// summary per client again.
    public func summary(_ id: ClientID) throws(StoreError) -> ClientSummary {
        try freshSummary(id, migrate: true)
    }

    /// The summary when it reflects the client's latest change (its generation equals the lock
    /// file's counter, and its record count the number of record files), else one rebuilt from
    /// the records. A small read, the summary file and a listing of the records directory.
    /// `migrate` must be false when the caller holds the client's lock.
    func freshSummary(_ id: ClientID, migrate: Bool = false) throws(StoreError) -> ClientSummary {
        try freshSummaryNotingFile(id, migrate: migrate).summary
    }

    /// `freshSummary`, and whether the stored file was read intact and is the summary returned
    /// (`storedIntact`): then a caller holding the client's lock knows the file is not damaged
    /// and may write over it without reading it again (`writeSummary(_:overIntact:)`).
    ///
    /// A new record does not move the client's counter (a save would otherwise flush one file
    /// more): the record file itself makes the stored summary's `recordCount` one short until the
    /// save writes the new summary. Every other change (notes, acknowledgements, imports, a
    /// record taken back or quarantined) moves the counter durably. The directory is listed after
    /// the summary is read, so a save between the two is seen. `checkRecordCount` false leaves that
    /// check to a caller that lists the records itself (the save, under the client's lock).
    func freshSummaryNotingFile(
        _ id: ClientID, migrate: Bool = false, checkRecordCount: Bool = true
    ) throws(StoreError) -> (summary: ClientSummary, storedIntact: Bool) {
        let path = layout.summary(id)
        try requireRealDirectory(layout.client(id))
        let generation = FileLock.peekCounter(path: layout.lock(id))
        if let stored = try? fs.read(path), let summary = decodeStoredSummary(stored, path: path),
            summary.clientId == id
        {
            if summary.generation == generation, summary.isCurrentFormat {
                if !checkRecordCount { return (summary, true) }
                if try summary.recordCount == recordFileCount(id) { return (summary, true) }
            }
            // A summary of version 1 is written back only by a store that can also flag the risk
            // items version 1 did not record; one derived by older rules by any store.
            let older =
                summary.schemaVersion < currentSchemaVersion
                ? instrumentsForOldRecords != nil
                : (summary.derivation ?? 1) < ClientSummary.currentDerivation
            if migrate, older, let migrated = try? migrateSummary(id) {
                return (migrated, false)
            }
        }
        if !fs.exists(layout.client(id)) { throw .noSuchClient(id.rawValue) }
        return (try rebuiltSummary(id, generation: generation), false)
    }

    /// A stored summary's bytes decoded, or nil. In a plaintext directory a summary the fast
    /// decoder reads is plain JSON of the current schemaVersion (a sealed envelope is version 3,
    /// which it refuses), so the envelope check of `plaintext(of:)` — a second full JSON parse —
    /// is only made when the fast decoder fails or the directory is sealed.
    private func decodeStoredSummary(_ stored: Data, path: String) -> ClientSummary? {
        if !isSealed(), let summary = SummaryDecoder.decode(stored) { return summary }
        guard let data = try? plaintext(of: stored, path: path) else { return nil }
        return SummaryDecoder.decode(data) ?? (try? StoreCoding.decode(ClientSummary.self, from: data, path: path))
    }

    /// Writes a client's summary (derived data: atomic, not fsynced) under the client's lock. When
    /// the caller read the stored file intact under that same lock (`freshSummaryNotingFile`), it
    /// is written over directly; otherwise through `writeReplacingDamaged`, which moves a damaged
    /// file aside first, so that a damaged summary is never overwritten.
    /// `encoded`, when given, is `summary` already encoded (a save writes it to the index too).
    func writeSummary(
        _ summary: ClientSummary, overIntact intact: Bool, encoded: EncodedSummary? = nil
    ) throws(StoreError) {
        let path = layout.summary(summary.clientId)
        if intact, let encoded {
            try fs.replaceDerived(encodeForDisk(plain: encoded.file, path: path), at: path)
        } else if intact {
            try fs.replaceDerived(encodeForDisk(summary, path: path), at: path)
        } else {
            try writeReplacingDamaged(summary, to: path, durable: false)
        }
    }

    /// A summary's bytes written into its spare, to be put in place by `commit()` (see
    /// ``FileSystem/stageDerived(_:at:)``); nil when it cannot be staged (then `writeSummary`).
    func stageSummary(_ encoded: EncodedSummary, of id: ClientID) -> StagedReplace? {
        let path = layout.summary(id)
        guard let data = try? encodeForDisk(plain: encoded.file, path: path) else { return nil }
        return fs.stageDerived(data, at: path)
    }

    func rebuiltSummary(_ id: ClientID, generation: Int) throws(StoreError) -> ClientSummary {
        var (records, _) = try records(id)
        if let instrumentsForOldRecords {
            var catalog: InstrumentCatalog??
            for i in records.indices where records[i].schemaVersion < 2 && records[i].answers.contains(nil) {
                if catalog == nil { catalog = .some(instrumentsForOldRecords()) }
                guard let found = catalog ?? nil, let instrument = try? found.instrument(records[i].instrument.id)
                else { continue }
                records[i].result.riskUnanswered = instrument.risk.compactMap { flag in
                    guard let index = instrument.items.firstIndex(where: { $0.number == flag.item }),
                        index < records[i].answers.count, records[i].answers[index] == nil
                    else { return nil }
                    return flag.item
                }
            }
        }
        return ClientSummary.build(
            clientId: id, records: records, recordFileCount: try recordFileCount(id), notes: try notes(id),
            acknowledged: Set(try acknowledgements(id).map(\.key)), generation: generation)
    }

    /// Rebuilds and writes a summary of an older schemaVersion (under the lock; derived data, not fsynced).
    func migrateSummary(_ id: ClientID) throws(StoreError) -> ClientSummary {
        let lock = try lockClient(id)
        defer { lock.unlock() }
        let summary = try rebuiltSummary(id, generation: lock.readCounter())
        try writeReplacingDamaged(summary, to: layout.summary(id), durable: false)
        return summary
    }

    /// Rewrites a client's summary from its records (under the lock).
    public func rebuildSummary(_ id: ClientID) throws(StoreError) {
        let lock = try lockClient(id)
        defer { lock.unlock() }
        try invalidateCaseloadIndex()
        try writeReplacingDamaged(try rebuiltSummary(id, generation: lock.readCounter()), to: layout.summary(id))
    }

    /// Summaries of every client (one file read per client), plus problems met on the way.
    public func summaries() throws(StoreError) -> (summaries: [ClientSummary], problems: [StoreProblem]) {
        let (ids, idProblems) = try clientIDs()
        let (out, problems) = try summaries(of: ids)
        return (out, idProblems + problems)
    }

    /// Summaries of `ids` (one file read per client), plus problems met on the way: what a
    /// signed-in account reads of its visible caseload, so no other client is read or named.
    public func summaries(
        of ids: [ClientID]
    ) throws(StoreError) -> (
        summaries: [ClientSummary], problems: [StoreProblem]
    ) {
        var out: [ClientSummary] = []
        var problems: [StoreProblem] = []
        out.reserveCapacity(ids.count)
        for id in ids {
            do {
                out.append(try freshSummary(id, migrate: true))
            } catch {
                problems.append(StoreProblem(error, path: layout.client(id)))
            }
        }
        return (out, problems)
    }
}

extension ClientSummary {
    /// Adds one new (not superseding) record to the summary. A record dated before the last
    /// session inserts its session in date order: every later session, point, risk flag and note
    /// moves up by one.
    mutating func append(_ record: AdministrationRecord) {
        var timeline = self.timeline
        let (session, inserted) = timeline.insert(record.sessionDate)
        if inserted {
            func shift(_ n: Int) -> Int { n >= session ? n + 1 : n }
            for key in series.keys {
                series[key] = series[key]?.map { ScorePoint(session: shift($0.session), value: $0.value) }
            }
            for i in risk.indices { risk[i].session = shift(risk[i].session) }
            for i in notes.indices where notes[i].date != nil { notes[i].session = shift(notes[i].session) }
            sessions = timeline.sessions
        }
        for scale in record.result.scales {
            guard let value = scale.score else { continue }
            let key = SeriesKey(instrument: record.instrument.id, rater: record.rater, scale: scale.id).text
            series[key, default: []].append(ScorePoint(session: session, value: value))
            series[key]?.sort { $0.session < $1.session }
        }
        risk += RiskFlag.flags(of: record, session: session, acknowledged: [])
        risk.sort(by: RiskFlag.inOrder)
        notes.sort { $0.session < $1.session }
    }
}
