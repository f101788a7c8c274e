import Foundation
import Instruments
import Store

/// Performs the effects that touch the data directory and reports the results as actions.
///
/// The screen effects (``Effect/clearScreen``, ``Effect/quit``, ``Effect/startKiosk``) belong to
/// the run loop; for them this returns no action.
public struct StoreEffects: Sendable {
    /// The data directory.
    public let store: DataStore
    /// The instruments (shipped and the clinic's own).
    public let catalog: InstrumentCatalog
    /// The passphrase that leaves kiosk mode: the signed-in account's, or the clinic passphrase of
    /// a directory without accounts (nil: none set).
    public let passphrase: (any PassphraseChecking)?
    /// Kiosk codes (defaults to the store's).
    public let codes: KioskCodes
    /// With accounts, `client.json` names the therapist's account id: this gives the display name
    /// clients see (opened with the clinic key). Nil: the stored text is the name.
    public var therapistName: (@Sendable (String) -> String?)?

    /// Creates the live effects for a data directory.
    public init(
        store: DataStore, catalog: InstrumentCatalog, passphrase: (any PassphraseChecking)?, codes: KioskCodes? = nil
    ) {
        self.store = store
        self.catalog = catalog
        self.passphrase = passphrase
        self.codes = codes ?? KioskCodes(store: store)
    }

    /// Performs `effect`; returns the actions its result produces.
    public func perform(_ effect: Effect) -> [Action] {
        switch effect {
        case .openBattery(let request):
            do {
                return [.batteryOpened(try open(request))]
            } catch let error as StoreError {
                return [.openFailed(error.description)]
            } catch let error as InstrumentError {
                return [.openFailed(error.description)]
            } catch {
                return [.openFailed("\(error)")]
            }
        case .saveDraft(let draft):
            do {
                try store.saveDraft(draft)
                return []
            } catch {
                return [.draftSaveFailed(error.description)]
            }
        case .submit(let s):
            do {
                let record = try store.save(
                    NewAdministration(
                        // The date decides the session (a backdated form entered meanwhile may have
                        // moved today's session up by one).
                        clientId: s.clientId, session: nil, sessionDate: s.sessionDate, rater: s.rater,
                        instrument: s.instrument, answers: s.answers, administeredAt: store.clock.now(),
                        source: s.source, replace: s.replace, language: s.language))
                let primary = s.instrument.scale(s.instrument.primaryScale)
                let score = SubmittedScore(
                    title: s.instrument.shortTitle ?? s.instrument.title, scaleLabel: primary?.label ?? "",
                    score: record.result.primaryScore, band: record.result.band)
                return [
                    .submissionSaved(instrument: s.instrument.id, score: score, risk: !record.result.risk.isEmpty)
                ]
            } catch {
                return [.submissionFailed(error.description)]
            }
        case .deleteDraft(let id, let session, let rater):
            try? store.deleteDraft(id, session: session, rater: rater)
            return []
        case .checkCode(let code):
            // The code is used up only once its battery is open (under the codes' lock, so that
            // two kiosks cannot both use it); a battery that cannot be opened leaves it usable.
            let redeemed: KioskRedemption<Questionnaire>
            do {
                redeemed = try codes.redeem(code) { id, again in
                    try open(BatteryRequest(clientId: id, rater: .client, source: .kiosk, again: again))
                }
            } catch let error as StoreError {
                return [.openFailed(error.description)]
            } catch let error as InstrumentError {
                return [.openFailed(error.description)]
            } catch {
                return [.openFailed("\(error)")]
            }
            guard let q = redeemed.opened else { return [.codeChecked(redeemed.outcome)] }
            return [.codeChecked(redeemed.outcome), .batteryOpened(q)]
        case .checkPassphrase(let typed):
            guard let passphrase else { return [.passphraseChecked(false)] }
            let ok = passphrase.matches(typed)
            if !ok { _ = try? store.audit.append(.passphraseFailed, role: .therapist) }
            return [.passphraseChecked(ok)]
        case .addClient(let id, let therapist):
            do {
                try store.addClient(id, therapist: therapist)
                return [
                    .formDone(
                        Notice(
                            title: "Client added",
                            text: "Client \(id) was added" + (therapist.map { " (therapist: \($0))" } ?? "") + "."))
                ]
            } catch {
                return [.formFailed(error.description)]
            }
        case .makeCode(let id):
            do {
                let made = try codes.create(for: id)
                let formatter = DateFormatter()
                formatter.dateFormat = "HH:mm"
                var text =
                    "Kiosk code for \(id): \(made.code) (one battery, valid until \(formatter.string(from: made.expiresAt)))."
                if try batteryDoneToday(id) {
                    text +=
                        " Today's questionnaires are already answered, so the code will only say so; to ask them again, use 'rapport session code --client \(id) --again'."
                }
                return [.formDone(Notice(title: "Kiosk code", text: text))]
            } catch let error as StoreError {
                return [.formFailed(error.description)]
            } catch {
                return [.formFailed("\(error)")]
            }
        case .clearScreen, .quit, .startKiosk, .startReview:
            return []
        }
    }

