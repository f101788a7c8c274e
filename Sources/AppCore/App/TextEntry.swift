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

    /// Appends a typed character and clears the notice; false (nothing changed) when the field
    /// already holds `limit` characters.
    public mutating func type(_ character: Character, limit: Int) -> Bool {
        guard text.count < limit else { return false }
        text.append(character)
        notice = nil
        return true
    }

    /// Erases the last character (if any) and clears the notice.
    public mutating func erase() {
        if !text.isEmpty { text.removeLast() }
        notice = nil
    }
}
