/// One alert for the caseload list and the chart markers: something worth a look, in the words
/// shown to the therapist. Never a diagnosis.
public struct CaseloadAlert: Codable, Sendable, Equatable {
    /// What kind of alert, in priority order.
    public enum Kind: String, Codable, Sendable, Equatable, CaseIterable, Comparable {
        /// A risk item answered above its threshold, not yet acknowledged.
        case risk
        /// A risk item left unanswered, not yet acknowledged.
        case riskNotAnswered
        /// A rupture event still open at the last session.
        case possibleRupture
        /// The outcome got reliably worse.
        case reliableDeterioration
        /// Client and therapist rate the alliance at least the gap threshold apart at the latest
        /// session both rated.
        case largeGap
        /// The client's subscales diverge at the latest session.
        case subscaleDivergence
        /// Top score every time.
        case ceiling

        /// Kinds sort in declaration (priority) order.
        public static func < (lhs: Kind, rhs: Kind) -> Bool {
            (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
        }
    }

    /// The client.
    public var clientID: String
    /// The kind.
    public var kind: Kind
    /// The session it refers to (the start of a rupture, the latest session otherwise), if any.
    public var session: Int?
    /// The series or instrument it refers to (for a rupture seen in several series, all of them,
    /// comma-separated).
    public var source: String
    /// Who rated a rupture ("client", "therapist" or both, comma-separated); nil for other kinds.
    public var raters: String?
    /// The words shown to the therapist.
    public var wording: String
}

/// Turns per-client analyses into alerts for the caseload list, most urgent first.
public enum CaseloadAlerts {
    /// How recent (in sessions, counting back from the latest alliance session) an open rupture
    /// must have started to be alerted.
    public static let defaultRecentSessions = 6

    /// Alerts of one client, in priority order then session.
    ///
    /// Every risk flag not yet acknowledged is an alert, however old.
    ///
    /// A rupture is alerted once per start session (the first rule and series that found it),
    /// naming the raters whose series show it, only while it is open, and only when it began
    /// within the last `recentSessions` sessions: an older drop that never came back is a low
    /// alliance, which the level alerts describe, not a rupture to ask about today.
    public static func alerts(
        for analysis: ClientAnalysis, allianceScale: String = "total", recentSessions: Int = defaultRecentSessions
    ) -> [CaseloadAlert] {
        var alerts: [CaseloadAlert] = []
        for finding in analysis.risk {
            alerts.append(
                CaseloadAlert(
                    clientID: analysis.clientID, kind: finding.answered ? .risk : .riskNotAnswered,
                    session: finding.session, source: finding.instrument, wording: finding.wording))
        }
        let latest = analysis.latestAllianceSession ?? Int.max
        var byStart: [Int: (first: ReportedRupture, series: [String], raters: [String])] = [:]
        var starts: [Int] = []
        for rupture in analysis.ruptures where rupture.open && rupture.start > latest - recentSessions {
            let rater = rupture.series.split(separator: "/").dropFirst().first.map(String.init) ?? rupture.series
            if var found = byStart[rupture.start] {
                if !found.series.contains(rupture.series) { found.series.append(rupture.series) }
                if !found.raters.contains(rater) { found.raters.append(rater) }
                byStart[rupture.start] = found
            } else {
                byStart[rupture.start] = (rupture, [rupture.series], [rater])
                starts.append(rupture.start)
            }
        }
        for start in starts {
            guard let found = byStart[start] else { continue }
            let raters = found.raters.sorted { ($0 == "client" ? 0 : 1, $0) < ($1 == "client" ? 0 : 1, $1) }
            alerts.append(
                CaseloadAlert(
                    clientID: analysis.clientID, kind: .possibleRupture, session: start,
                    source: found.series.joined(separator: ","), raters: raters.joined(separator: ", "),
                    wording: found.first.wording))
        }
        for outcome in analysis.outcomes where outcome.change.status == .reliablyDeteriorated {
            alerts.append(
                CaseloadAlert(
                    clientID: analysis.clientID, kind: .reliableDeterioration, session: outcome.postSession,
                    source: outcome.instrument, wording: OutcomeStatus.reliablyDeteriorated.therapistWording))
        }
        if let scale = analysis.gap.scales.first(where: { $0.scale == allianceScale }),
            let latest = scale.sessions.last, scale.largeGapSessions.contains(latest.session)
        {
            alerts.append(
                CaseloadAlert(
                    clientID: analysis.clientID, kind: .largeGap, session: latest.session, source: allianceScale,
                    wording: GapAnalysis.therapistWording))
        }
        if let d = analysis.divergence.last, d.session == analysis.latestAllianceSession {
            alerts.append(
                CaseloadAlert(
                    clientID: analysis.clientID, kind: .subscaleDivergence, session: d.session, source: "subscales",
                    wording: d.therapistWording))
        }
        for ceiling in analysis.ceilings {
            alerts.append(
                CaseloadAlert(
                    clientID: analysis.clientID, kind: .ceiling, session: nil, source: ceiling.series,
                    wording: CeilingPattern.therapistWording))
        }
        return alerts.sorted { ($0.kind, $0.session ?? 0) < ($1.kind, $1.session ?? 0) }
    }

    /// Alerts of a whole caseload: by kind (most urgent first), then client id, then session.
    public static func alerts(for analyses: [ClientAnalysis]) -> [CaseloadAlert] {
        analyses.flatMap(\.alerts).sorted {
            ($0.kind, $0.clientID, $0.session ?? 0) < ($1.kind, $1.clientID, $1.session ?? 0)
        }
    }
}