    /// Whether every questionnaire of the client's battery for today is already recorded (a
    /// battery opened now would have nothing to ask).
    public func batteryDoneToday(_ id: ClientID) throws -> Bool {
        var q = try open(BatteryRequest(clientId: id, rater: .client, source: .kiosk), probe: false)
        return !q.moveToResumePoint()
    }

    /// Opens a battery: today's session (or a new one), the draft of that session when it is
    /// from today, and instruments already recorded in the session counted as submitted.
    ///
    /// With `probe`, the draft is written once before anything is asked (and removed again when
    /// there was none), so a data directory that cannot take the answers is refused at the start
    /// instead of after a whole questionnaire.
    public func open(_ request: BatteryRequest, probe: Bool = true) throws -> Questionnaire {
        let client = try store.client(request.clientId)
        let date = SessionDate(date: store.clock.now())
        let session = try store.session(for: request.clientId, on: date)
        // Drafts are found by date: today's session number may have moved since the draft was
        // saved (a backdated form); such a draft is moved to the current number.
        var draft = try store.draft(request.clientId, on: date, rater: request.rater)
        if var d = draft, d.session != session {
            let old = d.session
            d.session = session
            try store.saveDraft(d)
            try? store.deleteDraft(request.clientId, session: old, rater: request.rater)
            draft = d
        }
        if draft != nil {
            _ = try? store.audit.append(
                .draftResumed, role: request.rater == .client ? .client : .therapist, client: request.clientId,
                session: session)
        }
        let ids: [String]
        if let given = request.battery, !given.isEmpty {
            ids = given
        } else if let d = draft, !d.battery.isEmpty {
            ids = d.battery
        } else if let own = client.battery?.filter({
            catalog.contains($0) && (try? catalog.instrument($0).rater) == request.rater
        }),
            !own.isEmpty
        {
            ids = own
        } else {
            ids = DefaultBattery.ids(rater: request.rater, session: session)
        }
        guard !ids.isEmpty else { throw StoreError.invalid("the battery names no instrument") }
        var instruments: [Instrument] = []
        for id in ids {
            let instrument = try catalog.instrument(id)
            guard instrument.rater == request.rater else {
                throw StoreError.invalid(
                    "\(id) is filled in by the \(instrument.rater.rawValue), not the \(request.rater.rawValue)")
            }
            instruments.append(instrument)
        }
        let recorded = try store.records(request.clientId, on: date, rater: request.rater).map(\.instrument.id)
        var submitted = draft?.submitted ?? []
        if !request.again {
            for id in recorded where !submitted.contains(id) { submitted.append(id) }
        }
        var q = Questionnaire(
            clientId: request.clientId, session: session, sessionDate: date, rater: request.rater,
            source: request.source,
            names: PlaceholderNames(therapist: client.therapist.map { therapistName?($0) ?? $0 }),
            instruments: instruments, answers: draft?.answers ?? [:], skipped: draft?.skipped ?? [:],
            submitted: submitted)
        q.again = request.again
        if probe {
            try store.saveDraft(draft ?? q.draft(updatedAt: store.clock.now()))
            if draft == nil { try? store.deleteDraft(request.clientId, session: session, rater: request.rater) }
        }
        return q
    }
}
