import Foundation
import Numbers

extension CaseloadEntry {
    /// The columns of the caseload, as the screen and `rapport client list` show them.
    public enum Column: Int, CaseIterable, Sendable {
        case client, sessions, last, allianceClient, allianceTherapist, trend, outcome, alerts

        /// Header text.
        public var title: String {
            switch self {
            case .client: "client"
            case .sessions: "sess"
            case .last: "last"
            case .allianceClient: "WAI C"
            case .allianceTherapist: "WAI T"
            case .trend: "tr"
            case .outcome: "outcome"
            case .alerts: "alerts"
            }
        }

        /// Whether the cells are right-aligned numbers.
        public var isNumeric: Bool {
            switch self {
            case .sessions, .allianceClient, .allianceTherapist: true
            default: false
            }
        }
    }

    /// The text of one cell.
    public func cell(_ column: Column) -> String {
        switch column {
        case .client: client.rawValue
        case .sessions: String(sessions)
        case .last: lastSession?.rawValue ?? "—"
        case .allianceClient: allianceClient.map { NumberText.fixed($0, decimals: 1) } ?? "—"
        case .allianceTherapist: allianceTherapist.map { NumberText.fixed($0, decimals: 1) } ?? "—"
        case .trend: trend.arrow
        case .outcome: outcomeText
        case .alerts: alerts.isEmpty ? "" : alerts.map(\.shortText).joined(separator: ", ")
        }
    }

    /// Every cell, in column order.
    public var cells: [String] { Column.allCases.map(cell) }

    /// "PHQ-9 15 moderately severe", or "—".
    public var outcomeText: String {
        guard let outcome, let score = outcomeScore else { return "—" }
        let name = outcome.uppercased()
        return [name, ChartText.number(score), outcomeBand].compactMap { $0 }.joined(separator: " ")
    }

    /// The caseload as plain text: a header, a rule, one aligned row per client; `(no clients)`
    /// when empty.
    public static func table(_ entries: [CaseloadEntry]) -> String {
        let columns = Column.allCases
        var rows = [columns.map(\.title)]
        rows += entries.map(\.cells)
        let widths = columns.map { c in rows.map { $0[c.rawValue].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            columns.map { c in
                let text = cells[c.rawValue]
                // (A left-aligned last column is not padded: the line's trailing spaces go anyway.)
                if !c.isNumeric, c == columns.last { return text }
                let pad = String(repeating: " ", count: max(0, widths[c.rawValue] - text.count))
                return c.isNumeric ? pad + text : text + pad
            }.joined(separator: "  ")
        }
        /// Without trailing spaces (cut as bytes: 10,000 rows of `client list`).
        func trimmed(_ s: String) -> String {
            let utf8 = s.utf8
            var end = utf8.endIndex
            while end > utf8.startIndex, utf8[utf8.index(before: end)] == 0x20 { end = utf8.index(before: end) }
            return end == utf8.endIndex ? s : String(decoding: utf8[..<end], as: UTF8.self)
        }
        var out = [trimmed(line(rows[0])), String(repeating: "─", count: widths.reduce(0, +) + 2 * (widths.count - 1))]
        out += rows.dropFirst().map { trimmed(line($0)) }
        if entries.isEmpty { out.append("(no clients)") }
        return out.joined(separator: "\n") + "\n"
    }
}
