import Foundation
import Instruments
import Store

/// The pure heart of the app: `(state, action, now) → (new state, effects)`.
///
/// No I/O happens here; effects are values the run loop performs. `now` is passed in so the
/// idle timeout and the wait after wrong tries are testable with a fixed clock.
public enum AppReducer {
    /// Longest text accepted in a text field.
    static let maxEntryLength = 128

    /// Applies `action` to `state` at time `now`.
    public static func reduce(_ state: AppState, _ action: Action, now: Date) -> (AppState, [Effect]) {
        var s = state
        let effects = reduce(&s, action, now: now)
        return (s, effects)
    }

    /// In-place form of ``reduce(_:_:now:)``.
    public static func reduce(_ state: inout AppState, _ action: Action, now: Date) -> [Effect] {
        if isUserAction(action) { state.lastActivity = now }
        switch action {
        case .draftSaveFailed, .submissionFailed: state.saveFailed = true
        default: break
        }
        switch action {
        case .tick:
            return tick(&state, now: now)
        case .helpRequested:
            if case .questionnaire = state.phase { state.showingHelp = true }
            if case .home = state.phase { state.showingHelp = true }
            return []
        case .helpDismissed:
            state.showingHelp = false
            return []
        case .presenceConfirmed:
            state.askingPresence = false
            return []
        case .batteryOpened(var q):
            guard case .opening = state.phase else { return [] }
            q.language = state.language == "en" ? nil : state.language
            q.strings = state.strings
            if q.moveToResumePoint() {
                state.phase = .questionnaire(q)
                return []
            }
            return alreadyDone(&state, q)
        case .openFailed(let message):
            return openFailed(&state, message)
        case .codeChecked(let outcome):
            guard state.mode == .kiosk, case .opening = state.phase else { return [] }
            return codeChecked(&state, outcome, now: now)
        default:
            break
        }
        switch state.phase {
        case .home(let selected, _):
            return home(&state, action, selected: selected)
        case .clientPrompt(let entry, let rater):
            return clientPrompt(&state, action, entry: entry, rater: rater)
        case .welcome(let entry):
            return welcome(&state, action, entry: entry, now: now)
        case .unlock(let entry):
            return unlock(&state, action, entry: entry, now: now)
        case .locked(let lock):
            return locked(&state, action, lock: lock, now: now)
        case .form(let form):
            return self.form(&state, action, form: form)
        case .opening:
            return []
        case .questionnaire(var q):
            if action == .finishLaterRequested {
                guard !q.saving else { return [] }
                return finishLater(&state, q, now: now)
            }
            let result = QuestionnaireReducer.reduce(&q, action, now: now, mode: state.mode)
            if result.finished { return result.effects + finish(&state, q) }
            state.phase = .questionnaire(q)
            if result.quit { return result.effects + quitEffect(&state, q) }
            return result.effects
        case .thanks(let farewell):
            switch action {
            case .confirmRequested, .quitRequested, .cancelRequested:
                return leaveBattery(&state, farewell)
            case .characterTyped(let c) where state.mode == .kiosk && c.isASCII && c.isNumber:
                // The next person is typing their code: it goes to the welcome screen, not lost.
                state.phase = .welcome(TextEntry(text: String(c)))
                state.language = state.settings.language
                return [.clearScreen]
            default:
                return []
            }
        case .message:
            switch action {
            case .confirmRequested, .quitRequested, .cancelRequested, .backRequested:
                if state.mode == .rate { return [.clearScreen, .quit] }
                state.phase = .home(selected: 0, notice: nil)
                return [.clearScreen]
            default:
                return []
            }
        }
    }

    /// Whether a client (not the therapist) holds the terminal on this questionnaire.
    static func clientHolds(_ q: Questionnaire) -> Bool { q.rater == .client }

    /// The end of a client's turn outside the kiosk: the lock screen; the passphrase ends `rate`
    /// or returns to the home menu.
    static func lockForTherapist(_ state: inout AppState, message: String) -> [Effect] {
        state.showingHelp = false
        state.askingPresence = false
        state.phase = .locked(Lock(purpose: .leave, message: message))
        return [.clearScreen]
    }

    /// Actions that count as the user being present.
    static func isUserAction(_ action: Action) -> Bool {
        switch action {
        case .tick, .batteryOpened, .openFailed, .codeChecked, .passphraseChecked, .submissionSaved,
            .submissionFailed, .draftSaveFailed, .formDone, .formFailed:
            return false
        default:
            return true
        }
    }

