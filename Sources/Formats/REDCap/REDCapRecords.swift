import Foundation
import Instruments
import Store

/// Records as a REDCap import CSV for a project built from `REDCapDictionary.export`: one row per
/// administration, each instrument a repeating instrument (instance 1, 2, 3 … in session-date order per
/// client), the client id as `record_id`, the session date, raw answers by choice code, and the form
/// marked complete. Calculated fields are left for REDCap to compute.
public enum REDCapRecords {
    public struct Output: Sendable {
        public var csv: String
        public var rows: Int
        /// The instruments the rows use, in column order (the dictionary to upload first).
        public var instruments: [Instrument]
        public var skipped: [String]
    }

    public static func export(records: [AdministrationRecord], catalog: InstrumentCatalog) -> Output {
        var skipped: [String] = []
        var usable: [(AdministrationRecord, Instrument)] = []
        for r in records {
            guard let i = try? catalog.instrument(r.instrument.id), i.version == r.instrument.version,
                r.answers.count == i.items.count
            else {
                skipped.append(
                    "\(r.clientId)/\(r.id): instrument \(r.instrument.id) \(r.instrument.version) is not in the catalog"
                )
                continue
            }
            usable.append((r, i))
        }
        // Columns: forms in catalog order.
        let usedIDs = Set(usable.map { $0.1.id })
        let instruments = catalog.instruments.filter { usedIDs.contains($0.id) }
        var header = [REDCapDictionary.recordIDField, "redcap_repeat_instrument", "redcap_repeat_instance"]
        var columnIndex: [String: Int] = [:]
        for i in instruments {
            for name in [REDCapDictionary.dateField(i)] + i.items.map({ REDCapDictionary.itemField(i, $0.number) })
                + ["\(REDCapDictionary.formName(i.id))_complete"]
            {
                columnIndex[name] = header.count
                header.append(name)
            }
        }
        var out = CSV.line(header)
        let ordered = usable.sorted {
            ($0.0.clientId.rawValue, $0.1.id, $0.0.sessionDate, $0.0.session, $0.0.administeredAt, $0.0.id)
                < ($1.0.clientId.rawValue, $1.1.id, $1.0.sessionDate, $1.0.session, $1.0.administeredAt, $1.0.id)
        }
        var instance: [String: Int] = [:]
        for (r, i) in ordered {
            let key = "\(r.clientId.rawValue)\u{0}\(i.id)"
            let n = (instance[key] ?? 0) + 1
            instance[key] = n
            var row = Array(repeating: "", count: header.count)
            row[0] = r.clientId.rawValue
            row[1] = REDCapDictionary.formName(i.id)
            row[2] = String(n)
            row[columnIndex[REDCapDictionary.dateField(i)]!] = r.sessionDate.rawValue
            for (index, answer) in r.answers.enumerated() {
                row[columnIndex[REDCapDictionary.itemField(i, i.items[index].number)]!] = answer.map(String.init) ?? ""
            }
            row[columnIndex["\(REDCapDictionary.formName(i.id))_complete"]!] = "2"
            out += CSV.line(row)
        }
        return Output(csv: out, rows: ordered.count, instruments: instruments, skipped: skipped)
    }
}
