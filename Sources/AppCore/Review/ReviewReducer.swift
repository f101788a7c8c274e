import Foundation
import Store

/// The review screens' state machine: `(state, action, now) → (new state, effects)`. No I/O.
public enum ReviewReducer {
    /// Longest passphrase or filter accepted.
    static let maxEntryLength = 128
    /// Longest note (the store's limit).
    static let maxNoteLength = 500
    /// Rows moved by Page Up/Down.
    public static let pageRows = 10

    /// Applies `action` at `now`.
    public static func reduce(_ state: ReviewState, _ action: ReviewAction, now: Date) -> (ReviewState, [ReviewEffect])
    {
        var s = state
        let effects = reduce(&s, action, now: now)
        return (s, effects)
    }

    /// In-place form of ``reduce(_:_:now:)``.
    public static func reduce(_ state: inout ReviewState, _ action: ReviewAction, now: Date) -> [ReviewEffect] {
        if isUserAction(action) { state.lastActivity = now }
        switch action {
        case .tick:
            return tick(&state, now: now)
        case .passphraseChecked(let ok):
            return passphraseChecked(&state, ok, now: now)
        case .caseloadLoaded(let caseload):
            var loaded = caseload
            loaded.filter = state.caseload.filter
            loaded.selected = state.caseload.selected
            loaded.applyFilter()
            state.caseload = loaded
            if case .loading = state.screen { state.screen = .caseload }
            return []
        case .clientOpened(let data):
            state.dashboard = DashboardState(data: data)
            state.notice = nil
            state.screen = .dashboard
            return []
        case .sessionOpened(let detail):
            state.detail = SessionDetailState(detail: detail)
            state.notice = nil
            state.screen = .session
            return []
        case .noteSaved(let data, let session):
            guard var d = state.dashboard, d.data.client == data.client else { return [] }
            d.data = data
            d.note = nil
            d.selectedSession = data.summary.sessions.firstIndex { $0.session == session } ?? d.selectedSession
            state.dashboard = d
            state.notice = "Note added to session \(session)."
            return []
        case .riskAcknowledged(let data, let detail):
            guard var d = state.dashboard, d.data.client == data.client else { return [] }
            d.data = data
            state.dashboard = d
            if case .session = state.screen, state.detail?.detail.session == detail.session {
                state.detail?.detail = detail
            }
            state.notice = "Risk acknowledged for session \(detail.session)."
            // The caseload's alerts change: read it again.
            return [.loadCaseload]
        case .alertAnswered(let data, let alert, let response):
            return alertAnswered(&state, data: data, alert: alert, response: response)
        case .codeIssued(let code):
            guard var d = state.dashboard, d.data.client == code.client else { return [] }
            d.code = code
            state.dashboard = d
            return []
        case .discharged(let data, let discharge):
            guard var d = state.dashboard, d.data.client == data.client else { return [] }
            d.data = data
            d.discharge = nil
            state.dashboard = d
            state.notice =
                "Episode ended on \(discharge.date) (\(DischargeEntry.words(discharge.reason))); saved and audited."
            // The caseload's alerts and the reference episodes change: read it again.
            return [.loadCaseload]
        case .failed(let message) where state.dashboard?.clientView?.unlock != nil:
            state.dashboard?.clientView?.unlock = TextEntry(notice: message)
            return []
        case .failed(let message) where state.dashboard?.discharge != nil:
            // Never claim a discharge that was not saved.
            state.dashboard?.discharge = nil
            state.notice = "Not discharged: \(message)"
            if case .loading = state.screen { state.screen = .dashboard }
            return []
        case .failed(let message):
            // Still locked (e.g. the audit log cannot be written): the message replaces "Checking…".
            if case .locked = state.screen {
                state.screen = .locked(TextEntry(notice: message))
                return []
            }
            state.notice = message
            if state.dashboard?.answer != nil { state.dashboard?.answer?.notice = "Not saved." }
            if case .loading = state.screen { state.screen = state.dashboard == nil ? .caseload : .dashboard }
            return []
        default:
            break
        }
        switch state.screen {
        case .locked(let entry): return locked(&state, action, entry: entry, now: now)
        case .loading: return action == .quitRequested ? [.clearScreen, .quit] : []
        case .caseload: return caseload(&state, action)
        case .dashboard: return dashboard(&state, action, now: now)
        case .session: return session(&state, action)
        }
    }

