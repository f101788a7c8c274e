/// A submitted instrument's primary score, for the optional score summary shown to the client.
public struct SubmittedScore: Sendable, Equatable {
    /// The instrument's short title.
    public var title: String
    /// The primary scale's label.
    public var scaleLabel: String
    /// The primary score (nil when invalid).
    public var score: Double?
    /// Its band, if the instrument has bands.
    public var band: String?

    /// Creates a score line.
    public init(title: String, scaleLabel: String, score: Double?, band: String?) {
        self.title = title
        self.scaleLabel = scaleLabel
        self.score = score
        self.band = band
    }
}
