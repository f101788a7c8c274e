/// Clinic settings the flow needs.
public struct AppSettings: Sendable, Equatable {
    /// Seconds without a key before a client's screen is wiped (default 300).
    public var idleSeconds: Int
    /// Whether clients see their own scores at the end (default false).
    public var showScoresToClient: Bool
    /// Seconds the kiosk thank-you screen stays before the welcome screen returns.
    public var thanksSeconds: Int
    /// Seconds without a key before a screen that shows earlier answers (the review screen, an
    /// answered item) is replaced by "Are you still there?" (at most ``idleSeconds``).
    public var answersIdleSeconds: Int
    /// Seconds "Are you still there?" waits before the screen is wiped as on the idle timeout.
    public var presenceSeconds: Int
    /// Whether a therapist passphrase is set (client-facing flows and therapist entries need one).
    public var hasPassphrase: Bool
    /// The shell command that sets the passphrase for this data directory ("rapport init", with
    /// `--data-dir` when the program was started with one).
    public var initCommand: String = "rapport init"
    /// The client-facing text in every language that has a string table (English is built in).
    public var strings: StringTables = .builtIn
    /// The language a client sees first (`--lang`, else the locale, else "en"); the kiosk's client
    /// may pick another on the welcome screen, and the next client starts from this one again.
    public var language: String = "en"

    /// Creates settings (defaults: 5 minutes idle, 60 s on screens with earlier answers then 30 s
    /// of "Are you still there?", no scores for clients, 20 s thank-you, a passphrase set).
    public init(
        idleSeconds: Int = 300, showScoresToClient: Bool = false, thanksSeconds: Int = 20,
        answersIdleSeconds: Int = 60, presenceSeconds: Int = 30, hasPassphrase: Bool = true
    ) {
        self.idleSeconds = idleSeconds
        self.showScoresToClient = showScoresToClient
        self.thanksSeconds = thanksSeconds
        self.answersIdleSeconds = answersIdleSeconds
        self.presenceSeconds = presenceSeconds
        self.hasPassphrase = hasPassphrase
    }

    /// Shown in the home menu when an entry needs the therapist passphrase and none is set.
    public var noPassphraseNotice: String {
        "No therapist passphrase is set yet. Quit (q) and run '\(initCommand)' in a shell to set one; then this entry opens."
    }

    /// Idle seconds before "Are you still there?" on a screen showing earlier answers.
    public var answersLimit: Int { min(answersIdleSeconds, idleSeconds) }
    /// Seconds "Are you still there?" stays before the wipe.
    public var presenceLimit: Int { min(presenceSeconds, idleSeconds) }
}
