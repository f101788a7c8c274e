/// What a questionnaire step asks of the app around it.
public struct QuestionnaireResult: Sendable, Equatable {
    /// Effects to perform.
    public var effects: [Effect]
    /// Every instrument is submitted: the battery is over.
    public var finished: Bool
    /// The rater asked to quit (the draft is kept).
    public var quit: Bool

    /// Creates a result.
    public init(effects: [Effect] = [], finished: Bool = false, quit: Bool = false) {
        self.effects = effects
        self.finished = finished
        self.quit = quit
    }
}
