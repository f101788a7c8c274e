import Foundation
import Instruments

/// A problem found while reading the data directory; the rest stays usable.
public struct StoreProblem: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// Warnings (e.g. permissions wider than 0600) do not make a file unusable.
    public var isWarning: Bool
    public init(path: String, reason: String, isWarning: Bool = false) {
        self.path = path
        self.reason = reason
        self.isWarning = isWarning
    }
    public var description: String { "\(path): \(reason)" }

    init(_ error: StoreError, path: String) {
        switch error {
        case let .corrupt(p, reason): self.init(path: p, reason: reason)
        case let .newerSchema(p, version, supported):
            self.init(path: p, reason: "schemaVersion \(version) is newer than this rapport supports (\(supported))")
        default: self.init(path: path, reason: error.description)
        }
    }
}

/// The data directory: clients, append-only administration records, per-client summaries, drafts.
/// Every write is atomic (temp file, fsync, rename, fsync of the directory) and, per client,
/// serialised across processes by an advisory lock.
public struct DataStore: Sendable {
    public let layout: DataLayout
    public let fs: any FileSystem
    public let clock: any WallClock
    /// When false, writes skip fsync (bulk generation); call `fs.syncAll()` at the end.
    public var durable: Bool
    /// The keys this process holds (after sign-in, or public-only in a kiosk); nil for a
    /// plaintext directory that has not been migrated yet.
    public var keyring: (any Keyring)?
    /// The instruments, for records of schemaVersion 1, which do not record which risk items were
    /// left unanswered: when set, a summary rebuilt from such records flags them too.
    public var instrumentsForOldRecords: (@Sendable () -> InstrumentCatalog?)?

    public init(
        root: String, fileSystem: any FileSystem = PosixFileSystem(), clock: any WallClock = SystemClock(),
        durable: Bool = true
    ) {
        layout = DataLayout(root: root)
        fs = fileSystem
        self.clock = clock
        self.durable = durable
    }

    // MARK: Clinic

    /// Whether `rapport.json` exists.
    public var isInitialized: Bool { fs.exists(layout.config) }

    /// Creates the directory tree (0700) and the clinic config when missing; returns the config.
    @discardableResult
    public func initialize(demo: Bool = false) throws(StoreError) -> ClinicConfig {
        try fs.makeDirectory(layout.root)
        try fs.makeDirectory(layout.clients)
        try fs.makeDirectory(layout.instruments)
        try fs.makeDirectory(layout.caseload)
        startCaseloadIndex()
        if isInitialized { return try loadConfig() }
        let config = ClinicConfig(createdAt: clock.now(), demo: demo ? true : nil)
        try saveConfig(config)
        return config
    }

    public func requireInitialized() throws(StoreError) {
        if !isInitialized { throw .notInitialized(path: layout.root) }
    }

    public func loadConfig() throws(StoreError) -> ClinicConfig {
        try requireInitialized()
        return try StoreCoding.decode(ClinicConfig.self, from: fs.read(layout.config), path: layout.config)
    }

    public func saveConfig(_ config: ClinicConfig) throws(StoreError) {
        try write(config, to: layout.config)
    }

    // MARK: Clients

    /// Adds a client. The client directory appears complete or not at all (built aside, then renamed).
    @discardableResult
    public func addClient(
        _ id: ClientID, therapist: String? = nil, battery: [String]? = nil
    ) throws(StoreError)
        -> ClientRecord
    {
        try requireInitialized()
        if fs.exists(layout.client(id)) { throw .clientExists(id.rawValue) }
        let record = ClientRecord(id: id, therapist: therapist, battery: battery, createdAt: clock.now())
        let staging = layout.clients + "/.new-\(id.rawValue)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try fs.makeDirectory(staging)
        do throws(StoreError) {
            try fs.makeDirectory(staging + "/records")
            try fs.makeDirectory(staging + "/drafts")
            // The lock file exists from the start, so that taking the lock never changes the directory.
            try fs.writeAtomically(Data(), to: staging + "/.lock", durable: durable)
            try fs.writeAtomically(
                StoreCoding.encode(record, path: layout.clientFile(id)), to: staging + "/client.json", durable: durable)
            let summary = ClientSummary(clientId: id, recordCount: 0, sessions: [], series: [:], risk: [], notes: [])
            try fs.writeAtomically(
                StoreCoding.encode(summary, path: layout.summary(id)), to: staging + "/summary.json", durable: durable)
            if fs.exists(layout.client(id)) { throw StoreError.clientExists(id.rawValue) }
            let index = try beginIndexUpdate()
            try fs.rename(staging, to: layout.client(id))
            index.commit(old: nil, new: summary)
        } catch {
            removeTree(staging)
            if case let .io(_, operation, code) = error, operation == "rename", code == ENOTEMPTY || code == EEXIST {
                throw .clientExists(id.rawValue)
            }
            throw error
        }
        if durable { try syncDirectory(layout.clients) }
        return record
    }

