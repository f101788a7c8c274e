import Analytics
import Foundation
import Store

/// An alert being answered on the dashboard: first a response key, then for "disagree" a reason.
public struct AlertAnswerEntry: Sendable, Equatable {
    /// The alert.
    public var alert: FeedbackAlert
    /// The reason being typed (after `x`, disagree); nil while choosing the response.
    public var reason: TextEntry?
    /// A short message (an error, "Saving…").
    public var notice: String?

    public init(alert: FeedbackAlert, reason: TextEntry? = nil, notice: String? = nil) {
        self.alert = alert
        self.reason = reason
        self.notice = notice
    }

    /// The response keys: s seen, d discussed, p plan changed, x disagree (asks for a reason).
    public static func response(for key: Character) -> AlertResponseKind? {
        switch key {
        case "s": .seen
        case "d": .discussed
        case "p": .planChanged
        case "x": .disagree
        default: nil
        }
    }
}

extension ClientDashboard {
    /// The alert `r` answers: the first that is not answered (risk first).
    public var alertToAnswer: FeedbackAlert? {
        analysis.feedback?.alerts.first { !$0.answered }
    }
}

extension ReviewReducer {
    /// Longest reason (the store's limit).
    static let maxReasonLength = 500

    /// `r`: start answering the first unanswered alert.
    static func answerRequested(_ state: inout ReviewState) -> [ReviewEffect] {
        guard var d = state.dashboard else { return [] }
        guard let alert = d.data.alertToAnswer else {
            state.notice = "No alert waiting for an answer."
            return []
        }
        d.answer = AlertAnswerEntry(alert: alert)
        state.notice = nil
        state.dashboard = d
        return []
    }

    /// Keys while answering: a response key (s, d, p, x), then for disagree the reason and Enter; Esc cancels.
    static func answering(_ state: inout ReviewState, _ action: ReviewAction) -> [ReviewEffect] {
        guard var d = state.dashboard, var entry = d.answer else { return [] }
        func save(_ response: AlertResponseKind, reason: String?) -> [ReviewEffect] {
            entry.notice = "Saving…"
            d.answer = entry
            state.dashboard = d
            return [
                .answerAlert(
                    d.data.client, alert: entry.alert.id, response: response, reason: reason,
                    evidenceDate: entry.alert.evidenceDate, caseloadSDs: state.caseload.caseloadSDs)
            ]
        }
        switch action {
        case .backRequested:
            d.answer = nil
            state.dashboard = d
            return []
        case .quitRequested:
            return [.clearScreen, .quit]
        case .characterTyped(let ch):
            if var reason = entry.reason {
                guard reason.text.count < maxReasonLength else { return [] }
                reason.text.append(ch)
                entry.reason = reason
                entry.notice = nil
            } else if let response = AlertAnswerEntry.response(for: ch) {
                if response == .disagree {
                    entry.reason = TextEntry()
                    entry.notice = nil
                } else {
                    return save(response, reason: nil)
                }
            } else {
                entry.notice = "s seen · d discussed · p plan changed · x disagree (Esc: cancel)"
            }
        case .characterErased:
            if var reason = entry.reason, !reason.text.isEmpty {
                reason.text.removeLast()
                entry.reason = reason
            }
        case .confirmRequested:
            guard let reason = entry.reason else { return [] }
            let text = reason.text.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty else {
                entry.notice = "Disagreeing needs a reason: type it, then Enter (Esc: cancel)."
                break
            }
            return save(.disagree, reason: text)
        default:
            return []
        }
        d.answer = entry
        state.dashboard = d
        return []
    }

    /// An answer was stored: the dashboard shows the re-read data.
    static func alertAnswered(
        _ state: inout ReviewState, data: ClientDashboard, alert: String, response: AlertResponseKind
    ) -> [ReviewEffect] {
        guard var d = state.dashboard, d.data.client == data.client else { return [] }
        d.data = data
        d.answer = nil
        state.dashboard = d
        state.notice = "Alert answered: \(response.label)."
        return []
    }
}
