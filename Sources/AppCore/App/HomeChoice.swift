/// The entries of the home menu, in order.
public enum HomeChoice: Int, Sendable, Equatable, CaseIterable {
    case rate = 0
    case kiosk
    case review
    case addClient
    case kioskCode
    case quit

    /// The menu text.
    public var title: String {
        switch self {
        case .rate: return "Start rating for a client"
        case .kiosk: return "Kiosk (shared waiting-room terminal)"
        case .review: return "Review the caseload and charts"
        case .addClient: return "Add a client"
        case .kioskCode: return "Make a kiosk code for a client"
        case .quit: return "Quit"
        }
    }

    /// Whether the entry opens only with the therapist passphrase (and so needs one to be set).
    public var needsPassphrase: Bool { self != .quit }

    /// "1–6", for the menu's hints.
    public static var range: String { "1–\(allCases.count)" }
}
