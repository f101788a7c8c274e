import Foundation
import Instruments
import Store

/// One item of a session next to the same item of the client's previous session.
public struct SessionItemRow: Sendable, Equatable {
    /// Instrument short title.
    public var instrument: String
    /// Who answered.
    public var rater: Rater
    /// Item number.
    public var item: Int
    /// Item text (placeholders left as written).
    public var text: String
    /// This session's raw answer (nil: missing).
    public var answer: Int?
    /// The previous session's raw answer (nil: missing or not asked).
    public var previous: Int?
    /// Response label of `answer`.
    public var answerLabel: String?
    /// Whether the item is a risk item answered above its threshold in this session.
    public var riskFlagged: Bool
    /// Whether the item is a risk item at all.
    public var isRisk: Bool
    /// Marked as one of the items that moved most.
    public var movedMost: Bool

    /// Creates a row.
    public init(
        instrument: String, rater: Rater, item: Int, text: String, answer: Int?, previous: Int?, answerLabel: String?,
        riskFlagged: Bool, isRisk: Bool, movedMost: Bool = false
    ) {
        self.instrument = instrument
        self.rater = rater
        self.item = item
        self.text = text
        self.answer = answer
        self.previous = previous
        self.answerLabel = answerLabel
        self.riskFlagged = riskFlagged
        self.isRisk = isRisk
        self.movedMost = movedMost
    }

    /// `answer − previous` when both exist.
    public var change: Int? {
        guard let answer, let previous else { return nil }
        return answer - previous
    }
}
