import Formats
import Foundation
import Instruments
import Store
import TestSupport
import Testing

@Suite("Import of completed forms")
struct FormImportTests {
    /// Imports `text` into `target`: read, plan, write.
    @discardableResult
    func importText(
        _ text: String, _ format: FormImport.Format, into target: TidyFixture, source: RecordSource = .import
    ) throws -> Int {
        let forms = try FormImport.read(text, format: format, catalog: target.catalog)
        let plan = try FormImport.plan(forms, store: target.store, source: source, now: Fixtures.referenceDate)
        return try FormImport.write(plan, store: target.store)
    }

    /// The long table without the columns an import cannot carry over (source; episodes, since
    /// discharges are not imported).
    func comparable(_ fixture: TidyFixture) throws -> [[String: String]] {
        try table(TidyCSV.render(try fixture.clients(), options: TidyOptions()).csv).rows.map {
            $0.filter { $0.key != "source" && $0.key != "episode" }
        }
    }

    @Test func itemTableRoundTripsIntoAnEmptyDirectory() throws {
        let a = try TidyFixture.make()
        defer { a.remove() }
        let b = try TidyFixture.emptyStore("rapport-import")
        defer { b.remove() }
        let csv = TidyCSV.render(try a.clients(), options: TidyOptions(layout: .items)).csv
        #expect(try importText(csv, .csv, into: b, source: .paper) == 4)
        #expect(try comparable(b) == comparable(a))
        #expect(try b.store.client(try ClientID("C1")).therapist == "Dr Lee")
        let records = try b.store.records(try ClientID("C1")).records
        #expect(records.allSatisfy { $0.source == .paper })
        #expect(records.contains { $0.language == "de" } && records.filter { $0.language == nil }.count == 2)
        // One audit line for the whole import, with the number of forms.
        let imports = try b.store.audit.entries().filter { $0.event == .importRun }
        #expect(imports.count == 1 && imports.first?.count == 4 && imports.first?.role == .system)
        #expect(try b.store.audit.entries().filter { $0.event == .recordSaved }.isEmpty)
    }

    @Test func redcapRecordsRoundTrip() throws {
        let a = try TidyFixture.make()
        defer { a.remove() }
        let b = try TidyFixture.emptyStore("rapport-import")
        defer { b.remove() }
        let records = try a.store.clientIDs().ids.flatMap {
            AdministrationRecord.current(try a.store.records($0).records)
        }
        let csv = REDCapRecords.export(records: records, catalog: a.catalog).csv
        #expect(try importText(csv, .redcap, into: b) == 4)
        func key(_ r: AdministrationRecord) -> String {
            "\(r.clientId)/\(r.sessionDate)/\(r.instrument.id)/\(r.answers)"
        }
        let imported = try b.store.clientIDs().ids.flatMap { try b.store.records($0).records }
        #expect(Set(imported.map(key)) == Set(records.map(key)))
        #expect(imported.allSatisfy { $0.source == .import })
    }

    @Test func aBadLastRowWritesNothing() throws {
        let a = try TidyFixture.make()
        defer { a.remove() }
        let b = try TidyFixture.emptyStore("rapport-import")
        defer { b.remove() }
        var csv = TidyCSV.render(try a.clients(), options: TidyOptions(layout: .items)).csv
        let lines = csv.split(separator: "\n")
        // The last row (C2's gad-7 item 7) answered 9: out of range.
        csv =
            lines.dropLast().joined(separator: "\n") + "\n"
            + lines.last!.replacingOccurrences(of: ",7,3,", with: ",7,9,") + "\n"
        let before = TreeSnapshot(b.store.layout.root)
        let error = #expect(throws: ImportError.self) { try importText(csv, .csv, into: b) }
        #expect(error?.row == lines.count)
        #expect(error?.description.hasPrefix("row \(lines.count): ") == true)
        #expect(error?.description.contains("item 7") == true)
        #expect(TreeSnapshot(b.store.layout.root) == before)
    }

