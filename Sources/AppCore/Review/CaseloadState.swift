import Foundation
import Store

/// The caseload list: every client's row, the filter, and the highlighted row.
public struct CaseloadState: Sendable, Equatable {
    /// Every row, in caseload order.
    public var entries: [CaseloadEntry]
    /// The filter text (`/`); empty shows every row.
    public var filter: String
    /// Whether keys go into the filter.
    public var editingFilter: Bool
    /// Indices into ``entries`` of the rows the filter keeps, in order.
    public private(set) var visible: [Int]
    /// Index into ``visible`` of the highlighted row.
    public var selected: Int
    /// Caseload SDs of the alliance series (for opening one client's analysis).
    public var caseloadSDs: [String: Double]
    /// Files that could not be read while loading (count).
    public var problems: Int

    /// Creates the list.
    public init(
        entries: [CaseloadEntry] = [], filter: String = "", editingFilter: Bool = false, selected: Int = 0,
        caseloadSDs: [String: Double] = [:], problems: Int = 0
    ) {
        self.entries = entries
        self.filter = filter
        self.editingFilter = editingFilter
        self.visible = []
        self.selected = selected
        self.caseloadSDs = caseloadSDs
        self.problems = problems
        applyFilter()
    }

    /// Recomputes ``visible`` from ``filter`` and keeps the selection in range.
    public mutating func applyFilter() {
        let terms = filter.lowercased().split(separator: " ").map(String.init)
        visible = entries.indices.filter { CaseloadState.matches(entries[$0], terms: terms) }
        selected = visible.isEmpty ? 0 : min(max(0, selected), visible.count - 1)
    }

    /// Whether a row matches every term: a part of the client id, the start of an alert label
    /// (`risk`, `rupture`, `gap` …), the start of a word of the outcome band (so "moderately severe"
    /// matches both its words), or the trend (`falling`).
    static func matches(_ entry: CaseloadEntry, terms: [String]) -> Bool {
        terms.allSatisfy { term in
            entry.client.rawValue.lowercased().contains(term)
                || entry.alerts.contains { $0.kind.label.hasPrefix(term) }
                || (entry.outcomeBand?.lowercased().split(separator: " ").contains { $0.hasPrefix(term) } ?? false)
                || entry.trend.rawValue.hasPrefix(term)
        }
    }

    /// The highlighted row, if any.
    public var selectedEntry: CaseloadEntry? {
        visible.isEmpty ? nil : entries[visible[selected]]
    }

    /// The visible rows.
    public var visibleEntries: [CaseloadEntry] { visible.map { entries[$0] } }
}
