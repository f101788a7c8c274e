import Instruments
import Store

/// The mediation analysis of a caseload: which clients took part, the paths and the bootstrap
/// interval, flattened for the report.
public struct MediationReport: Codable, Sendable, Equatable {
    /// What X, M and Y are, in words.
    public var x: String
    /// The mediator.
    public var m: String
    /// The outcome change.
    public var y: String
    /// Clients included.
    public var n: Int
    /// a, b, c, c′ and a·b (all `null` when the model cannot be estimated).
    public var a: Double?
    /// b: Y on M controlling for X.
    public var b: Double?
    /// c: total effect.
    public var c: Double?
    /// c′: direct effect.
    public var cPrime: Double?
    /// a·b.
    public var indirect: Double?
    /// Percentile bootstrap interval of a·b.
    public var ci: [Double]?
    /// Its level.
    public var confidence: Double
    /// Resamples drawn.
    public var resamples: Int
    /// Resamples that could not be estimated.
    public var skippedResamples: Int?
    /// The seed.
    public var seed: UInt64
    /// Included clients, in order, with their X, M and Y.
    public var included: [Case]
    /// Clients left out, with reasons.
    public var excluded: [ExcludedClient]

    /// One included client.
    public struct Case: Codable, Sendable, Equatable {
        /// The client id.
        public var clientID: String
        /// Social identification.
        public var x: Double
        /// Alliance.
        public var m: Double
        /// Outcome change (residual gain).
        public var y: Double
    }

    enum CodingKeys: String, CodingKey {
        case x, m, y, n, a, b, c, cPrime, indirect, ci, confidence, resamples, skippedResamples, seed, included,
            excluded
    }

    /// Encodes every key; unestimable numbers are explicit `null`s.
    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(x, forKey: .x)
        try k.encode(m, forKey: .m)
        try k.encode(y, forKey: .y)
        try k.encode(n, forKey: .n)
        try k.encode(a, forKey: .a)
        try k.encode(b, forKey: .b)
        try k.encode(c, forKey: .c)
        try k.encode(cPrime, forKey: .cPrime)
        try k.encode(indirect, forKey: .indirect)
        try k.encode(ci, forKey: .ci)
        try k.encode(confidence, forKey: .confidence)
        try k.encode(resamples, forKey: .resamples)
        try k.encode(skippedResamples, forKey: .skippedResamples)
        try k.encode(seed, forKey: .seed)
        try k.encode(included, forKey: .included)
        try k.encode(excluded, forKey: .excluded)
    }
}

/// The whole `rapport analyze` result: every client's analysis, the caseload analyses and the
/// alerts.
public struct CaseloadReport: Codable, Sendable, Equatable {
    /// The settings used.
    public var options: AnalysisOptions
    /// The caseload SD of each alliance series used by the rupture rules.
    public var caseloadSDs: [String: Double]
    /// Per-client results, by client id.
    public var clients: [ClientAnalysis]
    /// Alliance–outcome across the caseload (`nil` when the report is for one client).
    public var allianceOutcome: AllianceOutcomeResult?
    /// Mediation across the caseload (`nil` when the report is for one client).
    public var mediation: MediationReport?
    /// Every client's alerts, most urgent first.
    public var alerts: [CaseloadAlert]
    /// The share of clients flagged and how the flags were answered (filled by `withFeedback`).
    public var feedback: FeedbackSummary? = nil

    enum CodingKeys: String, CodingKey {
        case options, caseloadSDs, clients, allianceOutcome, mediation, alerts, feedback
    }