    // MARK: Time

    static func tick(_ state: inout AppState, now: Date) -> [Effect] {
        let idle = now.timeIntervalSince(state.lastActivity)
        switch state.phase {
        case .thanks(let farewell):
            let limit = state.mode == .kiosk ? state.settings.thanksSeconds : state.settings.idleSeconds
            if idle >= TimeInterval(limit) { return leaveBattery(&state, farewell) }
            return []
        case .questionnaire(let q):
            let answers = TimeInterval(state.settings.answersLimit)
            if state.askingPresence {
                guard idle >= answers + TimeInterval(state.settings.presenceLimit) else { return [] }
                return idleWipe(&state)
            }
            if q.showsEarlierAnswers && idle >= answers && idle < TimeInterval(state.settings.idleSeconds) {
                // The answers leave the screen at once; the client gets a short while to come back.
                state.showingHelp = false
                state.askingPresence = true
                return [.clearScreen]
            }
            guard idle >= TimeInterval(state.settings.idleSeconds) else { return [] }
            return idleWipe(&state)
        case .locked(var lock):
            guard idle >= TimeInterval(state.settings.idleSeconds) else { return [] }
            if lock.purpose != .leave {
                state.phase = .home(selected: 0, notice: nil)
                return [.clearScreen]
            }
            guard lock.paused != nil || !lock.entry.text.isEmpty || lock.entry.notice != nil else { return [] }
            if let paused = lock.paused {
                lock.message = closedMessage(state, saved: !paused.draftFailed)
            }
            lock.paused = nil
            lock.entry = TextEntry()
            state.phase = .locked(lock)
            return [.clearScreen]
        case .clientPrompt, .unlock, .form:
            guard idle >= TimeInterval(state.settings.idleSeconds) else { return [] }
            return idleWipe(&state)
        case .welcome(let entry):
            // A language picked by a client who walked away goes back too.
            guard !entry.text.isEmpty || entry.notice != nil || state.language != state.settings.language,
                idle >= TimeInterval(state.settings.idleSeconds)
            else { return [] }
            return idleWipe(&state)
        case .home, .opening, .message:
            return []
        }
    }

    /// Idle timeout: the draft is kept (every answer is already saved), the screen wiped, and
    /// nothing of the client stays in the state.
    static func idleWipe(_ state: inout AppState) -> [Effect] {
        state.showingHelp = false
        state.askingPresence = false
        let q = state.questionnaire
        let closed = closedMessage(state, saved: q.map { !$0.draftFailed } ?? true)
        if let q, clientHolds(q), state.mode != .kiosk {
            return lockForTherapist(&state, message: closed)
        }
        switch state.mode {
        case .kiosk:
            state.phase = .welcome(TextEntry())
            state.language = state.settings.language
        case .home:
            state.phase = .home(selected: 0, notice: q == nil ? nil : closed)
        case .rate:
            state.phase = .message(Notice(title: "Questionnaire closed", text: closed))
        }
        return [.clearScreen]
    }

    /// "The questionnaire was closed after 5 minutes without activity. …" — the answers are said
    /// to be kept only when every draft save succeeded.
    static func closedMessage(_ state: AppState, saved: Bool) -> String {
        let after = durationText(seconds: state.settings.idleSeconds)
        return "The questionnaire was closed after \(after) without activity. "
            + (saved ? "The answers given so far are kept." : "Some answers could not be saved.")
    }

    /// "5 minutes", "1 minute", "90 seconds", "10 seconds": the true time, never rounded.
    public static func durationText(seconds: Int) -> String {
        if seconds % 60 == 0 {
            let m = seconds / 60
            return "\(m) minute\(m == 1 ? "" : "s")"
        }
        return "\(seconds) second\(seconds == 1 ? "" : "s")"
    }

    // MARK: End of a battery

    /// The battery is done: the draft goes, the screen is wiped, the thank-you screen shows.
    static func finish(_ state: inout AppState, _ q: Questionnaire) -> [Effect] {
        state.showingHelp = false
        state.askingPresence = false
        let scores = state.settings.showScoresToClient ? q.scores : []
        state.phase = .thanks(Farewell(riskFlagged: q.riskFlagged, scores: scores, rater: q.rater))
        return [.deleteDraft(q.clientId, session: q.session, rater: q.rater), .clearScreen]
    }

