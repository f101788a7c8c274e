import Foundation
import Instruments
import Store

/// The state of one battery being filled in: the instruments, the answers so far, and where
/// the rater is. Everything the questionnaire screens show comes from here.
public struct Questionnaire: Sendable, Equatable {
    /// Whose battery (never shown on screen).
    public var clientId: ClientID
    /// The session the answers belong to.
    public var session: Int
    /// The session's day.
    public var sessionDate: SessionDate
    /// Who answers.
    public var rater: Rater
    /// How the records will be marked (`.rate` or `.kiosk`).
    public var source: RecordSource
    /// Names for `{therapist}` / `{client}`.
    public var names: PlaceholderNames
    /// The battery, in order.
    public var instruments: [Instrument]
    /// Answers per instrument id, in item order (nil: not answered or skipped).
    public var answers: [String: [Int?]]
    /// Skipped item numbers per instrument id.
    public var skipped: [String: [Int]]
    /// Instrument ids already saved as records.
    public var submitted: [String]
    /// Index of the current instrument in ``instruments``.
    public var index: Int
    /// Where in the current instrument.
    public var step: QuestionnaireStep
    /// Index of the highlighted response option on an item screen (nil: none yet).
    public var highlighted: Int?
    /// True while an item opened from the review screen is being changed.
    public var editingFromReview: Bool
    /// Digits typed on the review screen that may still grow into a longer item number.
    public var pendingNumber: String
    /// First visible row of the review list (scrolled with ↑/↓).
    public var reviewOffset: Int
    /// Risk items flagged in this battery (instrument id and item numbers).
    public var riskFlagged: Bool
    /// Primary scores of submitted instruments (shown to the client only when the clinic allows it).
    public var scores: [SubmittedScore]
    /// A short notice on the current screen (e.g. "This question needs an answer").
    public var notice: String?
    /// True while a submission is being saved (keys are ignored).
    public var saving: Bool
    /// A draft save failed in this battery: no screen may then say the answers are kept.
    public var draftFailed: Bool
    /// Today's questionnaires are asked again: the new records supersede today's earlier ones.
    public var again: Bool
    /// The language chosen for the client (nil: English). An instrument without a translation in it
    /// is shown in English (``presentation``).
    public var language: String?
    /// The client-facing text of the screens, in the chosen language.
    public var strings: StringTable

    /// Creates a battery on its first intro; answers of the draft are padded or cut to each
    /// instrument's item count, and entries for instruments outside the battery are dropped.
    public init(
        clientId: ClientID, session: Int, sessionDate: SessionDate, rater: Rater, source: RecordSource,
        names: PlaceholderNames, instruments: [Instrument], answers: [String: [Int?]] = [:],
        skipped: [String: [Int]] = [:], submitted: [String] = []
    ) {
        self.clientId = clientId
        self.session = session
        self.sessionDate = sessionDate
        self.rater = rater
        self.source = source
        self.names = names
        self.instruments = instruments
        var full: [String: [Int?]] = [:]
        for instrument in instruments {
            var list = answers[instrument.id] ?? []
            if list.count != instrument.items.count {
                list = Array(
                    (list + Array(repeating: nil, count: instrument.items.count)).prefix(instrument.items.count))
            }
            full[instrument.id] = list
        }
        self.answers = full
        self.skipped = skipped.filter { key, _ in instruments.contains { $0.id == key } }
        self.submitted = submitted.filter { id in instruments.contains { $0.id == id } }
        self.index = 0
        self.step = .intro
        self.highlighted = nil
        self.editingFromReview = false
        self.pendingNumber = ""
        self.reviewOffset = 0
        self.riskFlagged = false
        self.scores = []
        self.notice = nil
        self.saving = false
        self.draftFailed = false
        self.again = false
        self.language = nil
        self.strings = .english
    }

    /// The current instrument as the rater sees it: its translation into ``language`` where a
    /// verified text exists, English elsewhere. Scoring uses ``instrument``, never this.
    public var presentation: Presentation { instrument.presented(in: language) }

    /// The current instrument's texts as shown (title, instructions, stem, items, answer labels).
    public var shown: Instrument { presentation.instrument }

