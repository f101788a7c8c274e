import Foundation
import Instruments
import Store

/// `rapport export` as a library call: chooses the records, de-identifies, builds the document of
/// the format, logs the export in the audit log, and writes the files. The command only parses
/// options, signs in and prints the warnings.
///
/// ```swift
/// let request = ExportRequest(format: .csv(.long), clients: ids)
/// let result = try Export.run(request, store: store)
/// try result.write(to: nil, notesTo: nil, standardOutput: { FileHandle.standardOutput.write($0) })
/// ```
public enum Export {
    /// Builds the export of `request` from `store` and logs it (`exportRun`) in the audit log;
    /// the log line is written before any data leaves (an export that cannot be audited does not
    /// happen). `progress(done, total)` is called before each client is read.
    /// - Throws: `StoreError`: the audit log cannot be written, a named client
    ///   (``ExportRequest/named``) cannot be read, or the clinic's salt for `deidentify`.
    ///   An unreadable client of an export of several is a warning instead.
    public static func run(
        _ request: ExportRequest, store: DataStore, progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws(StoreError) -> ExportResult {
        let single = request.named && request.clients.count == 1 ? request.clients.first : nil
        let dates = TidyOptions(from: request.from, to: request.to)
        var warnings: [ExportWarning] = []
        let result: ExportResult
        switch request.format {
        case .json:
            var all: [AdministrationRecord] = []
            for (id, outcome) in zip(request.clients, readAll(store, request.clients)) {
                guard let records = try accept(id, outcome, request, &warnings) else { continue }
                all += records.sorted { ($0.sessionDate.rawValue, $0.id) < ($1.sessionDate.rawValue, $1.id) }
            }
            let chosen = all.filter { dates.includes($0.sessionDate) }
            var out: Data
            do {
                out = try StoreCoding.encoder().encode(ExportDocument(records: chosen))
            } catch {
                throw .invalid("the export could not be encoded: \(error)")
            }
            out.append(0x0A)
            result = ExportResult(document: out, notes: nil, count: chosen.count, notesCount: nil, warnings: [])
        case .csv(let layout):
            var clients: [TidyClient] = []
            clients.reserveCapacity(request.clients.count)
            let loaded = TidyClient.loadAll(store, request.clients, progress: progress)
            for (id, outcome) in zip(request.clients, loaded) {
                switch outcome {
                case .success(let (client, problems)):
                    warnings += problems.map(ExportWarning.skippedFile)
                    clients.append(client)
                case .failure(let error):
                    // One unreadable client does not stop an export of the others.
                    if request.named { throw error }
                    warnings.append(.skippedClient(id, error))
                }
            }
            let deidentifier = request.deidentify ? Deidentifier(salt: try Deidentifier.clinicSalt(store)) : nil
            let options = TidyOptions(layout: layout, from: request.from, to: request.to, deidentifier: deidentifier)
            let table = TidyCSV.render(clients, options: options)
            let notes = request.notes ? TidyCSV.notes(clients, options: options) : nil
            result = ExportResult(
                document: Data(table.csv.utf8), notes: notes.map { Data($0.csv.utf8) }, count: table.administrations,
                notesCount: notes?.notes, warnings: [])
        case .redcap(let catalog):
            let records = try current(store, request, dates, progress, &warnings)
            let output = REDCapRecords.export(records: records, catalog: catalog)
            warnings += output.skipped.map(ExportWarning.skippedAdministration)
            result = ExportResult(
                document: Data(output.csv.utf8), notes: nil, count: output.rows, notesCount: nil, warnings: [])
        case .fhir(let catalog, let options, let now):
            let records = try current(store, request, dates, progress, &warnings)
            let output = FHIRExporter(catalog: catalog, options: options).export(records: records, now: now)
            warnings += output.skipped.map(ExportWarning.skippedAdministration)
            let bundle: Data
            do {
                bundle = try output.bundle.encoded()
            } catch {
                throw .invalid("the FHIR bundle could not be encoded: \(error)")
            }
            result = ExportResult(
                document: bundle, notes: nil, count: output.responseCount, notesCount: nil, warnings: [])
        }
        try store.audit.append(.exportRun, role: .admin, client: single, count: result.count)
        if let notesCount = result.notesCount {
            try store.audit.append(.exportRun, role: .admin, client: single, count: notesCount)
        }
        var done = result
        done.warnings = warnings
        return done
    }

    /// Every record of each client as stored (`DataStore.records`), read in parallel on the
    /// machine's cores; the outcomes are in the order of `ids`.
    static func readAll(
        _ store: DataStore, _ ids: [ClientID], progress: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) -> [Result<(records: [AdministrationRecord], problems: [StoreProblem]), StoreError>] {
        ParallelRead.map(ids, progress: progress) { id throws(StoreError) in try store.records(id) }
    }

    /// The records of a client read by `readAll`, with its unreadable files as warnings; nil (with
    /// a warning) for an unreadable client of an export of several.
    static func accept(
        _ id: ClientID, _ outcome: Result<(records: [AdministrationRecord], problems: [StoreProblem]), StoreError>,
        _ request: ExportRequest, _ warnings: inout [ExportWarning]
    ) throws(StoreError) -> [AdministrationRecord]? {
        switch outcome {
        case .success(let (records, problems)):
            warnings += problems.map(ExportWarning.skippedFile)
            return records
        case .failure(let error):
            if request.named { throw error }
            warnings.append(.skippedClient(id, error))
            return nil
        }
    }

    /// The current (not superseded) records of the request's clients in the date range.
    static func current(
        _ store: DataStore, _ request: ExportRequest, _ dates: TidyOptions, _ progress: (Int, Int) -> Void,
        _ warnings: inout [ExportWarning]
    ) throws(StoreError) -> [AdministrationRecord] {
        var out: [AdministrationRecord] = []
        for (id, outcome) in zip(request.clients, readAll(store, request.clients, progress: progress)) {
            guard let records = try accept(id, outcome, request, &warnings) else { continue }
            out += AdministrationRecord.current(records)
        }
        return out.filter { dates.includes($0.sessionDate) }
    }
}

/// What to export (``Export/run(_:store:progress:)``).
public struct ExportRequest: Sendable {
    /// The document built.
    public enum Format: Sendable {
        /// Tidy CSV (``TidyCSV``): one row per scale score, per item answer or per administration.
        case csv(TidyOptions.Layout)
        /// Every record as stored, superseded ones included (``ExportDocument``).
        case json
        /// A REDCap import CSV of the current records (``REDCapRecords``).
        case redcap(InstrumentCatalog)
        /// A FHIR R4 Bundle of the current records (``FHIRExporter``), stamped `now`.
        case fhir(InstrumentCatalog, FHIRExporter.Options, now: Date)
    }

