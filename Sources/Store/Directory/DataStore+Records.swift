import Foundation
import Instruments

// Records: reading administration records and saving a new one.

extension DataStore {
    // MARK: Records

    /// Parsed names of a client's record files.
    public func recordNames(_ id: ClientID) throws(StoreError) -> [RecordName] {
        try recordListing(id).names
    }

    /// The client's record files: their parsed names, and how many there are (every visible
    /// `.json` file, the count a summary's `recordCount` holds; see `freshSummaryNotingFile`).
    func recordListing(_ id: ClientID) throws(StoreError) -> (names: [RecordName], files: Int) {
        var files = 0
        let names = try fs.list(layout.records(id)).compactMap { name -> RecordName? in
            guard Self.isRecordFile(name) else { return nil }
            files += 1
            return RecordName(id: String(name.dropLast(5)))
        }
        return (names, files)
    }

    /// Whether a name in a records directory is a record file as a summary's `recordCount` counts
    /// them (hidden files are temporary files and a migration's copies).
    static func isRecordFile(_ name: String) -> Bool {
        name.hasSuffix(".json") && !name.hasPrefix(".")
    }

    /// How many record files the client has (`recordListing`'s count, without parsing the names).
    func recordFileCount(_ id: ClientID) throws(StoreError) -> Int {
        try fs.list(layout.records(id)).filter(Self.isRecordFile).count
    }

    /// Every record of a client that can be read; unreadable files are listed as problems.
    public func records(
        _ id: ClientID
    ) throws(StoreError) -> (records: [AdministrationRecord], problems: [StoreProblem]) {
        if !fs.exists(layout.client(id)) { throw .noSuchClient(id.rawValue) }
        try requireRealDirectory(layout.client(id))
        var records: [AdministrationRecord] = []
        var problems: [StoreProblem] = []
        let dir = layout.records(id)
        for name in try fs.list(dir).sorted() where !name.hasPrefix(".") {
            let path = dir + "/" + name
            guard name.hasSuffix(".json"), RecordName(id: String(name.dropLast(5))) != nil else {
                problems.append(StoreProblem(path: path, reason: "not a record file name"))
                continue
            }
            do {
                let record = try decodeFromDisk(AdministrationRecord.self, from: fs.read(path), path: path)
                if record.id + ".json" != name || record.clientId != id {
                    problems.append(StoreProblem(path: path, reason: "record id or client does not match its file"))
                    continue
                }
                records.append(record)
            } catch {
                // A record this process holds no key for is not a damaged one: nothing is read.
                if case .sealed = error { throw error }
                problems.append(StoreProblem(error, path: path))
            }
        }
        return (records, problems)
    }

    /// One record by id.
    public func record(_ client: ClientID, id: String) throws(StoreError) -> AdministrationRecord {
        guard RecordName(id: id) != nil else { throw .invalid("'\(StoreError.printable(id))' is not a record id") }
        let path = layout.record(client, id)
        return try decodeFromDisk(AdministrationRecord.self, from: fs.read(path), path: path)
    }

    /// The session number a new administration dated `date` would get: the number of the client's
    /// session that day, else its place in date order.
    public func session(for id: ClientID, on date: SessionDate) throws(StoreError) -> Int {
        try timeline(id).numberForNew(date)
    }

    /// The client's session timeline: the summary's, or, in a sealed directory without the
    /// caseload key (a client's `rate`, the kiosk: public keys only), the records' visible dates,
    /// as the public-key-only save numbers them.
    func timeline(_ id: ClientID) throws(StoreError) -> SessionTimeline {
        if try canReadCaseload(of: id) { return try summary(id).timeline }
        var dates: [SessionDate] = []
        for name in try recordNames(id) { dates.append(try recordDate(id, name)) }
        return SessionTimeline(dates: dates)
    }

    /// Today in the store's clock (the local calendar day).
    public var today: SessionDate { SessionDate(date: clock.now()) }

    /// Current (not superseded) records of a client dated `date`, optionally of one rater. Reads
    /// only the records whose file name could match (same rater and, when given, instrument).
    public func records(
        _ id: ClientID, on date: SessionDate, rater: Rater? = nil, instrument: String? = nil
    ) throws(StoreError) -> [AdministrationRecord] {
        // Not under the client's lock (the summary may be migrated); a day without a session has none.
        guard try timeline(id).number(of: date) != nil else { return [] }
        let names = try recordNames(id).filter {
            (rater == nil || $0.rater == rater) && (instrument == nil || $0.instrument == instrument)
        }
        var found: [AdministrationRecord] = []
        for name in names {
            guard let record = try? record(id, id: name.id), record.sessionDate == date else { continue }
            found.append(record)
        }
        return AdministrationRecord.current(found)
    }

