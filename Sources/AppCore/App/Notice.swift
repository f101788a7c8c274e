/// A full-screen message with a title (e.g. "the review screens are coming").
public struct Notice: Sendable, Equatable {
    /// Shown in the title row.
    public var title: String
    /// The message, wrapped and centred.
    public var text: String

    /// Creates a notice.
    public init(title: String, text: String) {
        self.title = title
        self.text = text
    }
}
