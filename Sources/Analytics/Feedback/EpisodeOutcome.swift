import Instruments
import Store

/// The outcome class of one measure over one episode (NHS Talking Therapies definitions applied to
/// one measure; docs/analytics.md, "Episodes").
public enum EpisodeClassification: String, Codable, Sendable, Equatable, CaseIterable {
    /// At caseness at the start, below it at the end, and reliably improved.
    case reliableRecovery
    /// At caseness at the start and below it at the end, without a reliable improvement.
    case recovery
    /// Reliably improved (not a recovery: started below caseness, or still at caseness).
    case reliableImprovement
    /// Reliably worse.
    case reliableDeterioration
    /// Change within measurement noise.
    case noReliableChange

    /// The words shown to the therapist.
    public var therapistWording: String {
        switch self {
        case .reliableRecovery: "reliable recovery (reliably improved and now below the clinical cut-off)"
        case .recovery: "recovery (now below the clinical cut-off, but the change is within measurement noise)"
        case .reliableImprovement: "reliable improvement"
        case .reliableDeterioration: "reliably worse — worth reviewing the plan together"
        case .noReliableChange: "no reliable change"
        }
    }
}

/// One outcome measure over one episode: first and last score, the published classification and
/// the expected-recovery track.
public struct EpisodeMeasure: Codable, Sendable, Equatable {
    /// Instrument id and primary scale.
    public var instrument: String
    public var scale: String
    /// Observed scores in the episode.
    public var scores: Int
    /// The baseline (the first score of the episode) and its session.
    public var baselineSession: Int?
    public var baseline: Double?
    /// The last score of the episode so far and its session (`nil` with fewer than two scores).
    public var lastSession: Int?
    public var last: Double?
    /// `last − baseline`.
    public var change: Double?
    /// The clinical cut-off (a score at or above it is at caseness) and the reliable-change value.
    public var cutoff: Double?
    public var reliableChange: Double?
    /// The criterion in words ("PHQ-9 reliable change ≥ 6 points (NHS Talking Therapies)").
    public var criterion: String
    /// At caseness at the baseline.
    public var caseness: Bool?
    /// Flags, `nil` with fewer than two scores; `recovered` is `nil` for an episode that did not start at caseness.
    public var reliableImprovement: Bool?
    public var reliableDeterioration: Bool?
    public var recovered: Bool?
    public var reliableRecovery: Bool?
    /// The most specific class, `nil` with fewer than two scores.
    public var classification: EpisodeClassification?
    /// Its words.
    public var wording: String?
    /// Expected recovery and not-on-track status at the last score.
    public var track: Track
    /// When the therapist chose another baseline or left administrations out
    /// (`rapport client baseline`): the original first score of the episode and its session, and
    /// the sessions left out; `nil` with the original baseline.
    public var originalBaselineSession: Int? = nil
    public var originalBaseline: Double? = nil
    public var excludedSessions: [Int] = []

    enum CodingKeys: String, CodingKey {
        case instrument, scale, scores, baselineSession, baseline, lastSession, last, change, cutoff, reliableChange,
            criterion, caseness, reliableImprovement, reliableDeterioration, recovered, reliableRecovery,
            classification, wording, track, originalBaselineSession, originalBaseline, excludedSessions
    }

    /// Encodes every key; unknown values are explicit `null`s.
    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(instrument, forKey: .instrument)
        try k.encode(scale, forKey: .scale)
        try k.encode(scores, forKey: .scores)
        try k.encode(baselineSession, forKey: .baselineSession)
        try k.encode(baseline, forKey: .baseline)
        try k.encode(lastSession, forKey: .lastSession)
        try k.encode(last, forKey: .last)
        try k.encode(change, forKey: .change)
        try k.encode(cutoff, forKey: .cutoff)
        try k.encode(reliableChange, forKey: .reliableChange)
        try k.encode(criterion, forKey: .criterion)
        try k.encode(caseness, forKey: .caseness)
        try k.encode(reliableImprovement, forKey: .reliableImprovement)
        try k.encode(reliableDeterioration, forKey: .reliableDeterioration)
        try k.encode(recovered, forKey: .recovered)
        try k.encode(reliableRecovery, forKey: .reliableRecovery)
        try k.encode(classification, forKey: .classification)
        try k.encode(wording, forKey: .wording)
        try k.encode(track, forKey: .track)
        try k.encode(originalBaselineSession, forKey: .originalBaselineSession)
        try k.encode(originalBaseline, forKey: .originalBaseline)
        try k.encode(excludedSessions, forKey: .excludedSessions)
    }
}

