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
        case .tick:
            return tick(&state, now: now)
        case .helpRequested:
            if case .questionnaire = state.phase { state.showingHelp = true }
            if case .home = state.phase { state.showingHelp = true }
            return []
        case .helpDismissed:
            state.showingHelp = false
            return []
        case .batteryOpened(var q):
            guard case .opening = state.phase else { return [] }
            if q.moveToResumePoint() {
                state.phase = .questionnaire(q)
                return []
            }
            return finish(&state, q)
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
        case .opening:
            return []
        case .questionnaire(var q):
            let result = QuestionnaireReducer.reduce(&q, action, now: now, mode: state.mode)
            if result.finished { return result.effects + finish(&state, q) }
            state.phase = .questionnaire(q)
            if result.quit { return result.effects + quitEffect(&state) }
            return result.effects
        case .thanks:
            switch action {
            case .confirmRequested, .quitRequested, .cancelRequested:
                return leaveBattery(&state)
            default:
                return []
            }
        case .message:
            switch action {
            case .confirmRequested, .quitRequested, .cancelRequested, .backRequested:
                if state.mode == .rate { return [.clearScreen, .quit] }
                state.phase = .home(selected: 0, notice: nil)
                return []
            default:
                return []
            }
        }
    }

    /// Actions that count as the user being present.
    static func isUserAction(_ action: Action) -> Bool {
        switch action {
        case .tick, .batteryOpened, .openFailed, .codeChecked, .passphraseChecked, .submissionSaved,
            .submissionFailed, .draftSaveFailed:
            return false
        default:
            return true
        }
    }

    // MARK: Time

    static func tick(_ state: inout AppState, now: Date) -> [Effect] {
        let idle = now.timeIntervalSince(state.lastActivity)
        switch state.phase {
        case .thanks:
            let limit = state.mode == .kiosk ? state.settings.thanksSeconds : state.settings.idleSeconds
            if idle >= TimeInterval(limit) { return leaveBattery(&state) }
            return []
        case .questionnaire, .clientPrompt, .unlock:
            guard idle >= TimeInterval(state.settings.idleSeconds) else { return [] }
            return idleWipe(&state)
        case .welcome(let entry):
            guard !entry.text.isEmpty || entry.notice != nil,
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
        let minutes = max(1, state.settings.idleSeconds / 60)
        let closed =
            "The questionnaire was closed after \(minutes) minute\(minutes == 1 ? "" : "s") without activity. The answers given so far are kept."
        switch state.mode {
        case .kiosk:
            state.phase = .welcome(TextEntry())
        case .home:
            if case .questionnaire = state.phase {
                state.phase = .home(selected: 0, notice: closed)
            } else {
                state.phase = .home(selected: 0, notice: nil)
            }
        case .rate:
            state.phase = .message(Notice(title: "Questionnaire closed", text: closed))
        }
        return [.clearScreen]
    }

    // MARK: End of a battery

    /// The battery is done: the draft goes, the screen is wiped, the thank-you screen shows.
    static func finish(_ state: inout AppState, _ q: Questionnaire) -> [Effect] {
        state.showingHelp = false
        let scores = state.settings.showScoresToClient ? q.scores : []
        state.phase = .thanks(Farewell(riskFlagged: q.riskFlagged, scores: scores))
        return [.deleteDraft(q.clientId, session: q.session, rater: q.rater), .clearScreen]
    }

    /// Leaves the thank-you screen: welcome (kiosk), home, or quit (rate).
    static func leaveBattery(_ state: inout AppState) -> [Effect] {
        switch state.mode {
        case .kiosk:
            state.phase = .welcome(TextEntry())
            return [.clearScreen]
        case .home:
            state.phase = .home(selected: 0, notice: nil)
            return [.clearScreen]
        case .rate:
            return [.clearScreen, .quit]
        }
    }

    static func openFailed(_ state: inout AppState, _ message: String) -> [Effect] {
        switch state.mode {
        case .kiosk:
            state.phase = .welcome(
                TextEntry(notice: "This code cannot be used right now. Please ask your therapist."))
        case .home:
            state.phase = .clientPrompt(TextEntry(notice: message), rater: .client)
        case .rate:
            state.phase = .message(Notice(title: "Cannot open the questionnaires", text: message))
        }
        return []
    }

    static func quitEffect(_ state: inout AppState) -> [Effect] {
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

    static func choose(_ state: inout AppState, _ choice: HomeChoice) -> [Effect] {
        switch choice {
        case .rate:
            state.phase = .clientPrompt(TextEntry(), rater: .client)
            return []
        case .kiosk:
            return [.clearScreen, .startKiosk]
        case .review:
            return [.clearScreen, .startReview]
        case .quit:
            return [.clearScreen, .quit]
        }
    }

    // MARK: Client prompt (home mode)

    static func clientPrompt(_ state: inout AppState, _ action: Action, entry: TextEntry, rater: Rater) -> [Effect] {
        var entry = entry
        switch action {
        case .characterTyped(let c):
            guard entry.text.count < 32 else { return [] }
            entry.text.append(c)
            entry.notice = nil
        case .characterErased:
            if !entry.text.isEmpty { entry.text.removeLast() }
            entry.notice = nil
        case .raterToggled:
            state.phase = .clientPrompt(entry, rater: rater == .client ? .therapist : .client)
            return []
        case .cancelRequested, .quitRequested:
            state.phase = .home(selected: 0, notice: nil)
            return []
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
        case .characterTyped(let c):
            guard c.isASCII, c.isNumber, entry.text.count < KioskCodes.length else { return [] }
            entry.text.append(c)
            entry.notice = nil
        case .characterErased:
            if !entry.text.isEmpty { entry.text.removeLast() }
            entry.notice = nil
        case .confirmRequested:
            guard entry.text.count == KioskCodes.length else {
                entry.notice = "The code has \(KioskCodes.length) digits."
                break
            }
            let wait = state.codeBackoff.secondsToWait(at: now)
            if wait > 0 {
                entry.text = ""
                entry.notice = "Please wait \(wait) second\(wait == 1 ? "" : "s") and try again."
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
        case .accepted(let id):
            state.codeBackoff.reset()
            state.phase = .opening
            return [.openBattery(BatteryRequest(clientId: id, rater: .client, source: .kiosk))]
        case .expired:
            state.codeBackoff.recordFailure(at: now)
            state.phase = .welcome(
                TextEntry(notice: "This code has expired. Please ask your therapist for a new one."))
            return []
        case .unknown:
            state.codeBackoff.recordFailure(at: now)
            state.phase = .welcome(TextEntry(notice: "This code was not recognised. Please check it and try again."))
            return []
        }
    }

    static func unlock(_ state: inout AppState, _ action: Action, entry: TextEntry, now: Date) -> [Effect] {
        var entry = entry
        switch action {
        case .characterTyped(let c):
            guard entry.text.count < maxEntryLength else { return [] }
            entry.text.append(c)
            entry.notice = nil
        case .characterErased:
            if !entry.text.isEmpty { entry.text.removeLast() }
            entry.notice = nil
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