    @Test func formsAreCheckedAsRecordChecksThem() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let header = "client_id,session,session_date,rater,instrument,instrument_version,item,answer\n"
        func phq(
            _ client: String, _ session: String, _ date: String, rater: String = "client", answer9: String = "0"
        ) -> String {
            (1...9).map { "\(client),\(session),\(date),\(rater),phq-9,1.0.0,\($0),\($0 == 9 ? answer9 : "1")\n" }
                .joined()
        }
        let cases: [(String, Int?, String)] = [
            (phq("C3", "", "2026-11-25"), 2, "session date 2026-11-25 is in the future"),
            (phq("C3", "", "1999-12-31"), 2, "implausibly old"),
            (phq("C3", "", "2026-11-20", rater: "therapist"), 2, "phq-9 is filled in by the client, not the therapist"),
            (phq("C3", "", "2026-11-20", answer9: "4"), 10, "item 9"),
            (phq("C3", "", "2026-11-20", answer9: "x"), 10, "item 9"),
            (phq("C3", "", "2026-13-01"), 2, "invalid date"),
            (phq("../x", "", "2026-11-20"), 2, "invalid client id"),
            // C1 has sessions on 11-03, 11-10 and 11-17: a form dated 11-12 is session 3.
            (phq("C1", "4", "2026-11-12"), 2, "session 4 contradicts the date order"),
            (phq("C1", "", "2026-11-17"), 2, "already has a phq-9 (client) record dated 2026-11-17"),
            (phq("C3", "", "2026-11-20") + phq("C3", "", "2026-11-20"), 11, "a second answer to phq-9 item 1"),
            (
                String(phq("C3", "", "2026-11-20").split(separator: "\n").dropLast().joined(separator: "\n")) + "\n", 2,
                "no row for item 9"
            ),
            ("C3,,2026-11-20,client,nope,1.0.0,1,1\n", 2, "nope"),
            ("C3,,2026-11-20,client,phq-9,0.9,1,1\n", 2, "version 0.9 is not in the catalog"),
            ("C3,,2026-11-20,client,phq-9,1.0.0,1\n", 2, "7 fields, the header has 8"),
        ]
        let before = TreeSnapshot(f.store.layout.root)
        for (body, row, reason) in cases {
            let error = #expect(throws: ImportError.self, "\(reason)") { try importText(header + body, .csv, into: f) }
            #expect(error?.row == row, "\(reason): \(error?.description ?? "")")
            #expect(error?.description.contains(reason) == true, "\(reason): \(error?.description ?? "")")
        }
        // The scores table is refused with a pointer to the item table.
        let scores = TidyCSV.render(try f.clients(), options: TidyOptions()).csv
        let error = #expect(throws: ImportError.self) { try importText(scores, .csv, into: f) }
        #expect(error?.description.contains("--items") == true)
        #expect(TreeSnapshot(f.store.layout.root) == before)
        // A good file for an existing client: the backdated form takes its place in date order.
        #expect(try importText(header + phq("C1", "3", "2026-11-12"), .csv, into: f) == 1)
        let numbers = try table(TidyCSV.render(try f.clients(), options: TidyOptions()).csv).rows
            .filter { $0["client_id"] == "C1" }.map { "\($0["session_date"]!)=\($0["session"]!)" }
        #expect(numbers == ["2026-11-03=1", "2026-11-10=2", "2026-11-12=3", "2026-11-17=4"])
    }

    @Test func redcapRowsAreChecked() throws {
        let f = try TidyFixture.emptyStore()
        defer { f.remove() }
        let gad = try f.catalog.instrument("gad-7")
        let header =
            "record_id,redcap_repeat_instrument,redcap_repeat_instance,gad_7_date,"
            + (1...7).map { "gad_7_\($0)" }.joined(separator: ",") + ",gad_7_complete\n"
        #expect(gad.items.count == 7)
        let good = "C1,gad_7,1,2026-11-03,0,1,2,3,0,1,2,2\n"
        let base = "C1,,,,,,,,,,,\n"  // the record's own row in a REDCap export: skipped
        let incomplete = "C1,gad_7,2,2026-11-10,0,1,2,3,0,1,2,0\n"
        let error = #expect(throws: ImportError.self) {
            try importText(header + base + good + incomplete, .redcap, into: f)
        }
        #expect(error?.row == 4 && error?.description.contains("not marked complete") == true)
        #expect(try f.store.clientIDs().ids.isEmpty)
        let unknown = "C1,wai_x,1,2026-11-10,0,1,2,3,0,1,2,2\n"
        #expect(throws: ImportError.self) { try importText(header + unknown, .redcap, into: f) }
        #expect(try importText(header + base + good, .redcap, into: f) == 1)
        #expect(try f.store.records(try ClientID("C1")).records.first?.result.scales.first?.score == 9)
    }

    @Test func aFailedWriteTakesBackWhatTheImportWrote() throws {
        let failing = FailingFileSystem()
        let f = try TidyFixture.emptyStore("rapport-import", fileSystem: failing)
        defer { f.remove() }
        let c0 = try ClientID("C0")
        try f.store.addClient(c0)
        let gad = try f.catalog.instrument("gad-7")
        _ = try f.store.save(
            NewAdministration(
                clientId: c0, sessionDate: try SessionDate("2026-11-01"), rater: .client, instrument: gad,
                answers: [0, 0, 0, 0, 0, 0, 0], administeredAt: Fixtures.referenceDate, source: .cli))
        let header = "client_id,session_date,instrument,item,answer\n"
        func gadRows(_ client: String, _ date: String) -> String {
            (1...7).map { "\(client),\(date),gad-7,\($0),1\n" }.joined()
        }
        // C0 (existing) gets two forms, then C1 (new) three; the disk fills up during C1's records.
        let text =
            header + gadRows("C0", "2026-11-08") + gadRows("C0", "2026-11-15") + gadRows("C1", "2026-11-01")
            + gadRows("C1", "2026-11-08") + gadRows("C1", "2026-11-15")
        let forms = try FormImport.read(text, format: .csv, catalog: f.catalog)
        let plan = try FormImport.plan(forms, store: f.store, source: .import, now: Fixtures.referenceDate)
        #expect(plan.forms == 5 && plan.clients.map(\.create) == [false, true])
        // C0: 2 records + summary; C1: lock, client.json, summary.json, then 1 record; the next write fails.
        failing.fail(.diskFull, after: 7)
        #expect(throws: StoreError.self) { try FormImport.write(plan, store: f.store) }
        failing.heal()
        #expect(try f.store.clientIDs().ids == [c0])
        #expect(try f.store.records(c0).records.count == 1)
        #expect(try f.store.summary(c0).sessions.count == 1)
        #expect(try f.store.audit.entries().filter { $0.event == .importRun }.isEmpty)
    }
}