    /// Changes a client's record under the client's lock.
    @discardableResult
    public func updateClient(_ id: ClientID, _ change: (inout ClientRecord) -> Void) throws(StoreError) -> ClientRecord
    {
        let lock = try lockClient(id)
        defer { lock.unlock() }
        var record = try client(id)
        change(&record)
        try write(record, to: layout.clientFile(id))
        return record
    }

    public func client(_ id: ClientID) throws(StoreError) -> ClientRecord {
        let path = layout.clientFile(id)
        if !fs.exists(layout.client(id)) { throw .noSuchClient(id.rawValue) }
        try requireRealDirectory(layout.client(id))
        return try StoreCoding.decode(ClientRecord.self, from: fs.read(path), path: path)
    }

    /// Every client id, sorted; entries that are not valid client directories are problems.
    public func clientIDs() throws(StoreError) -> (ids: [ClientID], problems: [StoreProblem]) {
        try requireInitialized()
        var ids: [ClientID] = []
        var problems: [StoreProblem] = []
        for name in try fs.list(layout.clients).sorted() where !name.hasPrefix(".") {
            if let id = try? ClientID(name) {
                ids.append(id)
            } else {
                problems.append(
                    StoreProblem(path: layout.clients + "/" + name, reason: "not a valid client directory name"))
            }
        }
        return (ids, problems)
    }

    // MARK: Records

