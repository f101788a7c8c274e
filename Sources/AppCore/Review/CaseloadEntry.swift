import Analytics
import Dispatch
import Foundation
import Instruments
import Store

/// One client's row on the caseload screen and in `rapport client list`: sessions, last date,
/// latest alliance (client and therapist), trend, outcome band and alerts. Both read the rows
/// from here, so the screen and the command cannot disagree.
public struct CaseloadEntry: Sendable, Equatable, Encodable {
    /// The client.
    public var client: ClientID
    /// Sessions with any record.
    public var sessions: Int
    /// Date of the last session.
    public var lastSession: SessionDate?
    /// Latest client-rated alliance (WAI-SR total).
    public var allianceClient: Double?
    /// Latest therapist-rated alliance.
    public var allianceTherapist: Double?
    /// Recent direction of the client-rated alliance.
    public var trend: AllianceTrend.Direction
    /// The outcome instrument shown (the first of the analysis outcomes with a score).
    public var outcome: String?
    /// Its latest score.
    public var outcomeScore: Double?
    /// Its band at the latest score.
    public var outcomeBand: String?
    /// Any risk item answered above its threshold or left unanswered, in any session
    /// (acknowledged or not).
    public var risk: Bool
    /// Alerts, most urgent first.
    public var alerts: [ReviewAlert]

    enum CodingKeys: String, CodingKey {
        case client, sessions, lastSession, allianceClient, allianceTherapist, trend, outcome, outcomeScore,
            outcomeBand, risk, alerts
    }