    /// A battery whose every questionnaire was already submitted today (a second kiosk code, a
    /// second `rate`): say so instead of a thank-you for answers that were not given now.
    static func alreadyDone(_ state: inout AppState, _ q: Questionnaire) -> [Effect] {
        state.showingHelp = false
        let text =
            "Today's questionnaires were already answered, so there is nothing to fill in now. Please ask your therapist."
        // A draft left over from a finished battery goes (as at the end of one).
        let drop = Effect.deleteDraft(q.clientId, session: q.session, rater: q.rater)
        switch state.mode {
        case .kiosk:
            state.phase = .welcome(TextEntry(notice: state.strings["welcome.alreadyDone"]))
            return [drop, .clearScreen]
        case .home:
            state.phase = .clientPrompt(
                TextEntry(notice: "Today's questionnaires for \(q.clientId) are already answered."), rater: q.rater)
            return [drop]
        case .rate:
            state.phase = .message(Notice(title: "Nothing to fill in", text: text))
            return [drop, .clearScreen]
        }
    }

    /// Leaves the thank-you screen: welcome (kiosk), the lock screen (a client's turn in `rate` or
    /// the home menu), home or quit (the therapist's own form).
    static func leaveBattery(_ state: inout AppState, _ farewell: Farewell) -> [Effect] {
        if state.mode != .kiosk && farewell.rater == .client {
            return lockForTherapist(&state, message: state.strings["lock.handBack"])
        }
        switch state.mode {
        case .kiosk:
            state.phase = .welcome(TextEntry())
            state.language = state.settings.language
            return [.clearScreen]
        case .home:
            state.phase = .home(selected: 0, notice: nil)
            return [.clearScreen]
        case .rate:
            return [.clearScreen, .quit]
        }
    }

    /// `f`: every answer is already in the draft (saved once more here); the screen is wiped at
    /// once and the client's data leaves the state.
    static func finishLater(_ state: inout AppState, _ q: Questionnaire, now: Date) -> [Effect] {
        state.showingHelp = false
        state.askingPresence = false
        let save = Effect.saveDraft(q.draft(updatedAt: now))
        if state.mode == .kiosk {
            state.phase = .welcome(TextEntry())
            state.language = state.settings.language
            return [save, .clearScreen]
        }
        if clientHolds(q) {
            return [save]
                + lockForTherapist(
                    &state, message: state.strings[q.draftFailed ? "lock.notSaved" : "lock.savedForLater"])
        }
        let notice = q.draftFailed ? Lock.notSaved : "Your answers so far are saved for later."
        switch state.mode {
        case .rate:
            state.phase = .message(Notice(title: "Finish later", text: notice))
        case .home, .kiosk:
            state.phase = .home(selected: 0, notice: notice)
        }
        return [save, .clearScreen]
    }

    static func openFailed(_ state: inout AppState, _ message: String) -> [Effect] {
        switch state.mode {
        case .kiosk:
            state.phase = .welcome(
                TextEntry(notice: state.strings["welcome.cannotOpen"]))
        case .home:
            state.phase = .clientPrompt(TextEntry(notice: message), rater: .client)
        case .rate:
            state.phase = .message(Notice(title: "Cannot open the questionnaires", text: message))
        }
        return []
    }

    static func quitEffect(_ state: inout AppState, _ q: Questionnaire) -> [Effect] {
        if state.mode != .kiosk && clientHolds(q) {
            // The client may not leave to the therapist's shell or menu: the passphrase first.
            state.showingHelp = false
            state.askingPresence = false
            state.phase = .locked(Lock(purpose: .leave, paused: q, message: state.strings["lock.askToLeave"]))
            return []
        }
        switch state.mode {
        case .kiosk:
            return []
        case .home:
            state.phase = .home(selected: 0, notice: nil)
            return [.clearScreen]
        case .rate:
            return [.clearScreen, .quit]
        }
    }

    // MARK: Home menu

    static func home(_ state: inout AppState, _ action: Action, selected: Int) -> [Effect] {
        let count = HomeChoice.allCases.count
        switch action {
        case .highlightMoved(let delta):
            state.phase = .home(selected: (selected + delta + count) % count, notice: nil)
            return []
        case .menuChosen(let choice):
            return choose(&state, choice)
        case .confirmRequested:
            return choose(&state, HomeChoice(rawValue: selected) ?? .quit)
        case .quitRequested:
            return [.clearScreen, .quit]
        default:
            return []
        }
    }

