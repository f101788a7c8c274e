import Analytics
import Instruments
import Store

/// Everything the client dashboard shows, loaded by ``ReviewEffects``: the summary, its
/// analysis, the caseload row and the instruments the charts need.
public struct ClientDashboard: Sendable, Equatable {
    /// The client's summary (sessions, series, risk flags, notes).
    public var summary: ClientSummary
    /// The client's analysis (ruptures, gap, outcome, attachment).
    public var analysis: ClientAnalysis
    /// The caseload row (alerts, trend).
    public var entry: CaseloadEntry
    /// The instruments of the catalog.
    public var instruments: [Instrument]
    /// The analysis settings.
    public var options: AnalysisOptions
    /// The clinic's closed episodes behind the expected-recovery bands.
    public var reference: TrackReference

    /// Creates dashboard data.
    public init(
        summary: ClientSummary, analysis: ClientAnalysis, entry: CaseloadEntry, instruments: [Instrument],
        options: AnalysisOptions = .standard, reference: TrackReference = TrackReference()
    ) {
        self.summary = summary
        self.analysis = analysis
        self.entry = entry
        self.instruments = instruments
        self.options = options
        self.reference = reference
    }

    /// Builds the data of one client; `caseloadSDs` from the caseload (empty: the client's own SD
    /// only); `discharges` split its care into episodes and `reference` (the caseload's closed
    /// episodes) gives the expected-recovery tiers 2 and 3; `baselines` are the therapist's choices
    /// of each episode's baseline administration; `responses` quiet the alerts already answered.
    public static func build(
        summary: ClientSummary, catalog: InstrumentCatalog, options: AnalysisOptions = .standard,
        caseloadSDs: [String: Double] = [:], discharges: [Discharge] = [], reference: TrackReference = TrackReference(),
        baselines: [BaselineChoice] = [], responses: [AlertResponse] = []
    ) -> ClientDashboard {
        let analysis = ClientAnalysis.build(
            summary: summary, catalog: catalog, options: options, caseloadSDs: caseloadSDs, discharges: discharges,
            reference: reference, baselines: baselines)
        return ClientDashboard(
            summary: summary, analysis: analysis,
            entry: CaseloadEntry(
                summary: summary, analysis: analysis, catalog: catalog, options: options, responses: responses),
            instruments: catalog.instruments, options: options, reference: reference)
    }

    /// The client.
    public var client: ClientID { summary.clientId }

    /// The chart builder for this client.
    public var charts: ReviewCharts {
        ReviewCharts(
            summary: summary, analysis: analysis, catalog: InstrumentCatalog(instruments: instruments),
            options: options,
            reference: reference)
    }

    /// Therapist notes of a session.
    public func notes(session: Int) -> [EventNote] {
        summary.notes.filter { $0.session == session }
    }
}
