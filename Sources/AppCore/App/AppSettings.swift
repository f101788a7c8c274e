/// Clinic settings the flow needs.
public struct AppSettings: Sendable, Equatable {
    /// Seconds without a key before a client's screen is wiped (default 300).
    public var idleSeconds: Int
    /// Whether clients see their own scores at the end (default false).
    public var showScoresToClient: Bool
    /// Seconds the kiosk thank-you screen stays before the welcome screen returns.
    public var thanksSeconds: Int

    /// Creates settings (defaults: 5 minutes idle, no scores for clients, 20 s thank-you).
    public init(idleSeconds: Int = 300, showScoresToClient: Bool = false, thanksSeconds: Int = 20) {
        self.idleSeconds = idleSeconds
        self.showScoresToClient = showScoresToClient
        self.thanksSeconds = thanksSeconds
    }
}