    /// Shown in the menu when an entry needs the therapist passphrase and none is set.
    public static let noPassphraseNotice = AppSettings().noPassphraseNotice

    static func choose(_ state: inout AppState, _ choice: HomeChoice) -> [Effect] {
        if choice.needsPassphrase && !state.settings.hasPassphrase {
            state.phase = .home(selected: choice.rawValue, notice: state.settings.noPassphraseNotice)
            return []
        }
        switch choice {
        case .rate, .addClient, .kioskCode:
            state.phase = .locked(
                Lock(purpose: .menu(choice), message: "\(choice.title): the therapist passphrase, please."))
            return []
        case .kiosk:
            return [.clearScreen, .startKiosk]
        case .review:
            return [.clearScreen, .startReview]
        case .quit:
            return [.clearScreen, .quit]
        }
    }

    // MARK: Lock screen (rate, home)

    static func locked(_ state: inout AppState, _ action: Action, lock: Lock, now: Date) -> [Effect] {
        var lock = lock
        switch action {
        case .characterTyped(let c):
            guard lock.entry.type(c, limit: maxEntryLength) else { return [] }
        case .characterErased:
            lock.entry.erase()
        case .cancelRequested:
            if let paused = lock.paused {
                state.phase = .questionnaire(paused)
                return []
            }
            if case .menu = lock.purpose {
                state.phase = .home(selected: 0, notice: nil)
                return []
            }
            lock.entry = TextEntry()
        case .draftSaveFailed:
            lock.message = state.strings["lock.notSaved"]
        case .confirmRequested:
            let wait = state.passphraseBackoff.secondsToWait(at: now)
            if wait > 0 {
                lock.entry = TextEntry(notice: "Please wait \(wait) second\(wait == 1 ? "" : "s") and try again.")
                break
            }
            let typed = lock.entry.text
            lock.entry = TextEntry()
            state.phase = .locked(lock)
            return [.checkPassphrase(typed)]
        case .passphraseChecked(let ok):
            guard ok else {
                state.passphraseBackoff.recordFailure(at: now)
                let wait = state.passphraseBackoff.secondsToWait(at: now)
                lock.entry = TextEntry(
                    notice: wait > 0
                        ? "Wrong passphrase. Wait \(wait) seconds before the next try." : "Wrong passphrase.")
                break
            }
            state.passphraseBackoff.reset()
            switch lock.purpose {
            case .leave:
                if state.mode == .rate { return [.clearScreen, .quit] }
                state.phase = .home(selected: 0, notice: nil)
                return [.clearScreen]
            case .menu(.addClient):
                state.phase = .form(HomeForm(kind: .addClient))
            case .menu(.kioskCode):
                state.phase = .form(HomeForm(kind: .kioskCode))
            case .menu:
                state.phase = .clientPrompt(TextEntry(), rater: .client)
            }
            return []
        default:
            return []
        }
        state.phase = .locked(lock)
        return []
    }

    // MARK: Therapist forms (home)

    static func form(_ state: inout AppState, _ action: Action, form: HomeForm) -> [Effect] {
        var form = form
        switch action {
        case .characterTyped(let c):
            guard form.entry.type(c, limit: 64) else { return [] }
        case .characterErased:
            form.entry.erase()
        case .cancelRequested, .quitRequested:
            state.phase = .home(selected: 0, notice: nil)
            return [.clearScreen]
        case .formDone(let notice):
            state.phase = .message(notice)
            return []
        case .formFailed(let message):
            form.entry.notice = message
        case .confirmRequested:
            let text = form.entry.text.trimmingCharacters(in: .whitespaces)
            if form.values.isEmpty {
                guard (try? ClientID(text)) != nil else {
                    form.entry.notice =
                        text.isEmpty ? "Type the client's id." : "A client id has 1–32 letters, digits, '_' or '-'."
                    break
                }
            }
            form.values.append(text)
            form.entry = TextEntry()
            if form.values.count < form.fieldCount { break }
            guard let id = try? ClientID(form.values[0]) else { return [] }
            let done = form.values
            form.values = Array(done.dropLast())
            form.entry = TextEntry(text: done.last ?? "")
            state.phase = .form(form)
            switch form.kind {
            case .addClient:
                let name = done.count > 1 ? done[1] : ""
                return [.addClient(id, therapist: name.isEmpty ? nil : name)]
            case .kioskCode:
                return [.makeCode(id)]
            }
        default:
            return []
        }
        state.phase = .form(form)
        return []
    }

    // MARK: Client prompt (home mode)

