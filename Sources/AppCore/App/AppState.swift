import Foundation
import Instruments
import Store

/// How the program was started, which decides what happens when a battery ends.
public enum AppMode: Sendable, Equatable {
    /// `rapport rate`: one battery, then the program ends.
    case rate
    /// `rapport kiosk`: a waiting-room loop; leaving needs the therapist passphrase.
    case kiosk
    /// `rapport` alone: the home menu; a battery ends back at the menu.
    case home
}

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

/// A one-line text field with an optional notice under it (client id, kiosk code, passphrase).
public struct TextEntry: Sendable, Equatable {
    /// What was typed so far.
    public var text: String
    /// A short message for the person typing (an error, a wait).
    public var notice: String?

    /// Creates a field holding `text`, with an optional notice.
    public init(text: String = "", notice: String? = nil) {
        self.text = text
        self.notice = notice
    }
}

/// The end-of-battery screen.
public struct Farewell: Sendable, Equatable {
    /// A risk item was answered above its threshold: say, calmly, that the therapist will talk
    /// with the client today.
    public var riskFlagged: Bool
    /// Primary scores, only when the clinic shows scores to clients.
    public var scores: [SubmittedScore]

    /// Creates the end-of-battery content.
    public init(riskFlagged: Bool, scores: [SubmittedScore]) {
        self.riskFlagged = riskFlagged
        self.scores = scores
    }
}

/// A full-screen message with a title (e.g. "the review screens are coming").
public struct Notice: Sendable, Equatable {
    /// Shown in the title row.
    public var title: String
    /// The message, wrapped and centred.
    public var text: String

    /// Creates a notice.
    public init(title: String, text: String) {
        self.title = title
        self.text = text
    }
}

/// What is on screen.
public enum Phase: Sendable, Equatable {
    /// The home menu with the highlighted entry.
    case home(selected: Int, notice: String?)
    /// Asking the therapist for a client id (and who rates).
    case clientPrompt(TextEntry, rater: Rater)
    /// Kiosk welcome: asks for the one-time code.
    case welcome(TextEntry)
    /// Kiosk: asks for the therapist passphrase before leaving.
    case unlock(TextEntry)
    /// Waiting for a battery to open.
    case opening
    /// Filling in a battery.
    case questionnaire(Questionnaire)
    /// Thank-you screen after a battery.
    case thanks(Farewell)
    /// A message; any key goes on (home menu, or quits in rate mode).
    case message(Notice)
}

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

/// Slows down wrong tries: after the second wrong try in a row, each further try must wait
/// 2, 4, 8 … seconds (at most a minute). A right try resets it.
public struct Backoff: Sendable, Equatable {
    /// Wrong tries in a row.
    public var failures: Int
    /// No try is checked before this time.
    public var lockedUntil: Date?

    /// Creates a backoff (default: no wrong tries yet).
    public init(failures: Int = 0, lockedUntil: Date? = nil) {
        self.failures = failures
        self.lockedUntil = lockedUntil
    }

    /// Whole seconds still to wait at `now` (0: may try).
    public func secondsToWait(at now: Date) -> Int {
        guard let until = lockedUntil, until > now else { return 0 }
        return Int(until.timeIntervalSince(now).rounded(.up))
    }

    /// Records a wrong try at `now`.
    public mutating func recordFailure(at now: Date) {
        failures += 1
        let delay = failures < 2 ? 0 : min(60, 1 << min(failures - 1, 6))
        lockedUntil = delay > 0 ? now.addingTimeInterval(TimeInterval(delay)) : nil
    }

    /// Records a right try.
    public mutating func reset() {
        failures = 0
        lockedUntil = nil
    }
}

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
    /// Wrong kiosk codes.
    public var codeBackoff: Backoff
    /// Wrong passphrases.
    public var passphraseBackoff: Backoff

    /// Creates a state in `phase`, with the idle clock starting at `now`.
    public init(mode: AppMode, phase: Phase, settings: AppSettings = AppSettings(), now: Date) {
        self.mode = mode
        self.phase = phase
        self.settings = settings
        self.lastActivity = now
        self.showingHelp = false
        self.codeBackoff = Backoff()
        self.passphraseBackoff = Backoff()
    }

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
