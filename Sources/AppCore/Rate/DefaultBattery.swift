import Instruments

/// The clinic's default battery when neither the command line nor the client record names one.
public enum DefaultBattery {
    /// Client rater: alliance, identification with the therapist, depression, anxiety.
    public static let client = ["wai-sr", "si-therapist", "phq-9", "gad-7"]
    /// Attachment, asked at session 1 and every 6th session.
    public static let attachment = "ecr-rs"
    /// Therapist rater: the therapist's view of the alliance.
    public static let therapist = ["wai-sr-therapist"]

    /// Whether the attachment questionnaire is due at `session`.
    public static func attachmentDue(session: Int) -> Bool {
        session == 1 || (session > 0 && session % 6 == 0)
    }

    /// The default instrument ids for `rater` at `session`.
    public static func ids(rater: Rater, session: Int) -> [String] {
        switch rater {
        case .client: return client + (attachmentDue(session: session) ? [attachment] : [])
        case .therapist: return therapist
        }
    }
}
