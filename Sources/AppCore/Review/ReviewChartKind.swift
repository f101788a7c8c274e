/// The charts of the client dashboard, in the order the Tab key cycles through them.
public enum ReviewChartKind: String, Sendable, Equatable, CaseIterable {
    /// Client-rated alliance: goal, task, bond and total.
    case alliance
    /// Client vs therapist alliance total, with the gap.
    case gap
    /// Outcome (PHQ-9 or the first outcome with data), cut-off and reliable-change band.
    case outcome
    /// Social identification with the therapist.
    case identification
    /// Attachment anxiety × avoidance.
    case attachment

    /// The tab title.
    public var title: String {
        switch self {
        case .alliance: "Alliance"
        case .gap: "Client vs therapist"
        case .outcome: "Outcome"
        case .identification: "Identification"
        case .attachment: "Attachment"
        }
    }
}