@Suite("Import: optional columns")
struct FormImportColumnTests {
    @Test func optionalColumnsAreChecked() throws {
        let f = try TidyFixture.emptyStore()
        defer { f.remove() }
        let header = "client_id,session_date,instrument,item,answer,administered_at,therapist,language\n"
        func gad(at: String = "2026-11-20T10:30:00Z", therapist: String = "Dr Lee", language: String = "de") -> String {
            (1...7).map { "C1,2026-11-20,gad-7,\($0),1,\(at),\(therapist),\(language)\n" }.joined()
        }
        for (body, reason) in [
            (gad(at: "yesterday"), "administered_at 'yesterday' is not an ISO 8601 time"),
            (gad(therapist: "{therapist}"), "control characters or braces"),
            (gad(language: "de_DE!"), "not a language tag"),
        ] {
            let error = #expect(throws: ImportError.self) {
                try FormImport.read(header + body, format: .csv, catalog: f.catalog)
            }
            #expect(error?.row == 2 && error?.description.contains(reason) == true, "\(error?.description ?? "")")
        }
        let forms = try FormImport.read(header + gad(), format: .csv, catalog: f.catalog)
        #expect(forms.count == 1)
        #expect(forms.first?.therapist == "Dr Lee" && forms.first?.language == "de")
        #expect(forms.first?.administeredAt == TidyFixture.time("2026-11-20T10:30:00Z"))
        #expect(forms.first?.answers == [1, 1, 1, 1, 1, 1, 1] && forms.first?.session == nil)
    }
}