    public var format: Format
    /// The clients, in order (the caller has already left out those the account may not see).
    public var clients: [ClientID]
    /// True when the one client was asked for by name: its read errors are thrown rather than
    /// skipped, and the audit line names it.
    public var named: Bool
    /// Only sessions dated on or after / on or before these days.
    public var from: SessionDate?
    public var to: SessionDate?
    /// CSV: pseudonymous client ids and therapists, dates shifted per client (``Deidentifier``).
    public var deidentify: Bool
    /// CSV: also build the therapists' notes (``TidyCSV/notes(_:options:)``).
    public var notes: Bool

    public init(
        format: Format, clients: [ClientID], named: Bool = false, from: SessionDate? = nil, to: SessionDate? = nil,
        deidentify: Bool = false, notes: Bool = false
    ) {
        self.format = format
        self.clients = clients
        self.named = named
        self.from = from
        self.to = to
        self.deidentify = deidentify
        self.notes = notes
    }
}

/// Something left out of an export, for a warning line.
public enum ExportWarning: Sendable, Equatable, CustomStringConvertible {
    /// A client that could not be read (an export of several clients goes on without it).
    case skippedClient(ClientID, StoreError)
    /// A file of a client that could not be read.
    case skippedFile(StoreProblem)
    /// An administration the format cannot hold (REDCap, FHIR), described without answers.
    case skippedAdministration(String)

    /// What was skipped and why, e.g. `client C1: no such client 'C1'`.
    public var description: String {
        switch self {
        case .skippedClient(let id, let error): "client \(id): \(error)"
        case .skippedFile(let problem): problem.description
        case .skippedAdministration(let text): text
        }
    }
}

/// An export's documents, the counts logged in the audit log, and what was left out.
public struct ExportResult: Sendable {
    /// The document (CSV, JSON or the FHIR Bundle), ending in a newline.
    public var document: Data
    /// The notes CSV, when asked for.
    public var notes: Data?
    /// Administrations (or rows, or responses) exported, as logged.
    public var count: Int
    /// Notes exported, as logged, when asked for.
    public var notesCount: Int?
    /// What was left out, in the order met.
    public var warnings: [ExportWarning]

    /// Writes the document to the file `path` (atomically, durably, 0600; relative to the working
    /// directory) or, when nil, hands it to `standardOutput`; then the notes to `notesPath`.
    public func write(
        to path: String?, notesTo notesPath: String?, fileSystem: some FileSystem = PosixFileSystem(),
        standardOutput: (Data) -> Void
    ) throws(StoreError) {
        if let path {
            try fileSystem.writeAtomically(document, to: Self.absolute(path), durable: true)
        } else {
            standardOutput(document)
        }
        if let notes, let notesPath {
            try fileSystem.writeAtomically(notes, to: Self.absolute(notesPath), durable: true)
        }
    }

    /// `path`, made absolute against the working directory.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
