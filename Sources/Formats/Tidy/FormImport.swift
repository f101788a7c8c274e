import Foundation
import Instruments
import Store

/// Why an import was refused: the row (numbered as in a spreadsheet, the header being row 1) and
/// the reason. Nothing is written when an import is refused.
public struct ImportError: Error, Equatable, CustomStringConvertible {
    public var row: Int?
    public var reason: String
    public init(row: Int?, _ reason: String) {
        self.row = row
        self.reason = reason
    }
    public var description: String { row.map { "row \($0): \(reason)" } ?? reason }
}

/// One completed form read from an import file, before it is checked against the data directory.
public struct ImportForm: Sendable {
    /// The form's first row in the file.
    public var row: Int
    public var clientId: ClientID
    /// The therapist named in the file (used when the import creates the client).
    public var therapist: String?
    public var instrument: Instrument
    public var sessionDate: SessionDate
    /// The session number in the file, checked against the date order; nil: not given.
    public var session: Int?
    public var rater: Rater
    public var answers: [Int?]
    /// When the form was completed; nil: not given (the time of the import, as `record`).
    public var administeredAt: Date?
    /// The language shown; nil: English.
    public var language: String?
}

/// `rapport import`: many completed forms at once, from the tidy item CSV (`export --format csv
/// --items`) or a REDCap records CSV (`export --format redcap`). Every form is checked as `record`
/// checks one (instrument, rater, answers, scoring, dates, session order, no second form of an
/// instrument and rater on a day) before anything is written: all or nothing.
public enum FormImport {
    public enum Format: String, Sendable, CaseIterable { case csv, redcap }

    // MARK: Reading

    public static func read(
        _ text: String, format: Format, catalog: InstrumentCatalog
    ) throws(ImportError) -> [ImportForm] {
        let rows: [[String]]
        do {
            rows = try CSV.parse(text)
        } catch {
            throw ImportError(row: nil, "not a CSV file: \(error.description)")
        }
        guard let header = rows.first else { throw ImportError(row: nil, "the file is empty") }
        let body = Array(rows.dropFirst())
        for (index, row) in body.enumerated() where row.count != header.count {
            throw ImportError(row: index + 2, "\(row.count) fields, the header has \(header.count)")
        }
        switch format {
        case .csv: return try readTidy(header, body, catalog)
        case .redcap: return try readREDCap(header, body, catalog)
        }
    }