    /// The passphrase typed in `entry`, ready to check; nil (with the reason in `entry`'s notice)
    /// while the back-off after wrong tries runs or when nothing was typed.
    static func passphraseAttempt(_ entry: inout TextEntry, _ state: ReviewState, now: Date) -> String? {
        let wait = state.passphraseBackoff.secondsToWait(at: now)
        if wait > 0 {
            entry = TextEntry(notice: "Please wait \(wait) second\(wait == 1 ? "" : "s") and try again.")
            return nil
        }
        guard !entry.text.isEmpty else {
            entry.notice = "Type the therapist passphrase."
            return nil
        }
        return entry.text
    }

    /// Actions that count as the therapist being present.
    static func isUserAction(_ action: ReviewAction) -> Bool {
        switch action {
        case .tick, .passphraseChecked, .caseloadLoaded, .clientOpened, .sessionOpened, .noteSaved, .codeIssued,
            .riskAcknowledged, .discharged, .failed, .alertAnswered:
            return false
        default:
            return true
        }
    }

    // MARK: Idle lock

    /// After `idleSeconds` without a key, every client's data is dropped and the passphrase
    /// prompt returns (a note being typed is lost; nothing is half-saved).
    static func tick(_ state: inout ReviewState, now: Date) -> [ReviewEffect] {
        if case .locked = state.screen { return [] }
        guard now.timeIntervalSince(state.lastActivity) >= TimeInterval(state.idleSeconds) else { return [] }
        let backoff = state.passphraseBackoff
        state = ReviewState(now: state.lastActivity, idleSeconds: state.idleSeconds)
        state.passphraseBackoff = backoff
        state.screen = .locked(
            TextEntry(notice: "Locked after \(AppReducer.durationText(seconds: state.idleSeconds)) without a key."))
        return [.clearScreen]
    }

    // MARK: Passphrase

    static func locked(
        _ state: inout ReviewState, _ action: ReviewAction, entry: TextEntry, now: Date
    )
        -> [ReviewEffect]
    {
        var entry = entry
        switch action {
        case .characterTyped(let c):
            guard entry.type(c, limit: maxEntryLength) else { return [] }
        case .characterErased:
            entry.erase()
        case .confirmRequested:
            guard let typed = passphraseAttempt(&entry, state, now: now) else { break }
            state.screen = .locked(TextEntry(notice: "Checking…"))
            return [.checkPassphrase(typed)]
        case .backRequested, .quitRequested:
            return [.clearScreen, .quit]
        default:
            return []
        }
        state.screen = .locked(entry)
        return []
    }

    static func passphraseChecked(_ state: inout ReviewState, _ ok: Bool, now: Date) -> [ReviewEffect] {
        if case .dashboard = state.screen, var d = state.dashboard, var view = d.clientView, view.unlock != nil {
            return clientViewUnlocked(&state, &d, &view, ok, now: now)
        }
        guard case .locked = state.screen else { return [] }
        if ok {
            state.passphraseBackoff.reset()
            state.screen = .loading("Reading the caseload…")
            return [.loadCaseload]
        }
        state.passphraseBackoff.recordFailure(at: now)
        let wait = state.passphraseBackoff.secondsToWait(at: now)
        state.screen = .locked(
            TextEntry(
                notice: wait > 0 ? "Wrong passphrase. Wait \(wait) seconds before the next try." : "Wrong passphrase."))
        return []
    }

    // MARK: Caseload

    static func caseload(_ state: inout ReviewState, _ action: ReviewAction) -> [ReviewEffect] {
        var c = state.caseload
        if c.editingFilter {
            switch action {
            case .characterTyped(let ch):
                guard c.filter.count < maxEntryLength else { return [] }
                c.filter.append(ch)
                c.selected = 0
                c.applyFilter()
            case .characterErased:
                if !c.filter.isEmpty { c.filter.removeLast() }
                c.selected = 0
                c.applyFilter()
            case .confirmRequested:
                c.editingFilter = false
            case .backRequested:
                c.editingFilter = false
                c.filter = ""
                c.applyFilter()
            case .highlightMoved(let delta):
                c.selected = clamp(c.selected + delta, count: c.visible.count)
            default:
                return []
            }
            state.caseload = c
            return []
        }
        switch action {
        case .highlightMoved(let delta):
            c.selected = clamp(c.selected + delta, count: c.visible.count)
            state.notice = nil
        case .filterRequested:
            c.editingFilter = true
            state.notice = nil
        case .confirmRequested:
            guard let entry = c.selectedEntry else { return [] }
            state.screen = .loading("Opening \(entry.client)…")
            state.notice = nil
            return [.openClient(entry.client, caseloadSDs: c.caseloadSDs)]
        case .backRequested:
            if !c.filter.isEmpty {
                c.filter = ""
                c.applyFilter()
            } else {
                return [.clearScreen, .quit]
            }
        case .quitRequested:
            return [.clearScreen, .quit]
        default:
            return []
        }
        state.caseload = c
        return []
    }

