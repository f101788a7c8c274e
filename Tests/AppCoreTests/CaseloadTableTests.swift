import Foundation
import Store
import TestSupport
import Testing

@testable import AppCore

/// `client list`'s table (issue 13, "Speed": 10,000 rows): the same text as padding every column
/// and trimming each line Character by Character.
@Suite("Caseload table")
struct CaseloadTableTests {
    /// The table as it was built before (every column padded, lines trimmed by Character).
    static func reference(_ entries: [CaseloadEntry]) -> String {
        let columns = CaseloadEntry.Column.allCases
        var rows = [columns.map(\.title)]
        rows += entries.map(\.cells)
        let widths = columns.map { c in rows.map { $0[c.rawValue].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            columns.map { c in
                let text = cells[c.rawValue]
                let pad = String(repeating: " ", count: max(0, widths[c.rawValue] - text.count))
                return c.isNumeric ? pad + text : text + pad
            }.joined(separator: "  ")
        }
        func trimmed(_ s: String) -> String {
            var s = s
            while s.last == " " { s.removeLast() }
            return s
        }
        var out = [trimmed(line(rows[0])), String(repeating: "─", count: widths.reduce(0, +) + 2 * (widths.count - 1))]
        out += rows.dropFirst().map { trimmed(line($0)) }
        if entries.isEmpty { out.append("(no clients)") }
        return out.joined(separator: "\n") + "\n"
    }

    @Test func theTableIsTheOneOfPaddingEveryColumnAndTrimming() throws {
        let demo = try DemoCaseload.make(clients: 24, sessions: 8, seed: 7)
        defer { demo.remove() }
        var rows = try CaseloadReader.rows(demo.store, catalog: demo.catalog).rows
        #expect(rows.contains { $0.alerts.isEmpty } && rows.contains { !$0.alerts.isEmpty })
        // A row with nothing but its id (every later cell empty) and one whose alert ends in spaces.
        rows.append(
            CaseloadEntry(
                client: try ClientID("Z0001"), sessions: 0, lastSession: nil, allianceClient: nil,
                allianceTherapist: nil, trend: .unknown, outcome: nil, outcomeScore: nil, outcomeBand: nil,
                risk: false, alerts: []))
        rows.append(
            CaseloadEntry(
                client: try ClientID("Z0002"), sessions: 3, lastSession: try SessionDate("2026-11-02"),
                allianceClient: 4.5, allianceTherapist: nil, trend: .rising, outcome: "phq-9", outcomeScore: 7,
                outcomeBand: "mild", risk: false,
                alerts: [ReviewAlert(kind: .lowAlliance, session: nil, wording: "low ", measure: "PHQ-9 ")]))
        #expect(CaseloadEntry.table(rows) == Self.reference(rows))
        #expect(CaseloadEntry.table([]) == Self.reference([]))
        #expect(CaseloadEntry.table(Array(rows.prefix(1))) == Self.reference(Array(rows.prefix(1))))
    }
}
