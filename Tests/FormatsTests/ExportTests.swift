import Formats
import Foundation
import Instruments
import Store
import TestSupport
import Testing

/// `Export.run`: choosing records, de-identifying, building each format, the audit line and the
/// files, without the CLI.
@Suite("Export run")
struct ExportTests {
    func exportEntries(_ store: DataStore) throws -> [AuditEntry] {
        try store.audit.entries().filter { $0.event == .exportRun }
    }

    @Test func csvIsTheTidyTableAndIsAuditedWithoutAClient() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        var calls: [Int] = []
        let ids = try f.store.clientIDs().ids
        let result = try Export.run(ExportRequest(format: .csv(.long), clients: ids), store: f.store) { done, total in
            #expect(total == 2)
            calls.append(done)
        }
        let expected = TidyCSV.render(try f.clients(), options: TidyOptions())
        #expect(result.document == Data(expected.csv.utf8))
        #expect(result.count == 4 && result.notes == nil && result.warnings.isEmpty)
        #expect(calls == [0, 1])
        let audit = try exportEntries(f.store)
        #expect(audit.count == 1)
        #expect(audit.first?.count == 4 && audit.first?.client == nil && audit.first?.role == .admin)
    }

    @Test func layoutsAndDatesReachTheTable() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let ids = try f.store.clientIDs().ids
        let from = try SessionDate("2026-11-04")
        for layout in [TidyOptions.Layout.long, .items, .wide] {
            let result = try Export.run(
                ExportRequest(format: .csv(layout), clients: ids, from: from), store: f.store)
            let expected = TidyCSV.render(try f.clients(), options: TidyOptions(layout: layout, from: from))
            #expect(result.document == Data(expected.csv.utf8), "\(layout)")
            #expect(result.count == 3, "\(layout)")
        }
    }

    @Test func aNamedClientIsInTheAuditLineAndItsErrorsAreThrown() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let c1 = try ClientID("C1")
        let result = try Export.run(ExportRequest(format: .csv(.long), clients: [c1], named: true), store: f.store)
        #expect(result.count == 3)
        #expect(try exportEntries(f.store).last?.client == c1)
        let missing = try ClientID("C9")
        for format in [ExportRequest.Format.csv(.long), .json, .redcap(f.catalog)] {
            #expect(throws: StoreError.noSuchClient("C9")) {
                try Export.run(ExportRequest(format: format, clients: [missing], named: true), store: f.store)
            }
        }
        // Nothing exported, nothing logged.
        #expect(try exportEntries(f.store).count == 1)
    }

    @Test func anUnreadableClientOfSeveralIsAWarning() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let ids = try [ClientID("C1"), ClientID("C9")]
        for format in [ExportRequest.Format.csv(.long), .json, .redcap(f.catalog)] {
            let result = try Export.run(ExportRequest(format: format, clients: ids), store: f.store)
            #expect(result.warnings == [.skippedClient(try ClientID("C9"), .noSuchClient("C9"))])
            #expect(result.warnings.first?.description == "client C9: \(StoreError.noSuchClient("C9"))")
            #expect(result.count == 3)
        }
    }

    @Test func jsonHoldsEveryRecordAsStoredInDateOrder() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let ids = try f.store.clientIDs().ids
        let result = try Export.run(ExportRequest(format: .json, clients: ids), store: f.store)
        #expect(result.document.last == 0x0A)
        let object = try JSONSerialization.jsonObject(with: result.document) as? [String: Any]
        let records = try #require(object?["records"] as? [[String: Any]])
        #expect(records.count == 4 && result.count == 4)
        let dates = records.map { "\($0["clientId"] ?? "")/\($0["sessionDate"] ?? "")" }
        #expect(dates == ["C1/2026-11-03", "C1/2026-11-10", "C1/2026-11-17", "C2/2026-11-05"])
        let ranged = try Export.run(
            ExportRequest(format: .json, clients: ids, to: try SessionDate("2026-11-05")), store: f.store)
        #expect(ranged.count == 2)
        #expect(try exportEntries(f.store).map(\.count) == [4, 2])
    }

    @Test func notesAreTheirOwnDocumentAndTheirOwnAuditLine() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let ids = try f.store.clientIDs().ids
        let result = try Export.run(ExportRequest(format: .csv(.long), clients: ids, notes: true), store: f.store)
        let expected = TidyCSV.notes(try f.clients(), options: TidyOptions())
        #expect(result.notes == Data(expected.csv.utf8))
        #expect(result.notesCount == 1)
        #expect(try exportEntries(f.store).map(\.count) == [4, 1])
    }

    @Test func deidentifiedUsesTheClinicSalt() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let ids = try f.store.clientIDs().ids
        let result = try Export.run(ExportRequest(format: .csv(.long), clients: ids, deidentify: true), store: f.store)
        let text = String(decoding: result.document, as: UTF8.self)
        #expect(!text.contains("C1,") && !text.contains("Dr Lee"))
        let salt = try Deidentifier.clinicSalt(f.store)
        let expected = TidyCSV.render(
            try f.clients(), options: TidyOptions(deidentifier: Deidentifier(salt: salt)))
        #expect(text == expected.csv)
        // Every row's session date moved. (Not a search for the dates in the text: with a random
        // salt, a shifted date or timestamp of one row may equal another row's date.)
        let pseudonyms = Dictionary(
            ids.map { (Deidentifier(salt: salt).client($0), $0.rawValue) }, uniquingKeysWith: { a, _ in a })
        func key(_ row: [String: String], client: String?) -> [String?] {
            [client, row["session"], row["instrument"], row["scale"]]
        }
        let originals = Dictionary(
            try table(TidyCSV.render(try f.clients(), options: TidyOptions()).csv).rows.map {
                (key($0, client: $0["client_id"]), $0["session_date"])
            }, uniquingKeysWith: { a, _ in a })
        let rows = try table(text).rows
        #expect(rows.count == originals.count && pseudonyms.count == ids.count && ids.count == 2)
        for row in rows {
            let original = try #require(originals[key(row, client: pseudonyms[row["client_id"] ?? ""])])
            #expect(original != nil && row["session_date"] != original)
        }
    }

    @Test func redcapAndFHIRHoldTheCurrentRecords() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let ids = try f.store.clientIDs().ids
        let current = try ids.flatMap { AdministrationRecord.current(try f.store.records($0).records) }
        let redcap = try Export.run(ExportRequest(format: .redcap(f.catalog), clients: ids), store: f.store)
        let expected = REDCapRecords.export(records: current, catalog: f.catalog)
        #expect(redcap.document == Data(expected.csv.utf8) && redcap.count == expected.rows)
        let now = TidyFixture.time("2026-11-20T12:00:00Z")
        let fhir = try Export.run(
            ExportRequest(format: .fhir(f.catalog, .init(), now: now), clients: ids), store: f.store)
        let bundle = FHIRExporter(catalog: f.catalog).export(records: current, now: now)
        #expect(fhir.document == (try bundle.bundle.encoded()))
        #expect(fhir.count == bundle.responseCount && fhir.count == 4)
        #expect(try exportEntries(f.store).map(\.count) == [expected.rows, 4])
    }

    @Test func noAuditLineNoExport() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let ids = try f.store.clientIDs().ids
        // The audit log cannot be appended to: the export throws and hands nothing back.
        try? FileManager.default.removeItem(atPath: f.store.audit.path)
        try FileManager.default.createDirectory(atPath: f.store.audit.path, withIntermediateDirectories: false)
        #expect(throws: StoreError.self) {
            try Export.run(ExportRequest(format: .csv(.long), clients: ids), store: f.store)
        }
    }

    @Test func writesFiles0600OrStandardOutput() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let ids = try f.store.clientIDs().ids
        let result = try Export.run(ExportRequest(format: .csv(.long), clients: ids, notes: true), store: f.store)
        let out = f.directory.appending("out.csv")
        let notes = f.directory.appending("notes.csv")
        var printed: [Data] = []
        try result.write(to: out, notesTo: notes) { printed.append($0) }
        #expect(printed.isEmpty)
        for (path, data) in [(out, result.document), (notes, result.notes)] {
            #expect(FileManager.default.contents(atPath: path) == data)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600, "\(path)")
        }
        try result.write(to: nil, notesTo: nil) { printed.append($0) }
        #expect(printed == [result.document])
    }
}
