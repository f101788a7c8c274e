import Analytics
import Foundation
import Instruments
import Store

/// Performs the review effects that touch the data directory; reports results as actions.
public struct ReviewEffects: Sendable {
    public let store: DataStore
    public let catalog: InstrumentCatalog
    /// The passphrase that unlocks: the signed-in account's, or the clinic passphrase of a
    /// directory without accounts (nil: none set; then nothing unlocks).
    public let passphrase: (any PassphraseChecking)?
    /// The clients the signed-in account may see (need-to-know): the caseload lists only them, and
    /// opening another reads like an unknown client.
    public var visibility: Visibility = .everyone
    /// Kiosk codes (defaults to the store's).
    public let codes: KioskCodes
    /// Analysis settings.
    public let options: AnalysisOptions
    /// The therapist prompt library shown on the dashboard (empty: no prompts).
    public var prompts = PromptLibrary()
    /// The expected-recovery reference of the last caseload read (reused when a client opens).
    let references = ReferenceCache()

    /// Creates the performer.
    public init(
        store: DataStore, catalog: InstrumentCatalog, passphrase: (any PassphraseChecking)?, codes: KioskCodes? = nil,
        options: AnalysisOptions = .standard
    ) {
        self.store = store
        self.catalog = catalog
        self.passphrase = passphrase
        self.codes = codes ?? KioskCodes(store: store)
        self.options = options
    }

    /// Performs `effect`; returns the actions its result produces.
    public func perform(_ effect: ReviewEffect) -> [ReviewAction] {
        do {
            switch effect {
            case .checkPassphrase(let typed):
                guard let passphrase else { return [.passphraseChecked(false)] }
                let ok = passphrase.matches(typed)
                guard ok else {
                    _ = try? store.audit.append(.passphraseFailed, role: .therapist)
                    return [.passphraseChecked(false)]
                }
                // One rule with `rapport export`: access the audit log records happens only when its
                // line can be written (a read-only data directory opens neither).
                do {
                    try store.audit.append(.reviewOpened, role: .therapist)
                } catch {
                    return [.failed("Cannot write the audit log, so review stays locked: \(error.description)")]
                }
                return [.passphraseChecked(true)]
            case .loadCaseload:
                return [.caseloadLoaded(try loadCaseload())]
            case .openClient(let id, let sds):
                let dashboard = try openClient(id, caseloadSDs: sds)
                if visibility != .everyone || passphrase is AccountPassphrase {
                    try store.audit.append(.clientViewed, role: .therapist, client: id)
                }
                return [.clientOpened(dashboard)]
            case .openSession(let id, let session):
                return [.sessionOpened(try sessionDetail(id, session: session))]
            case .acknowledgeRisk(let id, let session, let sds):
                try visibility.require(id, in: store)
                try store.acknowledgeRisk(id, session: session, role: .therapist)
                return [
                    .riskAcknowledged(
                        try openClient(id, caseloadSDs: sds), detail: try sessionDetail(id, session: session))
                ]
            case .addNote(let id, let session, let text, let sds):
                try visibility.require(id, in: store)
                try store.addNote(id, session: session, text: text)
                return [.noteSaved(try openClient(id, caseloadSDs: sds), session: session)]
            case .answerAlert(let id, let alert, let response, let reason, let date, let sds):
                try visibility.require(id, in: store)
                try store.answerAlert(id, alert: alert, response: response, reason: reason, evidenceDate: date)
                return [.alertAnswered(try openClient(id, caseloadSDs: sds), alert: alert, response: response)]
            case .verifyPassphrase(let typed):
                guard let passphrase else { return [.passphraseChecked(false)] }
                let ok = passphrase.matches(typed)
                if !ok { _ = try? store.audit.append(.passphraseFailed, role: .therapist) }
                return [.passphraseChecked(ok)]
            case .dischargeClient(let id, let date, let reason, let sds):
                try visibility.require(id, in: store)
                let made = try store.discharge(id, date: date, reason: reason, role: .therapist)
                references.clear()
                return [.discharged(try openClient(id, caseloadSDs: sds), made)]
            case .issueCode(let id):
                try visibility.require(id, in: store)
                let made = try codes.create(for: id)
                return [.codeIssued(IssuedCode(client: id, code: made.code, expiresAt: made.expiresAt))]
            case .clearScreen, .quit:
                return []
            }
        } catch {
            return [.failed(error.description)]
        }
    }

    /// The answers, notes and risk flags of one session (numbered in date order).
    public func sessionDetail(_ id: ClientID, session: Int) throws(StoreError) -> SessionDetail {
        try visibility.require(id, in: store)
        let (records, _) = try store.records(id)
        let summary = try store.summary(id)
        return SessionDetail.build(
            client: id, session: session, records: records, catalog: catalog, notes: summary.notes,
            acknowledgements: try store.acknowledgements(id), timeline: summary.timeline)
    }

    /// Reads every summary and builds the caseload rows (with each client's episodes and the
    /// caseload's closed episodes as the expected-recovery reference).
    public func loadCaseload() throws(StoreError) -> CaseloadState {
        let read = try CaseloadReader.rows(store, catalog: catalog, options: options, visibility: visibility)
        references.set(read.reference)
        return CaseloadState(
            entries: read.rows, caseloadSDs: read.caseloadSDs, problems: read.problems.filter { !$0.isWarning }.count)
    }

    /// Reads one client's summary and episodes and analyses them, with its prompts, answerable
    /// alerts and obstacle check.
    public func openClient(_ id: ClientID, caseloadSDs: [String: Double]) throws(StoreError) -> ClientDashboard {
        try visibility.require(id, in: store)
        let reference: TrackReference
        if let cached = references.get() {
            reference = cached
        } else {
            reference = try CaseloadReader.reference(store, catalog: catalog, options: options)
            references.set(reference)
        }
        let responses = try store.alertResponses(id)
        var dashboard = ClientDashboard.build(
            summary: try store.summary(id), catalog: catalog, options: options, caseloadSDs: caseloadSDs,
            discharges: try store.discharges(id), reference: reference, baselines: try store.baselineChoices(id),
            responses: responses)
        dashboard.analysis.feedback = ClientFeedback.build(
            analysis: dashboard.analysis, summary: dashboard.summary, responses: responses,
            obstacles: try store.obstacleChecks(id), library: prompts, options: options, catalog: catalog)
        return dashboard
    }
}
