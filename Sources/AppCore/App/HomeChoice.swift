/// The entries of the home menu, in order.
public enum HomeChoice: Int, Sendable, Equatable, CaseIterable {
    case rate = 0
    case kiosk
    case review
    case quit

    /// The menu text.
    public var title: String {
        switch self {
        case .rate: return "Start rating for a client"
        case .kiosk: return "Kiosk (shared waiting-room terminal)"
        case .review: return "Review the caseload and charts"
        case .quit: return "Quit"
        }
    }
}