    /// Parsed names of a client's record files.
    public func recordNames(_ id: ClientID) throws(StoreError) -> [RecordName] {
        try fs.list(layout.records(id)).compactMap { name in
            guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
            return RecordName(id: String(name.dropLast(5)))
        }
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
                let record = try StoreCoding.decode(AdministrationRecord.self, from: fs.read(path), path: path)
                if record.id + ".json" != name || record.clientId != id {
                    problems.append(StoreProblem(path: path, reason: "record id or client does not match its file"))
                    continue
                }
                records.append(record)
            } catch {
                problems.append(StoreProblem(error, path: path))
            }
        }
        return (records, problems)
    }

    /// One record by id.
    public func record(_ client: ClientID, id: String) throws(StoreError) -> AdministrationRecord {
        guard RecordName(id: id) != nil else { throw .invalid("'\(StoreError.printable(id))' is not a record id") }
        let path = layout.record(client, id)
        return try StoreCoding.decode(AdministrationRecord.self, from: fs.read(path), path: path)
    }

    /// The session number a new administration dated `date` would get: the number of the client's
    /// session that day, else its place in date order.
    public func session(for id: ClientID, on date: SessionDate) throws(StoreError) -> Int {
        try self.summary(id).timeline.numberForNew(date)
    }

    /// Today in the store's clock (the local calendar day).
    public var today: SessionDate { SessionDate(date: clock.now()) }

    /// Current (not superseded) records of a client dated `date`, optionally of one rater. Reads
    /// only the records whose file name could match (same rater and, when given, instrument).
    public func records(
        _ id: ClientID, on date: SessionDate, rater: Rater? = nil, instrument: String? = nil
    ) throws(StoreError) -> [AdministrationRecord] {
        // Not under the client's lock (the summary may be migrated); a day without a session has none.
        guard try summary(id).timeline.number(of: date) != nil else { return [] }
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
        _ = try client(new.clientId)
        let lock = try lockClient(new.clientId)
        defer { lock.unlock() }

        var summary = try freshSummary(new.clientId)
        let names = try recordNames(new.clientId)
        let session = summary.timeline.numberForNew(new.sessionDate)
        if let s = new.session, s != session {
            let has = summary.timeline.number(of: new.sessionDate) != nil
            throw .conflict(
                "session \(s) contradicts the date order: client \(new.clientId)'s form dated \(new.sessionDate) "
                    + (has ? "belongs to session \(session)" : "would be session \(session)"))
        }
        if session > 9999 { throw .invalid("client \(new.clientId) has 9999 sessions, the most rapport keeps") }
        // File names carry the number at save time, not the date: records of the same rater and
        // instrument are read to find one of the same day — only when the day already has a session.
        let dayExists = summary.timeline.number(of: new.sessionDate) != nil
        let same = names.filter { dayExists && $0.rater == new.rater && $0.instrument == new.instrument.id }
        var supersedes: String?
        var sameDay: [RecordName] = []
        for name in same {
            guard let existing = try? record(new.clientId, id: name.id) else { continue }
            if existing.sessionDate == new.sessionDate { sameDay.append(name) }
        }
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
        // The caseload index's counter moves first too (its lock is taken after the client's).
        let before = summary
        let index = try beginIndexUpdate()
        let generation = lock.readCounter() + 1
        try lock.writeCounter(generation)
        try write(record, to: layout.record(new.clientId, name.id))
        try auditSaved(record)

        if supersedes == nil {
            summary.append(record)
            summary.recordCount = names.count + 1
            summary.generation = generation
        } else {
            summary = try rebuiltSummary(new.clientId, generation: generation)
        }
        index.commit(old: before, new: summary)
        // The summary is derived data: written atomically but not fsynced. A crash or failure here
        // leaves a summary whose generation is behind the lock file's, which the next read rebuilds.
        try? writeReplacingDamaged(summary, to: layout.summary(new.clientId), durable: false)
        return record
    }

    // MARK: Summaries

    /// The client's summary; rebuilt in memory from the records when it is missing, damaged or stale.
    /// A summary of an older schemaVersion is rebuilt and written back at once (under the client's
    /// lock, best effort), so that a migrated data directory reads one summary per client again.
    public func summary(_ id: ClientID) throws(StoreError) -> ClientSummary {
        try freshSummary(id, migrate: true)
    }

    /// The summary when it reflects the client's latest change (its generation equals the lock
    /// file's counter), else one rebuilt from the records. One small read plus the summary file.
    /// `migrate` must be false when the caller holds the client's lock.
    func freshSummary(_ id: ClientID, migrate: Bool = false) throws(StoreError) -> ClientSummary {
        let path = layout.summary(id)
        try requireRealDirectory(layout.client(id))
        let generation = FileLock.peekCounter(path: layout.lock(id))
        if let data = try? fs.read(path),
            let summary = SummaryDecoder.decode(data)
                ?? (try? StoreCoding.decode(ClientSummary.self, from: data, path: path)),
            summary.clientId == id
        {
            if summary.generation == generation, summary.schemaVersion == currentSchemaVersion { return summary }
            // Written back only by a store that can also flag the risk items version 1 did not record.
            if migrate, instrumentsForOldRecords != nil, summary.schemaVersion < currentSchemaVersion,
                let migrated = try? migrateSummary(id)
            {
                return migrated
            }
        }
        if !fs.exists(layout.client(id)) { throw .noSuchClient(id.rawValue) }
        return try rebuiltSummary(id, generation: generation)
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
        let count = try fs.list(layout.records(id)).filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.count
        return ClientSummary.build(
            clientId: id, records: records, recordFileCount: count, notes: try notes(id),
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
        var out: [ClientSummary] = []
        var problems = idProblems
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

    // MARK: Notes

    public func notes(_ id: ClientID) throws(StoreError) -> [EventNote] {
        let path = layout.notes(id)
        guard fs.exists(path) else { return [] }
        return try StoreCoding.decode(NotesFile.self, from: fs.read(path), path: path).notes
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
        return try StoreCoding.decode(AcknowledgementsFile.self, from: fs.read(path), path: path).acknowledgements
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

    // MARK: Drafts

    public func saveDraft(_ draft: Draft) throws(StoreError) {
        _ = try client(draft.clientId)
        try fs.makeDirectory(layout.drafts(draft.clientId))
        try writeReplacingDamaged(draft, to: layout.draft(draft.clientId, session: draft.session, rater: draft.rater))
    }

    public func loadDraft(_ id: ClientID, session: Int, rater: Rater) throws(StoreError) -> Draft? {
        let path = layout.draft(id, session: session, rater: rater)
        guard fs.exists(path) else { return nil }
        return try StoreCoding.decode(Draft.self, from: fs.read(path), path: path)
    }

    /// The client's draft of a rater's battery dated `date` (the newest, if several), whatever
    /// session number it was saved under.
    public func draft(_ id: ClientID, on date: SessionDate, rater: Rater) throws(StoreError) -> Draft? {
        try drafts(id).filter { $0.sessionDate == date && $0.rater == rater }.max { $0.updatedAt < $1.updatedAt }
    }

    /// Every draft of a client (unreadable ones are skipped; `check` reports them).
    public func drafts(_ id: ClientID) throws(StoreError) -> [Draft] {
        let dir = layout.drafts(id)
        return try fs.list(dir).sorted().compactMap { name in
            guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
            let path = dir + "/" + name
            return try? StoreCoding.decode(Draft.self, from: fs.read(path), path: path)
        }
    }

    public func deleteDraft(_ id: ClientID, session: Int, rater: Rater) throws(StoreError) {
        try fs.remove(layout.draft(id, session: session, rater: rater))
        if durable { try? syncDirectory(layout.drafts(id)) }
    }

    // MARK: Helpers

    func write<T: Encodable>(_ value: T, to path: String) throws(StoreError) {
        try fs.writeAtomically(StoreCoding.encode(value, path: path), to: path, durable: durable)
    }

    /// Writes derived data (summaries): atomic, not fsynced; rebuilt when found stale.
    func writeDerived<T: Encodable>(_ value: T, to path: String) throws(StoreError) {
        try fs.writeAtomically(StoreCoding.encode(value, path: path), to: path, durable: false)
    }

    /// Takes the client's advisory lock (blocks until free).
    public func lockClient(_ id: ClientID) throws(StoreError) -> FileLock {
        if !fs.exists(layout.client(id)) { throw .noSuchClient(id.rawValue) }
        try requireRealDirectory(layout.client(id))
        return try FileLock(path: layout.lock(id))
    }

    func syncDirectory(_ dir: String) throws(StoreError) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw .io(path: dir, operation: "open directory", errno: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .io(path: dir, operation: "fsync directory", errno: errno) }
    }

    func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}

struct NotesFile: Codable {
    var schemaVersion: Int = currentSchemaVersion
    var notes: [EventNote]
    init(notes: [EventNote]) { self.notes = notes }
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