    /// Encodes every key (absent values as explicit `null`s).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(client.rawValue, forKey: .client)
        try c.encode(sessions, forKey: .sessions)
        try c.encode(lastSession?.rawValue, forKey: .lastSession)
        try c.encode(allianceClient, forKey: .allianceClient)
        try c.encode(allianceTherapist, forKey: .allianceTherapist)
        try c.encode(trend.rawValue, forKey: .trend)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(outcomeScore, forKey: .outcomeScore)
        try c.encode(outcomeBand, forKey: .outcomeBand)
        try c.encode(risk, forKey: .risk)
        try c.encode(alerts, forKey: .alerts)
    }

    /// Sessions from the first outcome score after which "no reliable change" becomes an alert
    /// (design choice, docs/review.md).
    public static let notImprovingAfter = 6

    /// The row of one client from its summary and analysis. `responses` are the therapist's answers
    /// to the client's alerts: an answered rupture, deterioration or not-on-track alert stays quiet
    /// until a later session triggers it again (risk flags stay until acknowledged, whatever the answer).
    public init(
        summary: ClientSummary, analysis: ClientAnalysis, catalog: InstrumentCatalog, options: AnalysisOptions,
        responses: [AlertResponse] = []
    ) {
        client = summary.clientId
        sessions = summary.sessions.count
        lastSession = summary.lastSessionDate
        let clientRater = (try? catalog.instrument(options.clientAlliance))?.rater ?? .client
        let therapistRater = (try? catalog.instrument(options.therapistAlliance))?.rater ?? .therapist
        let allianceSeries = summary.series(options.clientAlliance, clientRater, options.allianceScale)
        allianceClient = allianceSeries.last?.value
        allianceTherapist = summary.series(options.therapistAlliance, therapistRater, options.allianceScale).last?.value
        let trendReading = AllianceTrend.of(allianceSeries.map { ($0.session, $0.value) })
        trend = trendReading.direction
        for id in options.outcomes {
            guard let instrument = try? catalog.instrument(id),
                let last = summary.series(id, instrument.rater, instrument.primaryScale).last
            else { continue }
            outcome = id
            outcomeScore = last.value
            outcomeBand = instrument.band(for: last.value)
            break
        }
        risk = !summary.risk.isEmpty
        let answered =
            responses.isEmpty
            ? []
            : FeedbackAlerts.alerts(analysis: analysis, summary: summary, responses: responses).filter { !$0.nagging }
        alerts = CaseloadEntry.alerts(
            summary: summary, analysis: analysis, trend: trendReading, outcome: outcome, catalog: catalog,
            answered: answered)
    }

    /// Every alert of a client, most urgent first, then by session.
    static func alerts(
        summary: ClientSummary, analysis: ClientAnalysis, trend: AllianceTrend, outcome: String?,
        catalog: InstrumentCatalog, answered: [FeedbackAlert] = []
    ) -> [ReviewAlert] {
        func quiet(_ kind: FeedbackAlertKind, source: String? = nil, session: Int? = nil) -> Bool {
            answered.contains {
                $0.kind == kind && (source == nil || $0.source == source) && (session == nil || $0.session == session)
            }
        }
        // Risk flags (every one not yet acknowledged) come with the analysis alerts.
        var out: [ReviewAlert] = []
        let worse = analysis.alerts.contains { $0.kind == .reliableDeterioration }
        for alert in analysis.alerts {
            if alert.kind == .possibleRupture, let start = alert.session, quiet(.rupture, session: start) { continue }
            if alert.kind == .reliableDeterioration, quiet(.deterioration, source: alert.source) { continue }
            out.append(
                ReviewAlert(
                    kind: ReviewAlert.Kind(alert.kind), session: alert.session, wording: alert.wording,
                    raters: alert.raters))
        }
        if trend.isLow {
            out.append(ReviewAlert(kind: .lowAlliance, session: trend.latestSession, wording: AllianceTrend.lowWording))
        }
        if trend.direction == .falling {
            out.append(
                ReviewAlert(kind: .fallingAlliance, session: trend.latestSession, wording: AllianceTrend.fallingWording)
            )
        }
        // Not on track in the open episode: one alert naming every measure off its band.
        var offTrack: [String] = []
        if let episode = analysis.episodes.last, episode.open {
            let offMeasures = episode.measures.filter {
                $0.track.status == .notOnTrack && !(worse && $0.reliableDeterioration == true)
            }
            // An answered measure stays out of "stuck" too: it is still off track, only quiet.
            offTrack = offMeasures.map(\.instrument)
            let measures = offMeasures.filter { !quiet(.notOnTrack, source: $0.instrument) }
            if !measures.isEmpty {
                let names = measures.map { m in
                    (try? catalog.instrument(m.instrument)).map { $0.shortTitle ?? $0.title } ?? m.instrument
                }
                let session = measures.compactMap(\.lastSession).max()
                let why = measures.map(\.track.explanation).joined(separator: "; ")
                out.append(
                    ReviewAlert(
                        kind: .notOnTrack, session: session,
                        wording:
                            "\(names.joined(separator: " and ")) not on track yet — worth reviewing together (\(why))",
                        measure: names.joined(separator: "+")))
            }
        }
        // "Stuck" says less than "not on track" about the same measure: only one of them.
        if let outcome, !offTrack.contains(outcome),
            let finding = analysis.outcomes.first(where: { $0.instrument == outcome }),
            finding.change.status == .noReliableChange,
            finding.postSession - finding.preSession + 1 >= notImprovingAfter
        {
            let name = (try? catalog.instrument(outcome)).map { $0.shortTitle ?? $0.title } ?? outcome
            out.append(
                ReviewAlert(
                    kind: .outcomeNotImproving, session: finding.postSession,
                    wording:
                        "\(name) not reliably improved since session \(finding.preSession) — worth reviewing the plan together"
                ))
        }
        return out.sorted { ($0.kind, $0.session ?? 0) < ($1.kind, $1.session ?? 0) }
    }

    /// The most urgent alert, if any.
    public var topAlert: ReviewAlert? { alerts.first }

    /// Caseload order: most urgent alert first (clients without alerts last), then the most
    /// recent last session, then client id.
    public static func inCaseloadOrder(_ a: CaseloadEntry, _ b: CaseloadEntry) -> Bool {
        let ra = a.topAlert?.kind.rank ?? Int.max
        let rb = b.topAlert?.kind.rank ?? Int.max
        if ra != rb { return ra < rb }
        let da = a.lastSession?.rawValue ?? ""
        let db = b.lastSession?.rawValue ?? ""
        if da != db { return da > db }
        return a.client < b.client
    }

    /// Builds and sorts the rows of a whole caseload: the caseload SDs once, then each client's
    /// analysis (spread over the available cores for large caseloads). Pass `caseloadSDs` when
    /// already computed.
    public static func caseload(
        summaries: [ClientSummary], catalog: InstrumentCatalog, options: AnalysisOptions = .standard,
        caseloadSDs: [String: Double]? = nil, discharges: [String: [Discharge]] = [:],
        reference: TrackReference = TrackReference(), responses: [String: [AlertResponse]] = [:]
    ) -> [CaseloadEntry] {
        let sds = caseloadSDs ?? CaseloadReport.caseloadSDs(summaries: summaries, catalog: catalog, options: options)
        return caseload(
            count: summaries.count, summary: { summaries[$0] }, catalog: catalog, options: options, caseloadSDs: sds,
            discharges: discharges, reference: reference, responses: responses) ?? []
    }

    /// The rows of a caseload whose summaries are read one at a time (`summary(i)` for `i` in
    /// `0..<count`, from several threads for large caseloads; each is dropped once its row is
    /// built); nil when any summary is nil.
    public static func caseload(
        count: Int, summary: @Sendable (Int) -> ClientSummary?, catalog: InstrumentCatalog,
        options: AnalysisOptions = .standard, caseloadSDs sds: [String: Double],
        discharges: [String: [Discharge]] = [:], reference: TrackReference = TrackReference(),
        responses: [String: [AlertResponse]] = [:]
    ) -> [CaseloadEntry]? {
        @Sendable func entry(_ i: Int) -> CaseloadEntry? {
            guard let s = summary(i) else { return nil }
            return CaseloadEntry(
                summary: s,
                analysis: ClientAnalysis.build(
                    summary: s, catalog: catalog, options: options, caseloadSDs: sds,
                    discharges: discharges[s.clientId.rawValue] ?? [], reference: reference),
                catalog: catalog, options: options, responses: responses[s.clientId.rawValue] ?? [])
        }
        var entries: [CaseloadEntry] = []
        entries.reserveCapacity(count)
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        if count >= 200 && workers > 1 {
            let results = ResultSlots<CaseloadEntry>(count: count)
            let chunk = (count + workers - 1) / workers
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let range = (w * chunk)..<min(count, (w + 1) * chunk)
                for i in range {
                    guard let e = entry(i) else { return }
                    results.set(i, e)
                }
            }
            entries = results.values()
            guard entries.count == count else { return nil }
        } else {
            for i in 0..<count {
                guard let e = entry(i) else { return nil }
                entries.append(e)
            }
        }
        entries.sort(by: inCaseloadOrder)
        return entries
    }
}
