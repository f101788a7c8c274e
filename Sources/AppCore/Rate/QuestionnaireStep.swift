import Instruments

/// Where the client is inside the current instrument.
public enum QuestionnaireStep: Sendable, Equatable {
    /// The instrument's intro screen (title, instructions, number of items).
    case intro
    /// Item at this index of `instrument.items`.
    case item(Int)
    /// The list of every answer, before submitting.
    case review
}