    static func readTidy(
        _ header: [String], _ body: [[String]], _ catalog: InstrumentCatalog
    ) throws(ImportError) -> [ImportForm] {
        var column: [String: Int] = [:]
        for (i, name) in header.enumerated() where column[name] == nil {
            column[name.trimmingCharacters(in: .whitespaces)] = i
        }
        if column["item"] == nil && column["scale"] != nil {
            throw ImportError(
                row: 1,
                "this is the table of scores; import reads the table of item answers (export --format csv --items)")
        }
        for name in ["client_id", "session_date", "instrument", "item", "answer"] where column[name] == nil {
            throw ImportError(row: 1, "no column '\(name)'")
        }
        func cell(_ row: [String], _ name: String) -> String {
            column[name].map { row[$0].trimmingCharacters(in: .whitespaces) } ?? ""
        }
        struct Building {
            var form: ImportForm
            var itemRows: [Int?]
            var version: String
            var sessionText: String
            var atText: String
        }
        var forms: [String: Building] = [:]
        var order: [String] = []
        for (index, row) in body.enumerated() {
            let n = index + 2
            let common = try formFields(
                n, client: cell(row, "client_id"), date: cell(row, "session_date"),
                instrumentID: cell(row, "instrument"),
                catalog)
            let inst = common.instrument
            let version = cell(row, "instrument_version")
            if !version.isEmpty && version != inst.version {
                throw ImportError(
                    row: n, "\(inst.id) version \(version) is not in the catalog (it has version \(inst.version))")
            }
            let rater = try raterField(n, cell(row, "rater"), inst)
            let key = [common.client.rawValue, common.date.rawValue, rater.rawValue, inst.id].joined(separator: "\u{0}")
            let sessionText = cell(row, "session")
            let atText = cell(row, "administered_at")
            if forms[key] == nil {
                let session = try sessionField(n, sessionText)
                let at = try timeField(n, atText)
                let language = try languageField(n, cell(row, "language"))
                let therapist = cell(row, "therapist")
                if therapist.count > 60
                    || therapist.unicodeScalars.contains(where: {
                        $0.properties.generalCategory == .control || $0 == "{" || $0 == "}"
                    })
                {
                    throw ImportError(
                        row: n,
                        "the therapist's name is longer than 60 characters or holds control characters or braces")
                }
                forms[key] = Building(
                    form: ImportForm(
                        row: n, clientId: common.client, therapist: therapist.isEmpty ? nil : therapist,
                        instrument: inst,
                        sessionDate: common.date, session: session, rater: rater,
                        answers: Array(repeating: nil, count: inst.items.count), administeredAt: at, language: language),
                    itemRows: Array(repeating: nil, count: inst.items.count), version: version,
                    sessionText: sessionText,
                    atText: atText)
                order.append(key)
            }
            guard var b = forms[key] else { continue }
            if sessionText != b.sessionText || atText != b.atText {
                throw ImportError(
                    row: n,
                    "its session or administered_at differs from row \(b.form.row) of the same \(inst.id) form (client \(common.client), \(common.date))"
                )
            }
            let itemText = cell(row, "item")
            guard let item = Int(itemText), (1...inst.items.count).contains(item) else {
                throw ImportError(
                    row: n, "item '\(printable(itemText))' is not an item of \(inst.id) (1–\(inst.items.count))")
            }
            if let first = b.itemRows[item - 1] {
                throw ImportError(
                    row: n,
                    "a second answer to \(inst.id) item \(item) for client \(common.client) on \(common.date) (the first is row \(first)); a form is entered once"
                )
            }
            b.itemRows[item - 1] = n
            b.form.answers[item - 1] = try answerField(n, cell(row, "answer"), item: item, inst)
            forms[key] = b
        }
        var out: [ImportForm] = []
        for key in order {
            guard let b = forms[key] else { continue }
            let missing = b.itemRows.enumerated().filter { $0.element == nil }.map { String($0.offset + 1) }
            if !missing.isEmpty {
                throw ImportError(
                    row: b.form.row,
                    "the \(b.form.instrument.id) form of client \(b.form.clientId) on \(b.form.sessionDate) has no row for item \(missing.joined(separator: ", ")) (a missing answer is an empty answer cell)"
                )
            }
            out.append(b.form)
        }
        return out
    }

