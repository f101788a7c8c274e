import Foundation

/// What makes a prompt fire: a combination of signals rapport already has (docs/analytics.md,
/// "Prompts"). The raw values are the `trigger` strings of the prompt files.
public enum PromptTrigger: String, Codable, Sendable, Equatable, CaseIterable {
    /// A first not-on-track signal (amber or red) on any outcome measure: the four common obstacles.
    case notOnTrack
    /// Not on track while the client's alliance is falling: alliance and goal/task agreement first.
    case notOnTrackFallingAlliance
    /// Not on track while the client's alliance is steady: social support and life events.
    case notOnTrackSteadyAlliance
    /// PHQ-9 not on track before episode session 6: early non-response is not final.
    case earlyDepressionNotOnTrack
    /// A reliable deterioration of an outcome measure in the current episode.
    case reliableDeterioration
    /// An open possible rupture (any rule).
    case rupture
    /// The rupture's drop is mainly on the goal and task subscales: immediate repair.
    case ruptureGoalTask
    /// The rupture's drop is mainly on the bond subscale: exploratory repair.
    case ruptureBond
    /// High attachment avoidance with a rupture, a falling alliance or a not-on-track signal.
    case attachmentAvoidance
    /// High attachment anxiety with a rupture, a falling alliance or a not-on-track signal.
    case attachmentAnxiety
    /// The therapist's obstacle check says the working relationship or motivation/goals is a problem.
    case obstacleRelationship
    /// The therapist's obstacle check says social support or life events are a problem.
    case obstacleSupport
    /// The therapist's obstacle check says risk is a concern.
    case obstacleRisk
}

/// How strong the evidence behind a prompt is.
public enum PromptEvidence: String, Codable, Sendable, Equatable, CaseIterable {
    case metaAnalysis = "meta-analysis"
    case rct = "RCT"
    case observational = "observational"
    case expertConsensus = "expert consensus"
    case model = "theoretical model"
}

/// One prompt of the library: an option for the therapist to consider, never a label about the client.
public struct Prompt: Codable, Sendable, Equatable, Identifiable {
    /// Unique across the library ("n2-off-track-strained-alliance").
    public var id: String
    public var trigger: PromptTrigger
    /// One or two sentences.
    public var text: String
    /// Where the facts behind it come from.
    public var citation: String
    public var evidence: PromptEvidence

    public init(id: String, trigger: PromptTrigger, text: String, citation: String, evidence: PromptEvidence) {
        self.id = id
        self.trigger = trigger
        self.text = text
        self.citation = citation
        self.evidence = evidence
    }
}

/// One prompt file (`assets/prompts/*.json`): a versioned list of prompts.
public struct PromptFile: Codable, Sendable, Equatable {
    /// The file format this rapport reads.
    public static let formatVersion = 1
    public var formatVersion: Int
    /// The library's own version ("1.0.0"), shown with the prompts.
    public var version: String
    public var prompts: [Prompt]

    public init(version: String, prompts: [Prompt]) {
        formatVersion = PromptFile.formatVersion
        self.version = version
        self.prompts = prompts
    }
}

/// All loaded prompts, in file order (files sorted by name).
public struct PromptLibrary: Sendable, Equatable {
    public var prompts: [Prompt]
    /// "file version" of every file loaded.
    public var versions: [String]

    public init(prompts: [Prompt] = [], versions: [String] = []) {
        self.prompts = prompts
        self.versions = versions
    }

    /// The prompts of one trigger, in library order.
    public func prompts(for trigger: PromptTrigger) -> [Prompt] {
        prompts.filter { $0.trigger == trigger }
    }
}
