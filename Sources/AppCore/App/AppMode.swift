/// How the program was started, which decides what happens when a battery ends.
public enum AppMode: Sendable, Equatable {
    /// `rapport rate`: one battery, then the program ends.
    case rate
    /// `rapport kiosk`: a waiting-room loop; leaving needs the therapist passphrase.
    case kiosk
    /// `rapport` alone: the home menu; a battery ends back at the menu.
    case home
}