    /// Encodes every key; absent caseload analyses are explicit `null`s.
    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(options, forKey: .options)
        try k.encode(caseloadSDs, forKey: .caseloadSDs)
        try k.encode(clients, forKey: .clients)
        try k.encode(allianceOutcome, forKey: .allianceOutcome)
        try k.encode(mediation, forKey: .mediation)
        try k.encode(alerts, forKey: .alerts)
        if let feedback { try k.encode(feedback, forKey: .feedback) }
    }

    /// The caseload SD of every alliance series the rupture rules read, over all summaries.
    public static func caseloadSDs(
        summaries: [ClientSummary], catalog: InstrumentCatalog, options: AnalysisOptions
    ) -> [String: Double] {
        var sds: [String: Double] = [:]
        for instrumentID in [options.clientAlliance, options.therapistAlliance] {
            guard let instrument = try? catalog.instrument(instrumentID) else { continue }
            for scale in options.ruptureScales {
                let all = summaries.map { $0.seriesPoints(instrumentID, instrument.rater, scale) }
                if let sd = RuptureDetector.caseloadSD(of: all) {
                    sds[SeriesKey(instrument: instrumentID, rater: instrument.rater, scale: scale).text] = sd
                }
            }
        }
        return sds
    }

    /// Analyses a caseload.
    ///
    /// - Parameters:
    ///   - summaries: every client's summary (the caseload SDs and caseload analyses use all).
    ///   - only: report this client only; the caseload analyses are then left out.
    public static func build(
        summaries: [ClientSummary],
        catalog: InstrumentCatalog,
        options: AnalysisOptions = .standard,
        only: String? = nil,
        discharges: [String: [Discharge]] = [:],
        baselines: [String: [BaselineChoice]] = [:]
    ) -> CaseloadReport {
        let sorted = summaries.sorted { $0.clientId < $1.clientId }
        let sds = caseloadSDs(summaries: sorted, catalog: catalog, options: options)
        let chosen = only.map { id in sorted.filter { $0.clientId.rawValue == id } } ?? sorted
        let reference = TrackReference.build(
            summaries: sorted, discharges: discharges, catalog: catalog, options: options, baselines: baselines)
        let clients = chosen.map {
            ClientAnalysis.build(
                summary: $0, catalog: catalog, options: options, caseloadSDs: sds,
                discharges: discharges[$0.clientId.rawValue] ?? [], reference: reference,
                baselines: baselines[$0.clientId.rawValue] ?? [])
        }
        let caseload = only == nil
        return CaseloadReport(
            options: options,
            caseloadSDs: sds,
            clients: clients,
            allianceOutcome: caseload ? allianceOutcome(sorted, catalog: catalog, options: options) : nil,
            mediation: caseload ? mediation(sorted, catalog: catalog, options: options) : nil,
            alerts: CaseloadAlerts.alerts(for: clients)
        )
    }

    static func allianceOutcome(
        _ summaries: [ClientSummary], catalog: InstrumentCatalog, options: AnalysisOptions
    ) -> AllianceOutcomeResult {
        let allianceRater = (try? catalog.instrument(options.clientAlliance))?.rater ?? .client
        let outcome = try? catalog.instrument(options.caseloadOutcome)
        let cases = summaries.map { s in
            AllianceOutcomeCase(
                clientID: s.clientId.rawValue,
                alliance: s.seriesPoints(options.clientAlliance, allianceRater, options.allianceScale),
                outcome: outcome.map { s.seriesPoints($0.id, $0.rater, $0.primaryScale) } ?? [])
        }
        return AllianceOutcome.compute(cases: cases, measure: options.allianceMeasure)
    }

    static func mediation(
        _ summaries: [ClientSummary], catalog: InstrumentCatalog, options: AnalysisOptions
    ) -> MediationReport {
        let allianceRater = (try? catalog.instrument(options.clientAlliance))?.rater ?? .client
        let identificationRater = (try? catalog.instrument(options.identification))?.rater ?? .client
        let outcome = try? catalog.instrument(options.caseloadOutcome)
        var rows: [(id: String, x: Double, m: Double, pre: Double, post: Double)] = []
        var excluded: [ExcludedClient] = []
        let measure = options.allianceMeasure
        for s in summaries {
            let id = s.clientId.rawValue
            guard
                let x = measure.value(
                    in: s.seriesPoints(options.identification, identificationRater, options.identificationScale))
            else {
                excluded.append(ExcludedClient(clientID: id, reason: "no identification score (\(measure.label))"))
                continue
            }
            guard
                let m = measure.value(in: s.seriesPoints(options.clientAlliance, allianceRater, options.allianceScale))
            else {
                excluded.append(ExcludedClient(clientID: id, reason: "no alliance score (\(measure.label))"))
                continue
            }
            guard let outcome,
                let (pre, post) = AllianceOutcome.prePost(
                    s.seriesPoints(outcome.id, outcome.rater, outcome.primaryScale))
            else {
                excluded.append(ExcludedClient(clientID: id, reason: "fewer than two outcome scores"))
                continue
            }
            rows.append((id, x, m, pre, post))
        }
        let gains = ResidualGain.compute(pre: rows.map(\.pre), post: rows.map(\.post))
        let result = gains.flatMap {
            Mediation.compute(
                x: rows.map(\.x), m: rows.map(\.m), y: $0, resamples: options.resamples, seed: options.seed)
        }
        let included =
            gains.map { g in
                rows.enumerated().map { i, r in MediationReport.Case(clientID: r.id, x: r.x, m: r.m, y: g[i]) }
            } ?? []
        return MediationReport(
            x: "\(options.identification) \(options.identificationScale) (\(measure.label))",
            m: "\(options.clientAlliance) \(options.allianceScale) (\(measure.label))",
            y:
                "\(options.caseloadOutcome) residual gain (post regressed on pre; negative = better than expected on a symptom measure)",
            n: rows.count,
            a: result?.paths.a,
            b: result?.paths.b,
            c: result?.paths.c,
            cPrime: result?.paths.cPrime,
            indirect: result?.paths.indirect,
            ci: result?.ci,
            confidence: result?.confidence ?? 0.95,
            resamples: options.resamples,
            skippedResamples: result?.skippedResamples,
            seed: options.seed,
            included: included,
            excluded: excluded
        )
    }
}