/// The paired PHQ-9 + GAD-7 outcome of an episode (NHS Talking Therapies): caseness on either at
/// the start; recovery = below caseness on both at the end; reliable improvement on at least one
/// and reliable deterioration on neither.
public struct PairedOutcome: Codable, Sendable, Equatable {
    public var measures: [String]
    public var caseness: Bool
    public var recovered: Bool?
    public var reliableImprovement: Bool
    public var reliableDeterioration: Bool
    public var reliableRecovery: Bool?
    /// Whether the episode counts as a finished course (at least two sessions with scores).
    public var finishedCourse: Bool

    enum CodingKeys: String, CodingKey {
        case measures, caseness, recovered, reliableImprovement, reliableDeterioration, reliableRecovery,
            finishedCourse
    }

    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(measures, forKey: .measures)
        try k.encode(caseness, forKey: .caseness)
        try k.encode(recovered, forKey: .recovered)
        try k.encode(reliableImprovement, forKey: .reliableImprovement)
        try k.encode(reliableDeterioration, forKey: .reliableDeterioration)
        try k.encode(reliableRecovery, forKey: .reliableRecovery)
        try k.encode(finishedCourse, forKey: .finishedCourse)
    }
}

/// One episode of a client's care with its outcomes.
public struct EpisodeAnalysis: Codable, Sendable, Equatable {
    public var number: Int
    public var firstSession: Int?
    public var lastSession: Int?
    /// Open (no discharge yet).
    public var open: Bool
    /// The discharge date and reason, `nil` while open.
    public var discharged: String?
    public var reason: DischargeReason?
    /// Per outcome measure with at least one score in the episode.
    public var measures: [EpisodeMeasure]
    /// PHQ-9 + GAD-7 together, when both have two scores in the episode.
    public var paired: PairedOutcome?

    enum CodingKeys: String, CodingKey {
        case number, firstSession, lastSession, open, discharged, reason, measures, paired
    }

    public func encode(to encoder: any Encoder) throws {
        var k = encoder.container(keyedBy: CodingKeys.self)
        try k.encode(number, forKey: .number)
        try k.encode(firstSession, forKey: .firstSession)
        try k.encode(lastSession, forKey: .lastSession)
        try k.encode(open, forKey: .open)
        try k.encode(discharged, forKey: .discharged)
        try k.encode(reason, forKey: .reason)
        try k.encode(measures, forKey: .measures)
        try k.encode(paired, forKey: .paired)
    }
}

/// The per-episode rules: classification (`classify`) and the assembly of an episode's analysis.
public enum EpisodeOutcome {
    /// Classifies one measure from its first and last score of an episode. Reliable when the
    /// change is at least `reliableChange` points (the routine-services convention "6 points or
    /// more"); at caseness when a score is at or above `cutoff`.
    public static func classify(
        baseline: Double, last: Double, cutoff: Double?, reliableChange: Double
    )
        -> (
            improved: Bool, deteriorated: Bool, caseness: Bool?, recovered: Bool?, classification: EpisodeClassification
        )
    {
        let tolerance = 1e-9 * Swift.max(1, reliableChange)
        let improved = baseline - last >= reliableChange - tolerance
        let deteriorated = last - baseline >= reliableChange - tolerance
        let caseness = cutoff.map { baseline >= $0 }
        let recovered: Bool? = cutoff.flatMap { c in baseline >= c ? last < c : nil }
        let classification: EpisodeClassification
        if deteriorated {
            classification = .reliableDeterioration
        } else if recovered == true {
            classification = improved ? .reliableRecovery : .recovery
        } else if improved {
            classification = .reliableImprovement
        } else {
            classification = .noReliableChange
        }
        return (improved, deteriorated, caseness, recovered, classification)
    }

