import Foundation
import Instruments

/// The questionnaire flow: intro → items → review → submit, for each instrument of a battery.
public enum QuestionnaireReducer {
    /// Applies a user action or an effect result to the questionnaire.
    public static func reduce(
        _ q: inout Questionnaire, _ action: Action, now: Date, mode: AppMode
    )
        -> QuestionnaireResult
    {
        if q.saving {
            switch action {
            case .submissionSaved, .submissionFailed, .draftSaveFailed: break
            default: return QuestionnaireResult()
            }
        }
        switch action {
        case .quitRequested:
            return QuestionnaireResult(quit: mode != .kiosk)
        case .draftSaveFailed:
            q.draftFailed = true
            q.notice = q.strings["notice.lastNotSaved"]
            return QuestionnaireResult()
        case .submissionSaved(let id, let score, let risk):
            q.saving = false
            if !q.submitted.contains(id) { q.submitted.append(id) }
            q.scores.append(score)
            // No screen of its own: what follows looks the same whether or not a risk item was
            // endorsed (an onlooker cannot tell); every client sees the same support sentence.
            if risk { q.riskFlagged = true }
            return advance(&q, now: now)
        case .submissionFailed:
            // The store's message (it may name a path) is not for a client's screen, and the
            // answers are said to be kept only when every draft save succeeded.
            q.saving = false
            q.notice =
                q.draftFailed
                ? q.strings["notice.notSubmittedNotSaved"]
                : q.strings["notice.notSubmittedSaved"]
            return QuestionnaireResult()
        default:
            break
        }
        switch q.step {
        case .intro:
            return intro(&q, action)
        case .item(let i):
            return item(&q, action, index: i, now: now)
        case .review:
            return review(&q, action)
        }
    }

    // MARK: Steps

    static func intro(_ q: inout Questionnaire, _ action: Action) -> QuestionnaireResult {
        if action == .confirmRequested {
            if let open = q.firstOpenItem { q.enterItem(open) } else { q.step = .review }
        }
        return QuestionnaireResult()
    }

    static func item(_ q: inout Questionnaire, _ action: Action, index: Int, now: Date) -> QuestionnaireResult {
        let options = q.instrument.responseScale
        switch action {
        case .answerChosen(let value):
            guard options.contains(where: { $0.value == value }) else {
                q.notice = q.strings.text("notice.choose", ["range": rangeText(q.instrument)])
                return QuestionnaireResult()
            }
            return record(&q, value: value, at: index, now: now)
        case .highlightMoved(let delta):
            guard !options.isEmpty else { return QuestionnaireResult() }
            if let h = q.highlighted {
                q.highlighted = min(max(0, h + delta), options.count - 1)
            } else {
                q.highlighted = delta < 0 ? options.count - 1 : 0
            }
            q.notice = nil
        case .confirmRequested:
            guard let h = q.highlighted, options.indices.contains(h) else {
                q.notice = q.strings.text("notice.chooseAnswer", ["range": rangeText(q.instrument)])
                return QuestionnaireResult()
            }
            return record(&q, value: options[h].value, at: index, now: now)
        case .skipRequested:
            if q.answer(at: index) != nil {
                // Skipping would silently throw the answer away.
                q.notice = q.strings["notice.answered"]
                return QuestionnaireResult()
            }
            guard q.canSkip(at: index) else {
                q.notice = q.strings["notice.needsAnswer"]
                return QuestionnaireResult()
            }
            let id = q.instrument.id
            let number = q.instrument.items[index].number
            q.answers[id]?[index] = nil
            if !q.currentSkipped.contains(number) {
                q.skipped[id, default: []].append(number)
                q.skipped[id]?.sort()
            }
            moveOn(&q, from: index)
            return QuestionnaireResult(effects: [.saveDraft(q.draft(updatedAt: now))])
        case .backRequested:
            if q.editingFromReview {
                q.editingFromReview = false
                q.step = .review
                q.notice = nil
            } else if index > 0 {
                q.enterItem(index - 1)
            } else {
                q.step = .intro
                q.notice = nil
            }
        default:
            break
        }
        return QuestionnaireResult()
    }

    static func review(_ q: inout Questionnaire, _ action: Action) -> QuestionnaireResult {
        let count = q.instrument.items.count
        switch action {
        case .reviewNumberTyped(let digit):
            let candidate = q.pendingNumber + String(digit)
            guard let n = Int(candidate), n >= 1, n <= count else {
                q.pendingNumber = ""
                q.notice = q.strings.text("notice.noItem", ["number": String(candidate), "count": String(count)])
                return QuestionnaireResult()
            }
            if n * 10 <= count {
                q.pendingNumber = candidate
                q.notice = nil
            } else {
                open(&q, item: n)
            }
        case .confirmRequested:
            if let n = Int(q.pendingNumber) {
                open(&q, item: n)
                return QuestionnaireResult()
            }
            if let missing = q.firstOpenItem {
                q.enterItem(missing)
                return QuestionnaireResult()
            }
            q.saving = true
            q.notice = nil
            let submission = Submission(
                clientId: q.clientId, session: q.session, sessionDate: q.sessionDate, rater: q.rater,
                instrument: q.instrument, answers: q.currentAnswers, source: q.source, replace: q.again,
                // The language the texts were actually shown in (English when the instrument has no
                // translation into the chosen language).
                language: q.presentation.language)
            return QuestionnaireResult(effects: [.submit(submission)])
        case .backRequested:
            if !q.pendingNumber.isEmpty {
                q.pendingNumber = ""
            } else if count > 0 {
                q.enterItem(count - 1)
            }
        case .reviewScrolled(let delta):
            q.reviewOffset = min(max(0, q.reviewOffset + delta), max(0, count - 1))
        default:
            break
        }
        return QuestionnaireResult()
    }

    // MARK: Helpers

    /// Stores an answer (saving the draft) and moves on.
    static func record(_ q: inout Questionnaire, value: Int, at index: Int, now: Date) -> QuestionnaireResult {
        let id = q.instrument.id
        let number = q.instrument.items[index].number
        q.answers[id]?[index] = value
        q.skipped[id]?.removeAll { $0 == number }
        if q.skipped[id]?.isEmpty == true { q.skipped[id] = nil }
        moveOn(&q, from: index)
        return QuestionnaireResult(effects: [.saveDraft(q.draft(updatedAt: now))])
    }

    /// After an answer or a skip: back to the review when editing from it, else the next item,
    /// else the review.
    static func moveOn(_ q: inout Questionnaire, from index: Int) {
        if q.editingFromReview || index + 1 >= q.instrument.items.count {
            q.editingFromReview = false
            q.step = .review
            q.notice = nil
            q.highlighted = nil
        } else {
            q.enterItem(index + 1)
        }
    }

    static func open(_ q: inout Questionnaire, item number: Int) {
        q.pendingNumber = ""
        guard let index = q.instrument.items.firstIndex(where: { $0.number == number }) else { return }
        q.editingFromReview = true
        q.enterItem(index)
    }

    /// After a submission (and its risk notice): the next instrument, or the end.
    static func advance(_ q: inout Questionnaire, now: Date) -> QuestionnaireResult {
        if q.moveToResumePoint() {
            q.highlighted = nil
            return QuestionnaireResult(effects: [.saveDraft(q.draft(updatedAt: now))])
        }
        return QuestionnaireResult(finished: true)
    }

    /// "1–5" for a response scale.
    public static func rangeText(_ instrument: Instrument) -> String {
        "\(instrument.minValue)–\(instrument.maxValue)"
    }
}
