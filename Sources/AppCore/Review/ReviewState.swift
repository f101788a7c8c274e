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
    /// (`risk`, `rupture`, `gap` …), the outcome band, or the trend (`falling`).
    static func matches(_ entry: CaseloadEntry, terms: [String]) -> Bool {
        terms.allSatisfy { term in
            entry.client.rawValue.lowercased().contains(term)
                || entry.alerts.contains { $0.kind.label.hasPrefix(term) }
                || (entry.outcomeBand?.lowercased().hasPrefix(term) ?? false)
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

/// A kiosk code issued from the dashboard, shown to the therapist.
public struct IssuedCode: Sendable, Equatable {
    /// The client it opens.
    public var client: ClientID
    /// The six digits.
    public var code: String
    /// When it stops working.
    public var expiresAt: Date

    /// Creates an issued code.
    public init(client: ClientID, code: String, expiresAt: Date) {
        self.client = client
        self.code = code
        self.expiresAt = expiresAt
    }
}

/// The client dashboard: one client's charts, one at a time, and the session list.
public struct DashboardState: Sendable, Equatable {
    /// The client's data.
    public var data: ClientDashboard
    /// The chart shown.
    public var chart: ReviewChartKind
    /// Index into the client's sessions of the highlighted session.
    public var selectedSession: Int
    /// The note being typed for the highlighted session (nil: not typing).
    public var note: TextEntry?
    /// A kiosk code issued for this client.
    public var code: IssuedCode?

    /// Creates the dashboard with the newest session highlighted.
    public init(data: ClientDashboard, chart: ReviewChartKind = .alliance) {
        self.data = data
        self.chart = chart
        self.selectedSession = max(0, data.summary.sessions.count - 1)
        self.note = nil
        self.code = nil
    }

    /// The highlighted session.
    public var session: SessionInfo? {
        let s = data.summary.sessions
        return s.indices.contains(selectedSession) ? s[selectedSession] : nil
    }
}

/// The session detail screen.
public struct SessionDetailState: Sendable, Equatable {
    /// The rows and notes.
    public var detail: SessionDetail
    /// First row shown.
    public var scroll: Int

    /// Creates the screen scrolled to the top.
    public init(detail: SessionDetail, scroll: Int = 0) {
        self.detail = detail
        self.scroll = scroll
    }
}

/// Which review screen is on top.
public enum ReviewScreen: Sendable, Equatable {
    /// The therapist passphrase prompt.
    case locked(TextEntry)
    /// Waiting for data (the text says what).
    case loading(String)
    /// The caseload list.
    case caseload
    /// One client's dashboard.
    case dashboard
    /// One session's item answers.
    case session
}

/// The whole state of `rapport review`: pure data, changed only by ``ReviewReducer``.
public struct ReviewState: Sendable, Equatable {
    /// The screen on top.
    public var screen: ReviewScreen
    /// The caseload (kept while a client is open, so Esc returns to the same row).
    public var caseload: CaseloadState
    /// The open client, if any.
    public var dashboard: DashboardState?
    /// The open session, if any.
    public var detail: SessionDetailState?
    /// A short message on the current screen (a saved note, an error).
    public var notice: String?
    /// Wrong passphrases.
    public var passphraseBackoff: Backoff
    /// Time of the last key.
    public var lastActivity: Date
    /// Seconds without a key before the screens are locked and the data dropped.
    public var idleSeconds: Int

    /// The start: the passphrase prompt.
    public init(now: Date, idleSeconds: Int = 300) {
        screen = .locked(TextEntry())
        caseload = CaseloadState()
        dashboard = nil
        detail = nil
        notice = nil
        passphraseBackoff = Backoff()
        lastActivity = now
        self.idleSeconds = idleSeconds
    }
}
