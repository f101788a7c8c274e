import Instruments

/// The end-of-battery screen.
public struct Farewell: Sendable, Equatable {
    /// A risk item was answered above its threshold (the screen is the same either way, so an
    /// onlooker cannot tell; the record carries the flag for the therapist).
    public var riskFlagged: Bool
    /// Primary scores, only when the clinic shows scores to clients.
    public var scores: [SubmittedScore]
    /// Who answered: the therapist's own form ends without "hand the terminal back".
    public var rater: Rater

    /// Creates the end-of-battery content.
    public init(riskFlagged: Bool, scores: [SubmittedScore], rater: Rater = .client) {
        self.riskFlagged = riskFlagged
        self.scores = scores
        self.rater = rater
    }
}