    /// Scores and saves a completed administration under the client's lock; returns the record.
    /// The session is the one of the form's date in date order (a backdated form takes its place
    /// and later sessions move up); a date after today or before `SessionTimeline.earliestDate`,
    /// or an explicit session number other than the date's, is refused. A second administration
    /// of the same instrument by the same rater on a session date is refused unless `replace` is
    /// set, in which case the new record supersedes the old one (both are kept).
    @discardableResult
    public func save(_ new: NewAdministration) throws(StoreError) -> AdministrationRecord {
        let result: ScoreResult
        do {
            result = try new.instrument.score(new.answers)
        } catch {
            throw .invalid(error.description)
        }
        if let s = new.session, !(1...9999).contains(s) { throw .invalid("session must be from 1 to 9999") }
        try SessionTimeline.checkPlausible(new.sessionDate, today: today)
        let lock = try lockClient(new.clientId)
        defer { lock.unlock() }
        if try !canReadCaseload(of: new.clientId) {
            _ = try client(new.clientId)
            return try saveWithoutReading(new, result: result, lock: lock)
        }

        // Independent reads at the same time: the summary, and the client's file (read to refuse
        // a damaged one) with the record names (0.2 and 0.1 + 0.16 ms at 200 records). The
        // summary's record count is checked here against the names read (one listing, not two).
        let ((names, files), (stored, storedIntact)) = try atOnce(
            { () throws(StoreError) in
                _ = try client(new.clientId)
                return try recordListing(new.clientId)
            },
            { () throws(StoreError) in try freshSummaryNotingFile(new.clientId, checkRecordCount: false) })
        var summary = stored
        var intact = storedIntact
        if summary.recordCount != files {
            summary = try rebuiltSummary(new.clientId, generation: lock.readCounter())
            intact = false
        }
        let timeline = summary.timeline
        let session = try sessionForNew(new, in: timeline)
        // File names carry the number at save time, not the date: records of the same rater and
        // instrument are read to find one of the same day — only when the day already has a session.
        let dayExists = timeline.number(of: new.sessionDate) != nil
        let same = names.filter { dayExists && $0.rater == new.rater && $0.instrument == new.instrument.id }
        var sameDay: [RecordName] = []
        for name in same {
            guard let existing = try? record(new.clientId, id: name.id) else { continue }
            if existing.sessionDate == new.sessionDate { sameDay.append(name) }
        }
        let record = try newRecord(new, result: result, session: session, names: names, sameDay: sameDay)
        let before = summary
        // The client's counter does not move: the new record file is what makes the summary on
        // disk stale until the new one replaces it (its record count is one short). The caseload
        // index's counter is bumped and durable before the record's name appears (a crash after
        // that leaves it ahead of the index); its sync starts as soon as it is written, so that it
        // runs while the record is encoded and written under a temporary name, and with the
        // record's fsync.
        let generation = lock.readCounter()
        let (prepared, (index, indexCounter)) = try atOnce(
            { () throws(StoreError) in try prepareRecord(record) },
            { () throws(StoreError) in
                let index = try beginIndexUpdate(syncCounter: false)
                return (index, index.startCounterSync())
            })
        let pending = prepared.begin(durable: durable, syncDirectory: false, alongside: [])
        // While those syncs run: the new summary, its bytes, the index's line and the audit line
        // (nothing of it in place before the record is durable, and the summary and index line
        // not before the audit line is). A correction's summary is rebuilt from the records, so
        // after the record has its name.
        var ahead: (summary: ClientSummary, encoded: EncodedSummary?, line: Data?)?
        if record.supersedes == nil {
            var next = summary
            next.append(record)
            next.recordCount = files + 1
            next.generation = generation
            let encoded = EncodedSummary(next)
            ahead = (next, encoded, index.prepare(old: before, new: next, encoded: encoded))
        }
        let auditLine = prepareAuditSaved(record)
        // The new summary goes into its spare now (nothing reads a spare); its name only once the
        // record and its audit line are durable. Only over a summary read intact under this lock.
        let staged = intact ? ahead?.encoded.flatMap { stageSummary($0, of: new.clientId) } : nil
        try indexCounter?.wait()
        try pending.finish()
        try auditSaved(record, ready: auditLine)

        let encoded: EncodedSummary?
        if let ahead {
            summary = ahead.summary
            encoded = ahead.encoded
            index.commit(prepared: ahead.line)
        } else {
            summary = try rebuiltSummary(new.clientId, generation: generation)
            encoded = EncodedSummary(summary)
            index.commit(old: before, new: summary, encoded: encoded)
        }
        // The summary is derived data: written atomically but not fsynced. A crash or failure here
        // leaves a summary whose record count is one short of the files, which the next read rebuilds.
        // Read intact under this lock just above, the file is written over without a second decode.
        if staged?.commit() != true { try? writeSummary(summary, overIntact: intact, encoded: encoded) }
        return record
    }
}

extension DataStore {
    /// The number a new form gets (the rank of its date); a `--session` that contradicts the date
    /// order, or a 10,000th session, is refused. Shared by `save` and the kiosk's save.
    func sessionForNew(_ new: NewAdministration, in timeline: SessionTimeline) throws(StoreError) -> Int {
        let session = timeline.numberForNew(new.sessionDate)
        if let s = new.session, s != session {
            let has = timeline.number(of: new.sessionDate) != nil
            throw .conflict(
                "session \(s) contradicts the date order: client \(new.clientId)'s form dated \(new.sessionDate) "
                    + (has ? "belongs to session \(session)" : "would be session \(session)"))
        }
        if session > 9999 { throw .invalid("client \(new.clientId) has 9999 sessions, the most rapport keeps") }
        return session
    }

    /// The record to write: the next sequence number, superseding the latest of `sameDay` (records
    /// of the same rater, instrument and date) when the form says `replace`, refused as a
    /// duplicate otherwise.
    func newRecord(
        _ new: NewAdministration, result: ScoreResult, session: Int, names: [RecordName], sameDay: [RecordName]
    ) throws(StoreError) -> AdministrationRecord {
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
        return AdministrationRecord(
            id: name.id, clientId: new.clientId, session: session, sessionDate: new.sessionDate, rater: new.rater,
            instrument: InstrumentRef(id: new.instrument.id, version: new.instrument.version), answers: new.answers,
            result: result, administeredAt: new.administeredAt, savedAt: clock.now(), source: new.source,
            supersedes: supersedes, language: new.language)
    }
}