    static func readREDCap(
        _ header: [String], _ body: [[String]], _ catalog: InstrumentCatalog
    ) throws(ImportError) -> [ImportForm] {
        var column: [String: Int] = [:]
        for (i, name) in header.enumerated() where column[name] == nil { column[name] = i }
        for name in [REDCapDictionary.recordIDField, "redcap_repeat_instrument"] where column[name] == nil {
            throw ImportError(row: 1, "no column '\(name)'")
        }
        var out: [ImportForm] = []
        for (index, row) in body.enumerated() {
            let n = index + 2
            func cell(_ name: String) -> String {
                column[name].map { row[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            }
            let form = cell("redcap_repeat_instrument")
            let record = cell(REDCapDictionary.recordIDField)
            if form.isEmpty {
                // A REDCap export's row of the record itself (no repeating form): nothing to enter.
                let others = row.enumerated().filter { $0.offset != column[REDCapDictionary.recordIDField] }
                if others.allSatisfy({ $0.element.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
                throw ImportError(row: n, "no redcap_repeat_instrument: every form must be a repeating instrument")
            }
            guard let inst = catalog.instruments.first(where: { REDCapDictionary.formName($0.id) == form }) else {
                throw ImportError(row: n, "form '\(printable(form))' is not an instrument of the catalog")
            }
            let dateField = REDCapDictionary.dateField(inst)
            guard column[dateField] != nil else { throw ImportError(row: 1, "no column '\(dateField)'") }
            let common = try formFields(n, client: record, date: cell(dateField), instrumentID: inst.id, catalog)
            let complete = "\(form)_complete"
            if column[complete] != nil, cell(complete) != "2" {
                throw ImportError(
                    row: n,
                    "the \(form) form is not marked complete (\(complete) is '\(printable(cell(complete)))'; 2 = complete)"
                )
            }
            var answers: [Int?] = []
            for (i, item) in inst.items.enumerated() {
                let field = REDCapDictionary.itemField(inst, item.number)
                guard column[field] != nil else { throw ImportError(row: 1, "no column '\(field)'") }
                answers.append(try answerField(n, cell(field), item: i + 1, inst))
            }
            out.append(
                ImportForm(
                    row: n, clientId: common.client, therapist: nil, instrument: inst, sessionDate: common.date,
                    session: nil,
                    rater: inst.rater, answers: answers, administeredAt: nil, language: nil))
        }
        return out
    }

    // MARK: Fields

    static func formFields(
        _ n: Int, client: String, date: String, instrumentID: String, _ catalog: InstrumentCatalog
    ) throws(ImportError) -> (client: ClientID, date: SessionDate, instrument: Instrument) {
        let id: ClientID
        do { id = try ClientID(client) } catch { throw ImportError(row: n, error.description) }
        let day: SessionDate
        do { day = try SessionDate(date) } catch { throw ImportError(row: n, error.description) }
        let inst: Instrument
        do { inst = try catalog.instrument(instrumentID) } catch { throw ImportError(row: n, error.description) }
        return (id, day, inst)
    }

    static func raterField(_ n: Int, _ text: String, _ inst: Instrument) throws(ImportError) -> Rater {
        if text.isEmpty { return inst.rater }
        guard let r = Rater(rawValue: text) else {
            throw ImportError(row: n, "rater '\(printable(text))' must be client or therapist")
        }
        if r != inst.rater {
            throw ImportError(row: n, "\(inst.id) is filled in by the \(inst.rater.rawValue), not the \(r.rawValue)")
        }
        return r
    }

    static func sessionField(_ n: Int, _ text: String) throws(ImportError) -> Int? {
        if text.isEmpty { return nil }
        guard let s = Int(text), (1...9999).contains(s) else {
            throw ImportError(row: n, "session '\(printable(text))' must be a number from 1 to 9999")
        }
        return s
    }

    static func timeField(_ n: Int, _ text: String) throws(ImportError) -> Date? {
        if text.isEmpty { return nil }
        guard let d = try? Date(text, strategy: Date.ISO8601FormatStyle()) else {
            throw ImportError(
                row: n, "administered_at '\(printable(text))' is not an ISO 8601 time (2026-11-03T09:00:00Z)")
        }
        return d
    }

    static func languageField(_ n: Int, _ text: String) throws(ImportError) -> String? {
        if text.isEmpty || text == "en" { return nil }
        let ok =
            text.count <= 35
            && text.split(separator: "-", omittingEmptySubsequences: false).allSatisfy {
                (1...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            }
        guard ok else {
            throw ImportError(row: n, "language '\(printable(text))' is not a language tag such as de or pt-BR")
        }
        return text
    }

    static func answerField(_ n: Int, _ text: String, item: Int, _ inst: Instrument) throws(ImportError) -> Int? {
        if text.isEmpty { return nil }
        var probe: [Int?] = Array(repeating: nil, count: inst.items.count)
        guard let value = Int(text) else {
            throw ImportError(
                row: n,
                AnswerError.notANumber(instrument: inst.id, item: inst.items[item - 1].number, text: printable(text))
                    .description)
        }
        probe[item - 1] = value
        do { try inst.validate(answers: probe) } catch { throw ImportError(row: n, error.description) }
        return value
    }

    static func printable(_ s: String) -> String {
        String(s.unicodeScalars.filter { !CharacterSet.controlCharacters.contains($0) }.prefix(40).map(Character.init))
    }

    // MARK: Checking against the data directory

    /// What an import will write: per client, whether it is created and its forms as the bulk
    /// path takes them (sessions numbered by date).
    public struct Plan: Sendable {
        public struct Client: Sendable {
            public var id: ClientID
            public var therapist: String?
            public var create: Bool
            public var administrations: [NewAdministration]
        }
        public var clients: [Client]
        public var forms: Int { clients.reduce(0) { $0 + $1.administrations.count } }
    }

    /// Checks every form against the data directory as `record` would (dates, session order,
    /// duplicates, scoring) and returns what to write. Clients that do not exist are created
    /// (with the file's therapist). Throws the first problem in row order; store errors pass through.
    public static func plan(_ forms: [ImportForm], store: DataStore, source: RecordSource, now: Date) throws -> Plan {
        let today = store.today
        var byClient: [ClientID: [ImportForm]] = [:]
        for f in forms { byClient[f.clientId, default: []].append(f) }
        var problems: [ImportError] = []
        var clients: [Plan.Client] = []
        for id in byClient.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
            let list = (byClient[id] ?? []).sorted { $0.row < $1.row }
            var existingDates: [SessionDate] = []
            var taken: [String: Int?] = [:]  // key → row in the file (nil: already stored)
            let create = !store.fs.exists(store.layout.client(id))
            if !create {
                _ = try store.client(id)
                existingDates = try store.summary(id).sessions.map(\.date)
                for r in AdministrationRecord.current(try store.records(id).records) {
                    taken["\(r.sessionDate)/\(r.rater.rawValue)/\(r.instrument.id)"] = .some(nil)
                }
            }
            let timeline = SessionTimeline(dates: existingDates + list.map(\.sessionDate))
            var administrations: [NewAdministration] = []
            for f in list {
                do throws(ImportError) {
                    administrations.append(
                        try check(f, id: id, timeline: timeline, taken: &taken, today: today, source: source, now: now))
                } catch {
                    problems.append(error)
                    break
                }
            }
            clients.append(
                Plan.Client(
                    id: id, therapist: list.compactMap(\.therapist).first, create: create,
                    administrations: administrations))
        }
        if let first = problems.min(by: { ($0.row ?? 0) < ($1.row ?? 0) }) { throw first }
        return Plan(clients: clients)
    }

    static func check(
        _ f: ImportForm, id: ClientID, timeline: SessionTimeline, taken: inout [String: Int?], today: SessionDate,
        source: RecordSource, now: Date
    ) throws(ImportError) -> NewAdministration {
        if f.sessionDate > today {
            throw ImportError(row: f.row, "session date \(f.sessionDate) is in the future (today is \(today))")
        }
        if f.sessionDate < SessionTimeline.earliestDate {
            throw ImportError(
                row: f.row,
                "session date \(f.sessionDate) is implausibly old (the earliest accepted is \(SessionTimeline.earliestDate))"
            )
        }
        let key = "\(f.sessionDate)/\(f.rater.rawValue)/\(f.instrument.id)"
        if let previous = taken[key] {
            if let previous {
                throw ImportError(
                    row: f.row,
                    "a second \(f.instrument.id) (\(f.rater.rawValue)) form for client \(id) on \(f.sessionDate) (the first is row \(previous))"
                )
            }
            throw ImportError(
                row: f.row,
                "client \(id) already has a \(f.instrument.id) (\(f.rater.rawValue)) record dated \(f.sessionDate); correct it with record --replace"
            )
        }
        taken[key] = .some(f.row)
        let number = timeline.numberForNew(f.sessionDate)
        if let s = f.session, s != number {
            throw ImportError(
                row: f.row,
                "session \(s) contradicts the date order: client \(id)'s form dated \(f.sessionDate) is session \(number)"
            )
        }
        if number > 9999 { throw ImportError(row: f.row, "client \(id) would have more than 9999 sessions") }
        do {
            _ = try f.instrument.score(f.answers)
        } catch {
            throw ImportError(row: f.row, error.description)
        }
        return NewAdministration(
            clientId: id, session: number, sessionDate: f.sessionDate, rater: f.rater, instrument: f.instrument,
            answers: f.answers, administeredAt: f.administeredAt ?? now, source: source, language: f.language)
    }

    // MARK: Writing

    /// Writes a plan with the store's bulk path and logs one `importRun` audit line (the number
    /// of forms). When any client cannot be written (or the audit line cannot be appended), what
    /// this import wrote is taken back, clients it created removed: nothing is left half-written
    /// unless the process is killed in the middle.
    @discardableResult
    public static func write(_ plan: Plan, store: DataStore, role: AuditRole = .system) throws(StoreError) -> Int {
        var done: [(id: ClientID, created: Bool, written: [AdministrationRecord])] = []
        do throws(StoreError) {
            for c in plan.clients {
                if c.create {
                    try store.addClient(c.id, therapist: c.therapist)
                    done.append((c.id, true, []))
                }
                let written = try store.importRecords(c.id, c.administrations)
                if c.create { done[done.count - 1].written = written } else { done.append((c.id, false, written)) }
            }
            let single = plan.clients.count == 1 ? plan.clients.first?.id : nil
            try store.audit.append(.importRun, role: role, client: single, count: plan.forms)
        } catch {
            for d in done.reversed() {
                if d.created {
                    try? store.removeImportedClient(d.id, d.written)
                } else {
                    try? store.undoImport(d.id, d.written)
                }
            }
            throw error
        }
        return plan.forms
    }
}
