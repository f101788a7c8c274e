import Instruments
import Store

/// A rupture event together with the series it was found in, as reported per client.
public struct ReportedRupture: Codable, Sendable, Equatable {
    /// The series, as a `SeriesKey` text ("wai-sr/client/total").
    public var series: String
    /// The rule that found it.
    public var rule: RuptureRule
    /// The first session below the reference.
    public var start: Int
    /// The session with the lowest score.
    public var trough: Int
    /// The lowest score.
    public var troughValue: Double
    /// The reference level (see `RuptureEvent.preDropLevel`).
    public var preDropLevel: Double
    /// `preDropLevel − troughValue`.
    public var depth: Double
    /// Observed sessions in the event.
    public var length: Int
    /// Back to the pre-drop level within the repair window.
    public var repaired: Bool
    /// When it was repaired, or `null`.
    public var repairedAt: Int?
    /// Not back at the pre-drop level by the last session.
    public var open: Bool
    /// The words shown to the therapist.
    public var wording: String

    /// Reports `event` found in `series`.
    public init(series: String, event: RuptureEvent) {
        self.series = series
        rule = event.rule
        start = event.start
        trough = event.trough
        troughValue = event.troughValue
        preDropLevel = event.preDropLevel
        depth = event.depth
        length = event.length
        repaired = event.repaired
        repairedAt = event.repairedAt
        open = event.open
        wording = event.rule.therapistWording
    }

    /// The event without its series.
    public var event: RuptureEvent {
        RuptureEvent(
            rule: rule, start: start, trough: trough, troughValue: troughValue, preDropLevel: preDropLevel,
            depth: depth, length: length, repaired: repaired, repairedAt: repairedAt, open: open)
    }

    enum CodingKeys: String, CodingKey {
        case series, rule, start, trough, troughValue, preDropLevel, depth, length, repaired, repairedAt, open, wording
    }

    /// Encodes every key; `repairedAt` is an explicit `null` when not repaired.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(series, forKey: .series)
        try c.encode(rule, forKey: .rule)
        try c.encode(start, forKey: .start)
        try c.encode(trough, forKey: .trough)
        try c.encode(troughValue, forKey: .troughValue)
        try c.encode(preDropLevel, forKey: .preDropLevel)
        try c.encode(depth, forKey: .depth)
        try c.encode(length, forKey: .length)
        try c.encode(repaired, forKey: .repaired)
        try c.encode(repairedAt, forKey: .repairedAt)
        try c.encode(open, forKey: .open)
        try c.encode(wording, forKey: .wording)
    }
}

/// A ceiling pattern found in one series.
public struct CeilingFinding: Codable, Sendable, Equatable {
    /// The series key text.
    public var series: String
    /// Observed sessions, all at the ceiling.
    public var sessions: Int
    /// The scale maximum.
    public var scaleMaximum: Double
}

/// The change of one outcome instrument for one client.
public struct OutcomeFinding: Codable, Sendable, Equatable {
    /// The instrument id.
    public var instrument: String
    /// Its primary scale.
    public var scale: String
    /// First to last observed session.
    public var preSession: Int
    /// The last observed session.
    public var postSession: Int
    /// The classification.
    public var change: OutcomeChangeResult
}

/// Everything the per-client rules find for one client: what the review screen shows.
public struct ClientAnalysis: Codable, Sendable, Equatable {
    /// The client id.
    public var clientID: String
    /// Number of sessions with any record.
    public var sessions: Int
    /// The last session with a client-rated alliance score, if any.
    public var latestAllianceSession: Int?
    /// Rupture events in the client- and therapist-rated alliance series.
    public var ruptures: [ReportedRupture]
    /// Ceiling patterns.
    public var ceilings: [CeilingFinding]
    /// Sessions at which the client's alliance subscales diverge.
    public var divergence: [SubscaleDivergence]
    /// The client–therapist gap per session and scale.
    public var gap: GapAnalysis
    /// Outcome change per outcome instrument with at least two administrations.
    public var outcomes: [OutcomeFinding]
    /// The attachment instrument used, if any had data.
    public var attachmentInstrument: String?
    /// The attachment profile, if any attachment instrument had data.
    public var attachment: AttachmentProfile?
    /// Risk flags not yet acknowledged by a therapist, in session order.
    public var risk: [RiskFinding]
    /// The alerts for this client (see `CaseloadAlerts`).
    public var alerts: [CaseloadAlert]
    /// Episodes of care with per-measure outcome classes and expected-recovery tracks.
    public var episodes: [EpisodeAnalysis] = []
    /// Prompts, answerable alerts with their answers and the latest obstacle check (therapist-only;
    /// filled by `withFeedback`, absent otherwise).
    public var feedback: ClientFeedback? = nil
}

