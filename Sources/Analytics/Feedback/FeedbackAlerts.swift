import Instruments
import Store

/// The alerts a therapist can answer (seen, discussed, plan changed, disagree).
public enum FeedbackAlertKind: String, Codable, Sendable, Equatable, CaseIterable {
    /// A risk item answered above its threshold or left unanswered, not yet acknowledged.
    case risk
    /// An open possible rupture of the alliance.
    case rupture
    /// Not on track (red) on an outcome measure of the open episode.
    case notOnTrack = "not-on-track"
    /// A reliable deterioration of an outcome measure in the open episode.
    case deterioration
}

/// One answerable alert with the answers given to it.
public struct FeedbackAlert: Codable, Sendable, Equatable {
    /// Stable across sessions while it is the same alert: "risk:phq-9:9:2024-03-01",
    /// "rupture:2024-03-01", "not-on-track:phq-9:e1", "deterioration:gad-7:e1".
    public var id: String
    public var kind: FeedbackAlertKind
    /// The instrument or series.
    public var source: String
    /// The session the alert is about (a rupture's start, a risk flag's session, the latest score).
    public var session: Int?
    /// The latest session behind the alert and its date: an answer given at this date keeps the
    /// alert quiet until a later session triggers it again.
    public var evidenceSession: Int
    public var evidenceDate: SessionDate
    /// The words shown to the therapist.
    public var wording: String
    /// Every answer given to this alert id, oldest first.
    public var responses: [AlertResponse]
    /// An answer covers the latest evidence.
    public var answered: Bool
    /// Still shown as an alert: not answered, or a risk flag (which stays until acknowledged with
    /// `rapport risk ack`, whatever the answer).
    public var nagging: Bool

    /// The latest answer, if any.
    public var latestResponse: AlertResponse? { responses.last }
}

/// Builds the answerable alerts of a client (docs/analytics.md, "Alert responses").
public enum FeedbackAlerts {
    /// The client's answerable alerts, in the order risk, rupture, not-on-track, deterioration.
    public static func alerts(
        analysis: ClientAnalysis, summary: ClientSummary, responses: [AlertResponse]
    ) -> [FeedbackAlert] {
        let dates = Dictionary(summary.sessions.map { ($0.session, $0.date) }, uniquingKeysWith: { a, _ in a })
        var out: [FeedbackAlert] = []
        func add(_ kind: FeedbackAlertKind, id: String, source: String, session: Int?, evidence: Int, wording: String) {
            guard let date = dates[evidence] else { return }
            let given = responses.filter { $0.alert == id }
            let answered = given.contains { $0.evidenceDate >= date }
            out.append(
                FeedbackAlert(
                    id: id, kind: kind, source: source, session: session, evidenceSession: evidence, evidenceDate: date,
                    wording: wording, responses: given, answered: answered, nagging: kind == .risk || !answered))
        }
        for r in analysis.risk {
            guard let date = dates[r.session] else { continue }
            add(
                .risk, id: "risk:\(r.instrument):\(r.item):\(date)", source: r.instrument, session: r.session,
                evidence: r.session, wording: r.wording)
        }
        let latestAlliance = analysis.latestAllianceSession
        for a in analysis.alerts where a.kind == .possibleRupture {
            guard let start = a.session, let date = dates[start] else { continue }
            add(
                .rupture, id: "rupture:\(date)", source: a.source, session: start,
                evidence: Swift.max(latestAlliance ?? start, start), wording: a.wording)
        }
        if let episode = analysis.episodes.last, episode.open {
            for m in episode.measures {
                guard let last = m.lastSession else { continue }
                if m.reliableDeterioration == true {
                    add(
                        .deterioration, id: "deterioration:\(m.instrument):e\(episode.number)", source: m.instrument,
                        session: last, evidence: last,
                        wording: EpisodeClassification.reliableDeterioration.therapistWording)
                } else if m.track.status == .notOnTrack {
                    add(
                        .notOnTrack, id: "not-on-track:\(m.instrument):e\(episode.number)", source: m.instrument,
                        session: last, evidence: last, wording: m.track.wording)
                }
            }
        }
        let order = FeedbackAlertKind.allCases
        return out.enumerated().sorted {
            (order.firstIndex(of: $0.element.kind) ?? 0, $0.offset) < (
                order.firstIndex(of: $1.element.kind) ?? 0, $1.offset
            )
        }.map(\.element)
    }
}

/// How the caseload's answerable alerts were answered: the flag rate and the answers, so alert
/// fatigue can be watched (docs/analytics.md, "Alert responses").
public struct FeedbackSummary: Codable, Sendable, Equatable {
    /// Clients in the report.
    public var clients: Int
    /// Clients with at least one answerable alert (answered or not).
    public var flaggedClients: Int
    /// `flaggedClients / clients` (`nil` without clients).
    public var flaggedShare: Double?
    /// Alerts per kind.
    public var alertsByKind: [String: Int]
    /// Alerts in all.
    public var alerts: Int
    /// Alerts whose latest evidence is answered.
    public var answered: Int
    /// Alerts still nagging.
    public var nagging: Int
    /// The latest answer of each answered alert, per response ("seen", "discussed", "plan-changed", "disagree").
    public var responses: [String: Int]

    public init(alertsPerClient: [[FeedbackAlert]]) {
        clients = alertsPerClient.count
        flaggedClients = alertsPerClient.filter { !$0.isEmpty }.count
        flaggedShare = clients > 0 ? Double(flaggedClients) / Double(clients) : nil
        let all = alertsPerClient.flatMap { $0 }
        alerts = all.count
        answered = all.filter(\.answered).count
        nagging = all.filter(\.nagging).count
        var byKind: [String: Int] = [:]
        for k in FeedbackAlertKind.allCases { byKind[k.rawValue] = all.filter { $0.kind == k }.count }
        alertsByKind = byKind
        var counts: [String: Int] = [:]
        for r in AlertResponseKind.allCases { counts[r.rawValue] = 0 }
        for a in all where a.answered {
            if let r = a.latestResponse { counts[r.response.rawValue, default: 0] += 1 }
        }
        responses = counts
    }
}

extension CaseloadReport {
    /// The report with every client's feedback (prompts, answerable alerts, obstacle check) and
    /// the caseload's flag summary. `responses` and `obstacles` by client id.
    public func withFeedback(
        summaries: [ClientSummary], responses: [String: [AlertResponse]], obstacles: [String: [ObstacleCheck]],
        library: PromptLibrary, catalog: InstrumentCatalog? = nil
    ) -> CaseloadReport {
        var report = self
        let byID = Dictionary(summaries.map { ($0.clientId.rawValue, $0) }, uniquingKeysWith: { a, _ in a })
        for i in report.clients.indices {
            let id = report.clients[i].clientID
            guard let summary = byID[id] else { continue }
            report.clients[i].feedback = ClientFeedback.build(
                analysis: report.clients[i], summary: summary, responses: responses[id] ?? [],
                obstacles: obstacles[id] ?? [], library: library, options: options, catalog: catalog)
        }
        report.feedback = FeedbackSummary(alertsPerClient: report.clients.map { $0.feedback?.alerts ?? [] })
        return report
    }
}
