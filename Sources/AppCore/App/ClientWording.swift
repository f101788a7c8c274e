/// Sentences every client sees the same way, whatever they answered, so that an onlooker can
/// never tell from the screen that a risk item was endorsed.
public enum ClientWording {
    /// On every intro after the first questionnaire and on the client's thank-you screen: the
    /// support information, given to everyone.
    public static let support =
        "Thank you for your answers so far. If anything in these questions troubles you, you can talk about it with your therapist today."
    /// The same support information on the client's thank-you screen.
    public static let supportAtEnd =
        "If anything in these questions troubles you, you can talk about it with your therapist today."
    /// The thank-you screen's first line.
    public static let saved = "Thank you. Your answers have been saved."
}