    /// Names for the instructions, which speak to the rater: "your sessions with your therapist"
    /// when no name is on record (the items, in the rater's voice, say "my therapist").
    public var instructionNames: PlaceholderNames {
        PlaceholderNames(therapist: names.therapist ?? "your therapist", client: names.client ?? "your client")
    }

    /// The current instrument's instructions, placeholders filled in.
    public var instructions: String { Instrument.fill(shown.instructions, names: instructionNames) }

    /// Whether the current screen shows answers given earlier: the review list, or an item
    /// that already has an answer (reached with ←). Such screens time out sooner.
    public var showsEarlierAnswers: Bool {
        switch step {
        case .review: return true
        case .item(let i): return answer(at: i) != nil
        case .intro: return false
        }
    }

    /// The current instrument (the battery is never empty once opened).
    public var instrument: Instrument { instruments[min(index, instruments.count - 1)] }

    /// The answers of the current instrument.
    public var currentAnswers: [Int?] { answers[instrument.id] ?? [] }

    /// The skipped item numbers of the current instrument.
    public var currentSkipped: [Int] { skipped[instrument.id] ?? [] }

    /// The item shown on an item screen, if any.
    public var currentItem: Item? {
        guard case .item(let i) = step, instrument.items.indices.contains(i) else { return nil }
        return instrument.items[i]
    }

    /// The answer to the item at `index` of the current instrument.
    public func answer(at itemIndex: Int) -> Int? {
        let list = currentAnswers
        return list.indices.contains(itemIndex) ? list[itemIndex] : nil
    }

    /// Whether the item at `itemIndex` of the current instrument was deliberately skipped.
    public func isSkipped(at itemIndex: Int) -> Bool {
        guard instrument.items.indices.contains(itemIndex) else { return false }
        return currentSkipped.contains(instrument.items[itemIndex].number)
    }

    /// Whether skipping the item at `itemIndex` keeps every scale of the instrument scorable:
    /// the instrument must allow the item to be missing, and no scale containing it may end up
    /// with more missing items than it allows.
    public func canSkip(at itemIndex: Int) -> Bool {
        let inst = instrument
        guard inst.items.indices.contains(itemIndex) else { return false }
        let number = inst.items[itemIndex].number
        guard inst.allowsSkipping(item: number) else { return false }
        var missing = Set(currentSkipped)
        missing.insert(number)
        for scale in inst.scales where scale.items.contains(number) {
            let count = scale.items.filter { missing.contains($0) }.count
            if count > scale.maxMissing { return false }
        }
        return true
    }

    /// Index of the first item neither answered nor skipped in the current instrument.
    public var firstOpenItem: Int? {
        let list = currentAnswers
        return instrument.items.indices.first { list[$0] == nil && !isSkipped(at: $0) }
    }

    /// Items answered or skipped in the current instrument.
    public var doneCount: Int {
        instrument.items.indices.filter { answer(at: $0) != nil || isSkipped(at: $0) }.count
    }

    /// The draft that stores this state.
    public func draft(updatedAt: Date) -> Draft {
        Draft(
            clientId: clientId, session: session, sessionDate: sessionDate, rater: rater,
            battery: instruments.map(\.id), answers: answers, skipped: skipped, submitted: submitted,
            updatedAt: updatedAt)
    }

    /// Moves to the first instrument not yet submitted, at its first open item (or its intro
    /// when nothing was answered yet, or its review when everything was). Returns false when
    /// every instrument is submitted.
    public mutating func moveToResumePoint() -> Bool {
        guard let next = instruments.indices.first(where: { !submitted.contains(instruments[$0].id) }) else {
            return false
        }
        index = next
        editingFromReview = false
        pendingNumber = ""
        reviewOffset = 0
        notice = nil
        if doneCount == 0 {
            step = .intro
        } else if let open = firstOpenItem {
            enterItem(open)
        } else {
            step = .review
        }
        return true
    }

    /// Shows the item at `itemIndex`, highlighting its answer.
    public mutating func enterItem(_ itemIndex: Int) {
        step = .item(itemIndex)
        notice = nil
        if let value = answer(at: itemIndex) {
            highlighted = instrument.responseScale.firstIndex { $0.value == value }
        } else {
            highlighted = nil
        }
    }
}
