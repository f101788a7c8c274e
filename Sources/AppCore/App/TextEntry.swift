/// A one-line text field with an optional notice under it (client id, kiosk code, passphrase).
public struct TextEntry: Sendable, Equatable {
    /// What was typed so far.
    public var text: String
    /// A short message for the person typing (an error, a wait).
    public var notice: String?

    /// Creates a field holding `text`, with an optional notice.
    public init(text: String = "", notice: String? = nil) {
        self.text = text
        self.notice = notice
    }
}
