/// What happened when a code was typed at the kiosk.
public enum KioskCodeOutcome: Sendable, Equatable {
    /// The code was valid; it is now used up (at the kiosk: the battery is open).
    case accepted(ClientID)
    /// The code was valid and was made to ask today's questionnaires again; it is now used up.
    case acceptedAgain(ClientID)
    /// The code existed but its time ran out (it is now removed).
    case expired
    /// No such code (wrong digits, or already used).
    case unknown
}

/// What came of a typed code that was used to open the client's battery
/// (``KioskCodes/redeem(_:opening:)``).
public enum KioskRedemption<Value> {
    /// The code was valid (`.accepted` or `.acceptedAgain`), `open` returned `Value`, and the code
    /// is now used up.
    case opened(KioskCodeOutcome, Value)
    /// The code was refused (`.expired` or `.unknown`); nothing was opened.
    case refused(KioskCodeOutcome)

    /// The outcome, as the kiosk screen reports it.
    public var outcome: KioskCodeOutcome {
        switch self {
        case .opened(let outcome, _), .refused(let outcome): outcome
        }
    }

    /// What `open` returned, when the code opened it.
    public var opened: Value? {
        if case .opened(_, let value) = self { return value }
        return nil
    }
}
