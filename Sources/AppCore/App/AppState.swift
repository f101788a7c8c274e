import Foundation

/// The whole state of the program: pure data, changed only by ``AppReducer``.
public struct AppState: Sendable, Equatable {
    /// How the program was started.
    public var mode: AppMode
    /// What is on screen.
    public var phase: Phase
    /// Clinic settings for the flow.
    public var settings: AppSettings
    /// Time of the last key (idle timeout counts from here).
    public var lastActivity: Date
    /// The key help is shown over the current screen.
    public var showingHelp: Bool
    /// "Are you still there?" hides a screen that showed earlier answers (any key brings it back).
    public var askingPresence: Bool
    /// A draft or a record could not be saved during this run (`rate` then exits 74).
    public var saveFailed: Bool
    /// Wrong kiosk codes.
    public var codeBackoff: Backoff
    /// Wrong passphrases.
    public var passphraseBackoff: Backoff
    /// The language the client sees now (starts as ``AppSettings/language``).
    public var language: String

    /// Creates a state in `phase`, with the idle clock starting at `now`.
    public init(mode: AppMode, phase: Phase, settings: AppSettings = AppSettings(), now: Date) {
        self.mode = mode
        self.phase = phase
        self.settings = settings
        self.lastActivity = now
        self.showingHelp = false
        self.askingPresence = false
        self.saveFailed = false
        self.codeBackoff = Backoff()
        self.passphraseBackoff = Backoff()
        self.language = settings.language
    }

    /// The client-facing text in the current language.
    public var strings: StringTable { settings.strings.table(for: language) }

    /// The starting state of a mode: the home menu, the kiosk welcome, or (rate) opening.
    public static func start(_ mode: AppMode, settings: AppSettings = AppSettings(), now: Date) -> AppState {
        switch mode {
        case .home: return AppState(mode: mode, phase: .home(selected: 0, notice: nil), settings: settings, now: now)
        case .kiosk: return AppState(mode: mode, phase: .welcome(TextEntry()), settings: settings, now: now)
        case .rate: return AppState(mode: mode, phase: .opening, settings: settings, now: now)
        }
    }

    /// The questionnaire on screen, if any.
    public var questionnaire: Questionnaire? {
        if case .questionnaire(let q) = phase { return q }
        return nil
    }
}