    /// The criterion in words.
    static func criterion(instrument: Instrument, reliableChange: Double) -> String {
        let rc = NumberWords.plain(reliableChange)
        let cut = instrument.cutoff.map { " · caseness ≥ \(NumberWords.plain($0.value))" } ?? ""
        switch instrument.id {
        case "phq-9", "gad-7":
            return "reliable change ≥ \(rc) points\(cut) (NHS Talking Therapies)"
        case "core-10":
            return "reliable change ≥ \(rc) points, a 90% criterion\(cut) (Barkham et al. 2013)"
        default:
            return "reliable change ≥ \(rc) points\(cut) (instrument file)"
        }
    }

    /// Per-episode analysis of one client.
    public static func analyse(
        summary: ClientSummary, discharges: [Discharge], catalog: InstrumentCatalog, options: AnalysisOptions,
        reference: TrackReference, baselines: [BaselineChoice] = []
    ) -> [EpisodeAnalysis] {
        let episodes = Episode.split(sessions: summary.sessions.map { ($0.session, $0.date) }, discharges: discharges)
        var out: [EpisodeAnalysis] = []
        for episode in episodes {
            var measures: [EpisodeMeasure] = []
            for instrumentID in options.outcomes {
                guard let instrument = try? catalog.instrument(instrumentID),
                    let rc = instrument.reliableChange?.threshold, rc > 0,
                    instrument.cutoff?.higherIsWorse ?? true
                else { continue }
                let inEpisode = summary.seriesPoints(instrumentID, instrument.rater, instrument.primaryScale).observed
                    .filter { episode.contains($0.session) }
                let chosen = applyBaseline(
                    inEpisode, selection: BaselineSelection.of(episode: episode.number, in: baselines), summary: summary
                )
                let points = chosen.points
                guard let first = points.first else { continue }
                let cutoff = instrument.cutoff?.value
                var m = EpisodeMeasure(
                    instrument: instrumentID, scale: instrument.primaryScale, scores: points.count,
                    baselineSession: first.session, baseline: first.value, cutoff: cutoff, reliableChange: rc,
                    criterion: criterion(instrument: instrument, reliableChange: rc),
                    caseness: cutoff.map { first.value >= $0 },
                    track: .insufficient(tier: .rational, rule: "needs two scores", referenceSize: 0))
                if let original = inEpisode.first, original != first || !chosen.excluded.isEmpty {
                    m.originalBaselineSession = original.session
                    m.originalBaseline = original.value
                    m.excludedSessions = chosen.excluded
                }
                if points.count >= 2, let last = points.last {
                    let c = classify(baseline: first.value, last: last.value, cutoff: cutoff, reliableChange: rc)
                    m.lastSession = last.session
                    m.last = last.value
                    m.change = last.value - first.value
                    m.reliableImprovement = c.improved
                    m.reliableDeterioration = c.deteriorated
                    m.recovered = c.recovered
                    m.reliableRecovery = c.recovered.map { $0 && c.improved }
                    m.classification = c.classification
                    m.wording = c.classification.therapistWording
                }
                let range = instrument.scale(instrument.primaryScale).map { instrument.scoreRange(of: $0) }
                m.track = TrackRules.track(
                    scores: trackScores(points),
                    measure: TrackMeasure(
                        instrument: instrumentID, reliableChange: rc, cutoff: cutoff,
                        minimum: range?.lowerBound ?? 0, maximum: range?.upperBound ?? .infinity),
                    reference: reference.excluding(client: summary.clientId.rawValue), options: options.track)
                measures.append(m)
            }
            out.append(
                EpisodeAnalysis(
                    number: episode.number, firstSession: episode.firstSession, lastSession: episode.lastSession,
                    open: episode.discharge == nil, discharged: episode.discharge?.date.rawValue,
                    reason: episode.discharge?.reason, measures: measures, paired: paired(measures)))
        }
        return out
    }

