/// What `ClientAnalysis` and `CaseloadReport` analyse, and with which settings. The defaults
/// match docs/analytics.md and the instruments shipped in `assets/instruments/`.
public struct AnalysisOptions: Codable, Sendable, Equatable {
    /// The client-rated alliance instrument (default "wai-sr").
    public var clientAlliance: String
    /// The therapist-rated alliance instrument (default "wai-sr-therapist"); same scale ids.
    public var therapistAlliance: String
    /// The alliance scale used for ruptures, ceiling and the caseload analyses (default "total").
    public var allianceScale: String
    /// The alliance subscales compared for divergence and the client–therapist gap.
    public var allianceSubscales: [String]
    /// Alliance scales searched for ruptures, for both raters (default ["total"]).
    public var ruptureScales: [String]
    /// Rupture settings; `caseloadSD` and `reliableChange` are filled in per series.
    public var rupture: RuptureConfig
    /// Outcome instruments classified per client, in report order.
    public var outcomes: [String]
    /// The outcome used for the caseload analyses (default "phq-9").
    public var caseloadOutcome: String
    /// Attachment instruments, first with data wins (default ["ecr-rs", "ecr-s"]).
    public var attachment: [String]
    /// The cut point of the attachment quadrant (default the 1–7 midpoint, 4).
    public var attachmentCut: Double
    /// The social-identification instrument and scale (the mediation's X).
    public var identification: String
    /// Its scale id.
    public var identificationScale: String
    /// The alliance (and identification) score per client for the caseload analyses.
    public var allianceMeasure: AllianceMeasure
    /// Bootstrap resamples for the indirect effect (default 5,000).
    public var resamples: Int
    /// The bootstrap seed.
    public var seed: UInt64
    /// Threshold for subscale divergence (mean-score points).
    public var divergenceThreshold: Double
    /// Threshold for a large client–therapist gap (mean-score points).
    public var gapThreshold: Double
    /// Expected-recovery tiers (docs/analytics.md, "Expected recovery").
    public var track: TrackOptions = .standard

    /// Creates options; every argument has the documented default.
    public init(
        clientAlliance: String = "wai-sr",
        therapistAlliance: String = "wai-sr-therapist",
        allianceScale: String = "total",
        allianceSubscales: [String] = ["goal", "task", "bond"],
        ruptureScales: [String] = ["total"],
        rupture: RuptureConfig = .standard,
        outcomes: [String] = ["phq-9", "gad-7", "core-10"],
        caseloadOutcome: String = "phq-9",
        attachment: [String] = ["ecr-rs", "ecr-s"],
        attachmentCut: Double = AttachmentProfile.defaultCut,
        identification: String = "si-therapist",
        identificationScale: String = "identification",
        allianceMeasure: AllianceMeasure = .standard,
        resamples: Int = Mediation.defaultResamples,
        seed: UInt64 = Mediation.defaultSeed,
        divergenceThreshold: Double = SubscaleDivergence.defaultThreshold,
        gapThreshold: Double = GapAnalysis.defaultThreshold
    ) {
        self.clientAlliance = clientAlliance
        self.therapistAlliance = therapistAlliance
        self.allianceScale = allianceScale
        self.allianceSubscales = allianceSubscales
        self.ruptureScales = ruptureScales
        self.rupture = rupture
        self.outcomes = outcomes
        self.caseloadOutcome = caseloadOutcome
        self.attachment = attachment
        self.attachmentCut = attachmentCut
        self.identification = identification
        self.identificationScale = identificationScale
        self.allianceMeasure = allianceMeasure
        self.resamples = resamples
        self.seed = seed
        self.divergenceThreshold = divergenceThreshold
        self.gapThreshold = gapThreshold
    }

    /// The defaults.
    public static let standard = AnalysisOptions()
}