    static func clamp(_ i: Int, count: Int) -> Int {
        count == 0 ? 0 : min(max(0, i), count - 1)
    }

    // MARK: Dashboard

    static func dashboard(_ state: inout ReviewState, _ action: ReviewAction, now: Date) -> [ReviewEffect] {
        guard var d = state.dashboard else {
            state.screen = .caseload
            return []
        }
        if d.clientView != nil { return clientView(&state, &d, action, now: now) }
        if d.discharge != nil { return discharge(&state, &d, action) }
        if var note = d.note {
            switch action {
            case .characterTyped(let ch):
                guard note.type(ch, limit: maxNoteLength) else { return [] }
            case .characterErased:
                note.erase()
            case .backRequested:
                d.note = nil
                state.dashboard = d
                return []
            case .confirmRequested:
                let text = note.text.trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty, let session = d.session else {
                    note.notice = "Type the note, then Enter (Esc: cancel)."
                    break
                }
                note.notice = "Saving…"
                d.note = note
                state.dashboard = d
                return [
                    .addNote(
                        d.data.client, session: session.session, text: text, caseloadSDs: state.caseload.caseloadSDs)
                ]
            default:
                return []
            }
            d.note = note
            state.dashboard = d
            return []
        }
        if d.answer != nil { return answering(&state, action) }
        switch action {
        case .highlightMoved(let delta):
            d.selectedSession = clamp(d.selectedSession + delta, count: d.data.summary.sessions.count)
        case .chartCycled(let delta):
            let all = ReviewChartKind.allCases
            let i = all.firstIndex(of: d.chart) ?? 0
            d.chart = all[(i + delta % all.count + all.count) % all.count]
        case .noteRequested:
            guard d.session != nil else {
                state.notice = "This client has no sessions to add a note to."
                return []
            }
            d.note = TextEntry()
            state.notice = nil
        case .codeRequested:
            state.notice = nil
            return [.issueCode(d.data.client)]
        case .answerRequested:
            return answerRequested(&state)
        case .dischargeRequested:
            return startDischarge(&state, &d)
        case .clientViewRequested:
            d.clientView = ClientViewState(content: ClientViewContent.build(d.data))
            d.note = nil
            state.notice = nil
            state.dashboard = d
            // The therapist's screen and scrollback go before the client looks.
            return [.clearScreen]
        case .acknowledgeRequested:
            guard let session = d.session else { return [] }
            state.notice = nil
            return [
                .acknowledgeRisk(d.data.client, session: session.session, caseloadSDs: state.caseload.caseloadSDs)
            ]
        case .confirmRequested:
            guard let session = d.session else { return [] }
            state.screen = .loading("Opening session \(session.session)…")
            state.notice = nil
            return [.openSession(d.data.client, session: session.session)]
        case .backRequested:
            state.dashboard = nil
            state.notice = nil
            state.screen = .caseload
            return [.clearScreen]
        case .quitRequested:
            return [.clearScreen, .quit]
        default:
            return []
        }
        state.dashboard = d
        return []
    }

    // MARK: Discharge

    /// `e`: the reason list for ending the open episode on its last session's date.
    static func startDischarge(_ state: inout ReviewState, _ d: inout DashboardState) -> [ReviewEffect] {
        let analysis = d.data.analysis
        guard let episode = analysis.episodes.last, let lastNumber = episode.lastSession,
            let last = d.data.summary.sessions.last(where: { $0.session == lastNumber })
        else {
            state.notice = "This client has no session, so there is no episode to end."
            return []
        }
        guard episode.open else {
            state.notice =
                "Episode \(episode.number) already ended on \(episode.discharged ?? "?"); the next session starts a new one."
            return []
        }
        d.discharge = DischargeEntry(episode: episode.number, date: last.date)
        state.notice = nil
        state.dashboard = d
        return []
    }

