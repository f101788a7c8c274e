/// What happened when a code was typed at the kiosk.
public enum KioskCodeOutcome: Sendable, Equatable {
    /// The code was valid; it is now used up.
    case accepted(ClientID)
    /// The code was valid and was made to ask today's questionnaires again; it is now used up.
    case acceptedAgain(ClientID)
    /// The code existed but its time ran out (it is now removed).
    case expired
    /// No such code (wrong digits, or already used).
    case unknown
}
