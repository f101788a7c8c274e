/// The end-of-battery screen.
public struct Farewell: Sendable, Equatable {
    /// A risk item was answered above its threshold: say, calmly, that the therapist will talk
    /// with the client today.
    public var riskFlagged: Bool
    /// Primary scores, only when the clinic shows scores to clients.
    public var scores: [SubmittedScore]

    /// Creates the end-of-battery content.
    public init(riskFlagged: Bool, scores: [SubmittedScore]) {
        self.riskFlagged = riskFlagged
        self.scores = scores
    }
}