    /// Choosing the reason (↑↓, Enter), then confirming (Enter saves, Esc goes back).
    static func discharge(
        _ state: inout ReviewState, _ d: inout DashboardState, _ action: ReviewAction
    )
        -> [ReviewEffect]
    {
        guard var entry = d.discharge else { return [] }
        if entry.notice != nil { return [] }  // saving: wait for the result
        switch action {
        case .highlightMoved(let delta) where !entry.confirming:
            entry.reasonIndex = clamp(entry.reasonIndex + delta, count: DischargeEntry.reasons.count)
        case .confirmRequested where !entry.confirming:
            entry.confirming = true
        case .confirmRequested:
            entry.notice = "Saving…"
            d.discharge = entry
            state.dashboard = d
            return [
                .dischargeClient(
                    d.data.client, date: entry.date, reason: entry.reason, caseloadSDs: state.caseload.caseloadSDs)
            ]
        case .backRequested where entry.confirming:
            entry.confirming = false
        case .backRequested:
            d.discharge = nil
            state.dashboard = d
            return []
        default:
            return []
        }
        d.discharge = entry
        state.dashboard = d
        return []
    }

    // MARK: Client view

    /// The client view is locked: only Esc (ask for the passphrase), then the passphrase, leave it.
    /// Every other key — q and Ctrl-C included — does nothing.
    static func clientView(
        _ state: inout ReviewState, _ d: inout DashboardState, _ action: ReviewAction, now: Date
    )
        -> [ReviewEffect]
    {
        guard var view = d.clientView else { return [] }
        guard var entry = view.unlock else {
            guard action == .backRequested else { return [] }
            view.unlock = TextEntry()
            d.clientView = view
            state.dashboard = d
            return []
        }
        if entry.notice == "Checking…" { return [] }
        switch action {
        case .characterTyped(let c):
            guard entry.type(c, limit: maxEntryLength) else { return [] }
        case .characterErased:
            entry.erase()
        case .backRequested:
            // Back to the charts; the typed characters are dropped.
            view.unlock = nil
            d.clientView = view
            state.dashboard = d
            return []
        case .confirmRequested:
            guard let typed = passphraseAttempt(&entry, state, now: now) else { break }
            view.unlock = TextEntry(notice: "Checking…")
            d.clientView = view
            state.dashboard = d
            return [.verifyPassphrase(typed)]
        default:
            return []
        }
        view.unlock = entry
        d.clientView = view
        state.dashboard = d
        return []
    }

    /// The passphrase answer while leaving the client view: right wipes the view and shows the
    /// dashboard again; wrong stays, with the same back-off as the review lock.
    static func clientViewUnlocked(
        _ state: inout ReviewState, _ d: inout DashboardState, _ view: inout ClientViewState, _ ok: Bool, now: Date
    ) -> [ReviewEffect] {
        if ok {
            state.passphraseBackoff.reset()
            d.clientView = nil
            state.dashboard = d
            state.notice = "Client view closed."
            return [.clearScreen]
        }
        state.passphraseBackoff.recordFailure(at: now)
        let wait = state.passphraseBackoff.secondsToWait(at: now)
        view.unlock = TextEntry(
            notice: wait > 0 ? "Wrong passphrase. Wait \(wait) seconds before the next try." : "Wrong passphrase.")
        d.clientView = view
        state.dashboard = d
        return []
    }

    // MARK: Session detail

    static func session(_ state: inout ReviewState, _ action: ReviewAction) -> [ReviewEffect] {
        guard var s = state.detail else {
            state.screen = .dashboard
            return []
        }
        switch action {
        case .highlightMoved(let delta):
            s.scroll = clamp(s.scroll + delta, count: s.detail.rows.count)
        case .acknowledgeRequested:
            state.notice = nil
            return [
                .acknowledgeRisk(s.detail.client, session: s.detail.session, caseloadSDs: state.caseload.caseloadSDs)
            ]
        case .backRequested:
            state.detail = nil
            state.notice = nil
            state.screen = .dashboard
            return []
        case .quitRequested:
            return [.clearScreen, .quit]
        default:
            return []
        }
        state.detail = s
        return []
    }
}