extension ClientAnalysis {
    /// Runs every per-client rule on a client's summary.
    ///
    /// - Parameters:
    ///   - caseloadSDs: SD per series key across the caseload (`CaseloadReport.caseloadSDs`);
    ///     used by the "stricter of both" rupture rules.
    public static func build(
        summary: ClientSummary,
        catalog: InstrumentCatalog,
        options: AnalysisOptions = .standard,
        caseloadSDs: [String: Double] = [:],
        discharges: [Discharge] = [],
        reference: TrackReference = TrackReference(),
        baselines: [BaselineChoice] = []
    ) -> ClientAnalysis {
        let id = summary.clientId.rawValue
        var ruptures: [ReportedRupture] = []
        var ceilings: [CeilingFinding] = []
        for instrumentID in [options.clientAlliance, options.therapistAlliance] {
            guard let instrument = try? catalog.instrument(instrumentID) else { continue }
            for scale in options.ruptureScales {
                let key = SeriesKey(instrument: instrumentID, rater: instrument.rater, scale: scale).text
                let points = summary.seriesPoints(instrumentID, instrument.rater, scale)
                var config = options.rupture
                config.caseloadSD = config.caseloadSD ?? caseloadSDs[key]
                if config.reliableChange == nil, scale == instrument.primaryScale {
                    config.reliableChange = instrument.reliableChange?.threshold
                }
                if config.levelCutoff == nil, scale == instrument.primaryScale, let cutoff = instrument.cutoff,
                    !cutoff.higherIsWorse
                {
                    config.levelCutoff = cutoff.value
                }
                ruptures += RuptureDetector(config).events(in: points).map { ReportedRupture(series: key, event: $0) }
                if let definition = instrument.scale(scale),
                    let found = CeilingPattern.detect(
                        in: points, scaleMaximum: instrument.scoreRange(of: definition).upperBound,
                        minimumSessions: options.rupture.minimumSessions)
                {
                    ceilings.append(
                        CeilingFinding(series: key, sessions: found.sessions, scaleMaximum: found.scaleMaximum))
                }
            }
        }

        var clientScales: [String: [SeriesPoint]] = [:]
        var therapistScales: [String: [SeriesPoint]] = [:]
        let clientRater = (try? catalog.instrument(options.clientAlliance))?.rater ?? .client
        let therapistRater = (try? catalog.instrument(options.therapistAlliance))?.rater ?? .therapist
        for scale in [options.allianceScale] + options.allianceSubscales {
            clientScales[scale] = summary.seriesPoints(options.clientAlliance, clientRater, scale)
            therapistScales[scale] = summary.seriesPoints(options.therapistAlliance, therapistRater, scale)
        }
        let divergence = SubscaleDivergence.detect(
            in: clientScales.filter { options.allianceSubscales.contains($0.key) },
            threshold: options.divergenceThreshold)
        let gap = GapAnalysis.compute(
            client: clientScales.filter { !$0.value.isEmpty }, therapist: therapistScales.filter { !$0.value.isEmpty },
            threshold: options.gapThreshold)

        var outcomes: [OutcomeFinding] = []
        for instrumentID in options.outcomes {
            guard let instrument = try? catalog.instrument(instrumentID),
                let criterion = ReliableChangeCriterion(instrument.reliableChange)
            else { continue }
            let points = summary.seriesPoints(instrumentID, instrument.rater, instrument.primaryScale).observed
            guard points.count >= 2, let first = points.first, let last = points.last,
                let change = OutcomeChange.classify(
                    pre: first.value, post: last.value, criterion: criterion, cutoff: instrument.cutoff?.value,
                    higherIsBetter: instrument.cutoff.map { !$0.higherIsWorse } ?? false)
            else { continue }
            outcomes.append(
                OutcomeFinding(
                    instrument: instrumentID, scale: instrument.primaryScale, preSession: first.session,
                    postSession: last.session, change: change))
        }

        var attachmentInstrument: String?
        var attachment: AttachmentProfile?
        for instrumentID in options.attachment {
            guard let instrument = try? catalog.instrument(instrumentID) else { continue }
            let profile = AttachmentProfile.compute(
                anxiety: summary.seriesPoints(instrumentID, instrument.rater, "anxiety"),
                avoidance: summary.seriesPoints(instrumentID, instrument.rater, "avoidance"),
                cut: options.attachmentCut)
            if !profile.points.isEmpty {
                attachmentInstrument = instrumentID
                attachment = profile
                break
            }
        }

        var analysis = ClientAnalysis(
            clientID: id, sessions: summary.sessions.count,
            latestAllianceSession: clientScales[options.allianceScale]?.observed.last?.session, ruptures: ruptures,
            ceilings: ceilings,
            divergence: divergence, gap: gap, outcomes: outcomes, attachmentInstrument: attachmentInstrument,
            attachment: attachment, risk: summary.openRisk.map { RiskFinding($0, catalog: catalog) }, alerts: [])
        analysis.episodes = EpisodeOutcome.analyse(
            summary: summary, discharges: discharges, catalog: catalog, options: options, reference: reference,
            baselines: baselines)
        analysis.alerts = CaseloadAlerts.alerts(for: analysis, allianceScale: options.allianceScale)
        return analysis
    }
}
