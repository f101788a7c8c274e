import Foundation
import Store

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
    /// The alert being answered (nil: not answering).
    public var answer: AlertAnswerEntry? = nil
    /// Ending the open episode: the reason being chosen, then the confirmation (nil: not ending).
    public var discharge: DischargeEntry?
    /// The locked client view shown instead of the dashboard (nil: the dashboard).
    public var clientView: ClientViewState?

    /// Creates the dashboard with the newest session highlighted.
    public init(data: ClientDashboard, chart: ReviewChartKind = .alliance) {
        self.data = data
        self.chart = chart
        self.selectedSession = max(0, data.summary.sessions.count - 1)
        self.note = nil
        self.code = nil
        self.discharge = nil
        self.clientView = nil
    }

    /// The highlighted session.
    public var session: SessionInfo? {
        let s = data.summary.sessions
        return s.indices.contains(selectedSession) ? s[selectedSession] : nil
    }
}
