import Formats
import Foundation
import Instruments
import Store
import TestSupport
import Testing

@Suite("Tidy CSV export")
struct TidyExportTests {
    @Test func longTableHasTheNewColumns() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let out = TidyCSV.render(try f.clients(), options: TidyOptions())
        #expect(out.administrations == 4)
        let lines = out.csv.split(separator: "\n").map(String.init)
        #expect(
            lines[0]
                == "client_id,session,session_date,rater,instrument,instrument_version,scale,score,band,valid,administered_at,therapist,episode,language,source,prorated,risk,risk_unanswered"
        )
        #expect(
            lines.contains(
                "C1,1,2026-11-03,client,phq-9,1.0.0,total,9,mild,true,2026-11-03T09:00:00Z,Dr Lee,1,en,cli,true,false,true"
            ))  // item 9 (risk) unanswered
        #expect(
            lines.contains {
                $0.hasPrefix(
                    "C1,2,2026-11-10,client,gad-7,1.0.0,total,9,mild,true,2026-11-10T09:00:00Z,Dr Lee,1,de,kiosk,")
            })
        // After the discharge on 2026-11-10: episode 2; the risk item answered.
        #expect(
            lines.contains {
                $0.hasPrefix("C1,3,2026-11-17,client,phq-9,1.0.0,total,1,")
                    && $0.hasSuffix(",Dr Lee,2,en,paper,false,true,false")
            })
        // No therapist: an empty cell.
        #expect(
            lines.contains {
                $0.hasPrefix("C2,1,2026-11-05,client,gad-7,1.0.0,total,21,severe,true,2026-11-05T09:00:00Z,,1,en,rate,")
            })
    }

    @Test func itemTableKeepsMissingAnswersEmpty() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let out = TidyCSV.render(try f.clients(), options: TidyOptions(layout: .items))
        let (header, rows) = try table(out.csv)
        #expect(header == TidyCSV.itemColumns)
        #expect(rows.count == 9 + 7 + 9 + 7)
        let missing = try #require(rows.first { $0["client_id"] == "C1" && $0["session"] == "1" && $0["item"] == "9" })
        #expect(missing["answer"] == "")
        #expect(missing["therapist"] == "Dr Lee" && missing["episode"] == "1" && missing["source"] == "cli")
    }

    @Test func wideTableHasOneRowPerAdministration() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let out = TidyCSV.render(try f.clients(), options: TidyOptions(layout: .wide))
        let (header, rows) = try table(out.csv)
        #expect(header == TidyCSV.wideColumns + ["gad_7_total", "phq_9_total"])
        #expect(rows.count == 4)
        let first = try #require(rows.first)
        #expect(first["client_id"] == "C1" && first["instrument"] == "phq-9")
        #expect(first["phq_9_total"] == "9" && first["gad_7_total"] == "" && first["band"] == "mild")
        #expect(first["prorated"] == "true" && first["risk"] == "false")
        #expect(rows.filter { $0["gad_7_total"] != "" }.map { $0["gad_7_total"] } == ["9", "21"])
    }

    @Test func dateFiltersAreInclusive() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let options = TidyOptions(layout: .wide, from: try SessionDate("2026-11-05"), to: try SessionDate("2026-11-10"))
        let (_, rows) = try table(TidyCSV.render(try f.clients(), options: options).csv)
        #expect(rows.map { $0["session_date"] ?? "" } == ["2026-11-10", "2026-11-05"])
        // Session numbers stay those of the whole timeline.
        #expect(rows.first?["session"] == "2")
        let notes = TidyCSV.notes(try f.clients(), options: TidyOptions(from: try SessionDate("2026-11-04")))
        #expect(notes.notes == 0)
    }

    @Test func notesAreRowsOfTheirOwnFile() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let out = TidyCSV.notes(try f.clients(), options: TidyOptions())
        #expect(out.notes == 1)
        #expect(
            out.csv
                == "client_id,session,session_date,therapist,episode,text\nC1,1,2026-11-03,Dr Lee,1,\"Talked about \"\"sleep\"\", work\"\n"
        )
    }

    @Test func deidentifiedExportHidesIdsAndKeepsIntervals() throws {
        let f = try TidyFixture.make()
        defer { f.remove() }
        let salt = Data(repeating: 7, count: 32)
        let d = Deidentifier(salt: salt)
        let out = TidyCSV.render(try f.clients(), options: TidyOptions(layout: .long, deidentifier: d))
        #expect(!out.csv.contains("C1,") && !out.csv.contains("C2,") && !out.csv.contains("Dr Lee"))
        #expect(!out.csv.contains("2026-11-03"))
        let (_, rows) = try table(out.csv)
        let pseudonym = d.client(try ClientID("C1"))
        let c1 = rows.filter { $0["client_id"] == pseudonym }
        #expect(c1.count == 3)
        #expect(Set(c1.map { $0["therapist"] ?? "" }) == [d.therapist("Dr Lee")])
        let c1ID = try ClientID("C1")
        #expect(d.therapist("Dr Lee").hasPrefix("T-") && d.client(c1ID).hasPrefix("P-"))
        // Dates move by the client's offset: the intervals stay.
        let days = c1.map { row -> Int in
            let date = TidyFixture.time(row["session_date"]! + "T00:00:00Z")
            return Int(date.timeIntervalSince1970 / 86_400)
        }
        #expect(days[1] - days[0] == 7 && days[2] - days[1] == 7)
        let offset = d.dayOffset(try ClientID("C1"))
        #expect(offset != 0 && abs(offset) <= Deidentifier.maxShift)
        #expect(days[0] - Int(TidyFixture.time("2026-11-03T00:00:00Z").timeIntervalSince1970 / 86_400) == offset)
        #expect(c1.first?["administered_at"]?.hasPrefix(c1.first?["session_date"] ?? "-") == true)
        // Stable with the same salt, different with another.
        #expect(Deidentifier(salt: salt).client(try ClientID("C1")) == d.client(try ClientID("C1")))
        #expect(
            Deidentifier(salt: Data(repeating: 8, count: 32)).client(try ClientID("C1")) != d.client(try ClientID("C1"))
        )
        #expect(d.client(try ClientID("C1")) != d.client(try ClientID("C2")))
    }

    @Test func clinicSaltIsMadeOnceAndPrivate() throws {
        let f = try TidyFixture.emptyStore()
        defer { f.remove() }
        let first = try Deidentifier.clinicSalt(f.store)
        #expect(first.count == 32)
        let path = f.store.layout.root + "/" + Deidentifier.saltFileName
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect(try Deidentifier.clinicSalt(f.store) == first)
        // Only the salt file is left (no staged copy).
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: f.store.layout.root).filter { $0.contains("salt") } == [
                Deidentifier.saltFileName
            ])
        // Concurrent first exports agree on one salt.
        let g = try TidyFixture.emptyStore()
        defer { g.remove() }
        let salts = Salts()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            if let s = try? Deidentifier.clinicSalt(g.store) { salts.add(s) }
        }
        #expect(salts.all.count == 8 && Set(salts.all).count == 1)
        try Data(repeating: 1, count: 5).write(to: URL(fileURLWithPath: path))
        #expect(throws: StoreError.self) { try Deidentifier.clinicSalt(f.store) }
    }
}

final class Salts: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Data] = []
    func add(_ d: Data) { lock.withLock { values.append(d) } }
    var all: [Data] { lock.withLock { values } }
}
