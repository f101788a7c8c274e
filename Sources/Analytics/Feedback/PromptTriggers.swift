import Instruments
import Store

/// Which way the client's alliance is going in the open episode.
public enum AllianceDirection: String, Codable, Sendable, Equatable {
    /// An open possible rupture, or the last two changes of the client-rated total both down.
    case falling
    /// Two or more scores and not falling.
    case steady
    /// Fewer than two client-rated alliance scores.
    case unknown
}

/// Where an open rupture's drop lies among the alliance subscales.
public enum RupturePattern: String, Codable, Sendable, Equatable {
    /// Mainly goal and/or task (bond dropped at most half as much): immediate repair.
    case goalTask
    /// Mainly bond (goal and task dropped at most half as much): exploratory repair.
    case bond
    /// Both, or the subscales are not known.
    case mixed
}

/// What the prompt triggers read: a pure summary of a client's data.
public struct PromptSignals: Codable, Sendable, Equatable {
    /// Outcome measures of the open episode that are not on track (red or amber), by instrument id.
    public var notOnTrack: [String] = []
    /// PHQ-9 is not on track before episode session `earlyDepressionSession`.
    public var earlyDepression = false
    /// Outcome measures of the open episode that reliably deteriorated.
    public var deterioration: [String] = []
    public var alliance: AllianceDirection = .unknown
    /// An open possible rupture is alerted.
    public var rupture = false
    /// Its subscale pattern, when there is a rupture.
    public var rupturePattern: RupturePattern?
    /// The latest attachment scores are above the cut (ECR-RS/ECR-S: strictly above the scale midpoint 4).
    public var highAnxiety = false
    public var highAvoidance = false
    /// Areas the latest obstacle check answered "yes".
    public var obstacles: [ObstacleArea] = []

    public init() {}
}

/// The prompt triggers (docs/analytics.md, "Prompts"): a client's signals → triggers in the order
/// to show them → prompts of the library.
public enum PromptTriggers {
    /// PHQ-9 not on track before this episode session gets the late-responder prompt (Saunders et al. 2019).
    public static let earlyDepressionSession = 6

    /// The triggers that fire, most pressing first:
    /// 1. a risk concern noted in the obstacle check;
    /// 2. not on track — with a falling alliance: the alliance/goal-task prompt, then the rupture
    ///    repair prompts, then the four obstacles; with a steady alliance: the support and
    ///    life-events prompt, then the four obstacles; alliance unknown: the four obstacles only;
    ///    then the late-responder note for early PHQ-9;
    /// 3. reliable deterioration;
    /// 4. a rupture (if not already listed): immediate repair for a goal/task pattern, exploratory
    ///    for a bond pattern, then the general rupture prompt;
    /// 5. with a rupture, a falling alliance or not on track: the attachment notes (avoidance: too
    ///    close; anxiety: too distant);
    /// 6. the obstacle check's relationship/motivation and support/life-events answers.
    public static func fired(_ s: PromptSignals) -> [PromptTrigger] {
        var out: [PromptTrigger] = []
        func add(_ t: PromptTrigger) { if !out.contains(t) { out.append(t) } }
        func ruptureBlock() {
            switch s.rupturePattern {
            case .goalTask: add(.ruptureGoalTask)
            case .bond: add(.ruptureBond)
            case .mixed, nil: break
            }
            add(.rupture)
        }
        if s.obstacles.contains(.risk) { add(.obstacleRisk) }
        let offTrack = !s.notOnTrack.isEmpty || !s.deterioration.isEmpty
        if offTrack {
            switch s.alliance {
            case .falling:
                add(.notOnTrackFallingAlliance)
                if s.rupture { ruptureBlock() }
            case .steady:
                add(.notOnTrackSteadyAlliance)
            case .unknown:
                break
            }
            add(.notOnTrack)
            if s.earlyDepression { add(.earlyDepressionNotOnTrack) }
        }
        if !s.deterioration.isEmpty { add(.reliableDeterioration) }
        if s.rupture { ruptureBlock() }
        if s.rupture || s.alliance == .falling || offTrack {
            if s.highAvoidance { add(.attachmentAvoidance) }
            if s.highAnxiety { add(.attachmentAnxiety) }
        }
        if s.obstacles.contains(.relationship) || s.obstacles.contains(.motivation) { add(.obstacleRelationship) }
        if s.obstacles.contains(.support) || s.obstacles.contains(.lifeEvents) { add(.obstacleSupport) }
        return out
    }

    /// The prompts to show, in trigger order then library order.
    public static func prompts(_ s: PromptSignals, library: PromptLibrary) -> [Prompt] {
        fired(s).flatMap { library.prompts(for: $0) }
    }