    static func clientPrompt(_ state: inout AppState, _ action: Action, entry: TextEntry, rater: Rater) -> [Effect] {
        var entry = entry
        switch action {
        case .characterTyped(let c):
            guard entry.type(c, limit: 32) else { return [] }
        case .characterErased:
            entry.erase()
        case .raterToggled:
            state.phase = .clientPrompt(entry, rater: rater == .client ? .therapist : .client)
            return []
        case .cancelRequested, .quitRequested:
            state.phase = .home(selected: 0, notice: nil)
            return [.clearScreen]
        case .confirmRequested:
            guard let id = try? ClientID(entry.text) else {
                entry.notice =
                    entry.text.isEmpty
                    ? "Type the client's id." : "A client id has 1–32 letters, digits, '_' or '-'."
                state.phase = .clientPrompt(entry, rater: rater)
                return []
            }
            state.phase = .opening
            return [.openBattery(BatteryRequest(clientId: id, rater: rater, source: .rate))]
        default:
            return []
        }
        state.phase = .clientPrompt(entry, rater: rater)
        return []
    }

    // MARK: Kiosk

    static func welcome(_ state: inout AppState, _ action: Action, entry: TextEntry, now: Date) -> [Effect] {
        var entry = entry
        switch action {
        case .characterTyped("l"), .characterTyped("L"):
            // The client picks their language (only those with a string table).
            state.language = state.settings.strings.next(after: state.language)
            entry.notice = nil
        case .characterTyped(let c):
            guard c.isASCII, c.isNumber, entry.text.count < KioskCodes.length else { return [] }
            entry.text.append(c)
            entry.notice = nil
        case .characterErased:
            entry.erase()
        case .confirmRequested:
            guard entry.text.count == KioskCodes.length else {
                entry.notice = state.strings.text("welcome.codeLength", ["digits": String(KioskCodes.length)])
                break
            }
            let wait = state.codeBackoff.secondsToWait(at: now)
            if wait > 0 {
                entry.text = ""
                entry.notice =
                    wait == 1
                    ? state.strings["welcome.waitOne"] : state.strings.text("welcome.wait", ["seconds": String(wait)])
                break
            }
            let code = entry.text
            state.phase = .opening
            return [.checkCode(code)]
        case .quitRequested, .cancelRequested:
            state.phase = .unlock(TextEntry())
            return []
        default:
            return []
        }
        state.phase = .welcome(entry)
        return []
    }

    static func codeChecked(_ state: inout AppState, _ outcome: KioskCodeOutcome, now: Date) -> [Effect] {
        switch outcome {
        case .accepted, .acceptedAgain:
            // The effect that checked the code has opened the battery too (the code is used up
            // only once it is open): `batteryOpened` comes next.
            state.codeBackoff.reset()
            state.phase = .opening
            return []
        case .expired:
            state.codeBackoff.recordFailure(at: now)
            state.phase = .welcome(
                TextEntry(notice: state.strings["welcome.expired"]))
            return []
        case .unknown:
            state.codeBackoff.recordFailure(at: now)
            state.phase = .welcome(TextEntry(notice: state.strings["welcome.unknown"]))
            return []
        }
    }

    static func unlock(_ state: inout AppState, _ action: Action, entry: TextEntry, now: Date) -> [Effect] {
        var entry = entry
        switch action {
        case .characterTyped(let c):
            guard entry.type(c, limit: maxEntryLength) else { return [] }
        case .characterErased:
            entry.erase()
        case .cancelRequested:
            state.phase = .welcome(TextEntry())
            return []
        case .confirmRequested:
            let wait = state.passphraseBackoff.secondsToWait(at: now)
            if wait > 0 {
                entry.text = ""
                entry.notice = "Please wait \(wait) second\(wait == 1 ? "" : "s") and try again."
                break
            }
            let typed = entry.text
            state.phase = .unlock(TextEntry())
            return [.checkPassphrase(typed)]
        case .passphraseChecked(let ok):
            if ok {
                state.passphraseBackoff.reset()
                return [.clearScreen, .quit]
            }
            state.passphraseBackoff.recordFailure(at: now)
            let wait = state.passphraseBackoff.secondsToWait(at: now)
            entry = TextEntry(
                notice: wait > 0
                    ? "Wrong passphrase. Wait \(wait) seconds before the next try." : "Wrong passphrase.")
        default:
            return []
        }
        state.phase = .unlock(entry)
        return []
    }
}