    /// An episode's scores under the therapist's baseline decisions: administrations on an
    /// invalid date are left out, and with a chosen baseline date every score before it too.
    /// Returns the scores kept and the sessions left out.
    static func applyBaseline(
        _ points: [ObservedPoint], selection: BaselineSelection, summary: ClientSummary
    ) -> (points: [ObservedPoint], excluded: [Int]) {
        guard !selection.isOriginal else { return (points, []) }
        let dates = Dictionary(summary.sessions.map { ($0.session, $0.date) }, uniquingKeysWith: { a, _ in a })
        var kept: [ObservedPoint] = []
        var excluded: [Int] = []
        for p in points {
            guard let d = dates[p.session] else {
                kept.append(p)
                continue
            }
            if selection.invalid.contains(d) || selection.use.map({ d < $0 }) == true {
                excluded.append(p.session)
            } else {
                kept.append(p)
            }
        }
        return (kept, excluded)
    }

    /// Scores with t counted from the baseline's session (1 = baseline).
    static func trackScores(_ points: [ObservedPoint]) -> [TrackScore] {
        guard let first = points.first else { return [] }
        return points.map { TrackScore(t: $0.session - first.session + 1, value: $0.value) }
    }

    /// The PHQ-9 + GAD-7 pair rule, when both have two scores.
    static func paired(_ measures: [EpisodeMeasure]) -> PairedOutcome? {
        guard let phq = measures.first(where: { $0.instrument == "phq-9" }),
            let gad = measures.first(where: { $0.instrument == "gad-7" }),
            let pl = phq.last, let gl = gad.last, let pb = phq.baseline, let gb = gad.baseline,
            let pc = phq.cutoff, let gc = gad.cutoff
        else { return nil }
        let caseness = pb >= pc || gb >= gc
        let recovered: Bool? = caseness ? (pl < pc && gl < gc) : nil
        let deteriorated = phq.reliableDeterioration == true || gad.reliableDeterioration == true
        let improved = (phq.reliableImprovement == true || gad.reliableImprovement == true) && !deteriorated
        return PairedOutcome(
            measures: ["phq-9", "gad-7"], caseness: caseness, recovered: recovered, reliableImprovement: improved,
            reliableDeterioration: deteriorated, reliableRecovery: recovered.map { $0 && improved },
            finishedCourse: Swift.min(phq.scores, gad.scores) >= 2)
    }
}

/// Plain numbers for words: integers without decimals, else up to two decimals.
enum NumberWords {
    static func plain(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e12 { return String(Int(v)) }
        return String(format: "%.2f", v)
    }
}

extension TrackReference {
    /// The reference set of a caseload: every closed (discharged) episode of every client, per
    /// outcome measure with its baseline, scores and classification.
    public static func build(
        summaries: [ClientSummary], discharges: [String: [Discharge]], catalog: InstrumentCatalog,
        options: AnalysisOptions, baselines: [String: [BaselineChoice]] = [:]
    ) -> TrackReference {
        var entries: [Entry] = []
        for summary in summaries {
            let id = summary.clientId.rawValue
            guard let ds = discharges[id], !ds.isEmpty else { continue }
            let episodes = Episode.split(sessions: summary.sessions.map { ($0.session, $0.date) }, discharges: ds)
            for instrumentID in options.outcomes {
                guard let instrument = try? catalog.instrument(instrumentID),
                    let rc = instrument.reliableChange?.threshold, rc > 0
                else { continue }
                let all = summary.seriesPoints(instrumentID, instrument.rater, instrument.primaryScale).observed
                for episode in episodes where episode.discharge != nil {
                    let points = EpisodeOutcome.applyBaseline(
                        all.filter { episode.contains($0.session) },
                        selection: BaselineSelection.of(episode: episode.number, in: baselines[id] ?? []),
                        summary: summary
                    ).points
                    guard let first = points.first else { continue }
                    let last = points.count >= 2 ? points.last : nil
                    let c = last.map {
                        EpisodeOutcome.classify(
                            baseline: first.value, last: $0.value, cutoff: instrument.cutoff?.value, reliableChange: rc
                        ).classification
                    }
                    entries.append(
                        Entry(
                            clientID: id, instrument: instrumentID, baseline: first.value,
                            scores: EpisodeOutcome.trackScores(points), classification: c))
                }
            }
        }
        return TrackReference(entries: entries)
    }
}