    /// Reads the signals from a client's analysis, summary and latest obstacle check.
    public static func signals(
        analysis: ClientAnalysis, summary: ClientSummary, obstacles: ObstacleCheck?,
        options: AnalysisOptions = .standard, catalog: InstrumentCatalog? = nil
    ) -> PromptSignals {
        var s = PromptSignals()
        let episode = analysis.episodes.last.flatMap { $0.open ? $0 : nil }
        for m in episode?.measures ?? [] {
            if m.reliableDeterioration == true { s.deterioration.append(m.instrument) }
            if [.notOnTrack, .notYet].contains(m.track.status) {
                s.notOnTrack.append(m.instrument)
                if m.instrument == "phq-9", let t = m.track.session, t < earlyDepressionSession {
                    s.earlyDepression = true
                }
            }
        }
        let rupture = analysis.alerts.last { $0.kind == .possibleRupture }
        s.rupture = rupture != nil
        let rater = (try? catalog?.instrument(options.clientAlliance))?.rater ?? .client
        let totals = summary.seriesPoints(options.clientAlliance, rater, options.allianceScale).observed
            .filter { p in episode.map { $0.firstSession.map { p.session >= $0 } ?? true } ?? true }
        if s.rupture {
            s.alliance = .falling
        } else if totals.count >= 3, totals[totals.count - 1].value < totals[totals.count - 2].value,
            totals[totals.count - 2].value < totals[totals.count - 3].value
        {
            s.alliance = .falling
        } else {
            s.alliance = totals.count >= 2 ? .steady : .unknown
        }
        if let rupture, let start = rupture.session {
            s.rupturePattern = pattern(
                summary: summary, series: rupture.source, start: start, subscales: options.allianceSubscales)
        }
        if let last = analysis.attachment?.points.last, let cut = analysis.attachment?.cut {
            s.highAnxiety = last.anxiety > cut
            s.highAvoidance = last.avoidance > cut
        }
        s.obstacles = obstacles?.problems ?? []
        return s
    }

    /// The subscale pattern of a rupture that starts at `start` in `series` (the first of a
    /// comma-separated list, "wai-sr/client/total"): per subscale, the drop from the last score
    /// before `start` to the lowest score from `start` on; goal/task = the larger of the goal
    /// and task drops.
    static func pattern(summary: ClientSummary, series: String, start: Int, subscales: [String]) -> RupturePattern {
        let parts = (series.split(separator: ",").first ?? "").split(separator: "/").map(String.init)
        guard parts.count == 3, let rater = Rater(rawValue: parts[1]) else { return .mixed }
        func drop(_ scale: String) -> Double? {
            guard subscales.contains(scale) else { return nil }
            let points = summary.seriesPoints(parts[0], rater, scale).observed
            guard let before = points.last(where: { $0.session < start }),
                let low = points.filter({ $0.session >= start }).map(\.value).min()
            else { return nil }
            return before.value - low
        }
        guard let bond = drop("bond") else { return .mixed }
        let goalTask = [drop("goal"), drop("task")].compactMap { $0 }.max()
        guard let goalTask else { return .mixed }
        if goalTask > 0, bond <= goalTask / 2 { return .goalTask }
        if bond > 0, goalTask <= bond / 2 { return .bond }
        return .mixed
    }
}

/// Everything of the feedback loop for one client, as `analyze` reports it: the signals, the
/// prompts, the answerable alerts and the latest obstacle check. Therapist-only.
public struct ClientFeedback: Codable, Sendable, Equatable {
    public var signals: PromptSignals
    public var triggers: [PromptTrigger]
    public var prompts: [Prompt]
    public var alerts: [FeedbackAlert]
    public var obstacles: ObstacleCheck?

    public init(signals: PromptSignals, library: PromptLibrary, alerts: [FeedbackAlert], obstacles: ObstacleCheck?) {
        self.signals = signals
        triggers = PromptTriggers.fired(signals)
        prompts = PromptTriggers.prompts(signals, library: library)
        self.alerts = alerts
        self.obstacles = obstacles
    }

    /// Builds a client's feedback from its analysis and stored answers.
    public static func build(
        analysis: ClientAnalysis, summary: ClientSummary, responses: [AlertResponse], obstacles: [ObstacleCheck],
        library: PromptLibrary, options: AnalysisOptions = .standard, catalog: InstrumentCatalog? = nil
    ) -> ClientFeedback {
        let latest = ObstacleCheck.latest(obstacles)
        return ClientFeedback(
            signals: PromptTriggers.signals(
                analysis: analysis, summary: summary, obstacles: latest, options: options, catalog: catalog),
            library: library,
            alerts: FeedbackAlerts.alerts(analysis: analysis, summary: summary, responses: responses),
            obstacles: latest)
    }
}
