import Analytics
import Foundation
import Store

/// Ending a client's open episode from the dashboard: a reason picked from a short list, then a
/// confirmation. The date is the last session's date (as `rapport client discharge` without
/// `--date`): an episode ends with its last session.
public struct DischargeEntry: Sendable, Equatable {
    /// The episode being closed.
    public var episode: Int
    /// The discharge date.
    public var date: SessionDate
    /// Index into ``reasons``.
    public var reasonIndex: Int
    /// False while choosing the reason; true while asking "end it?".
    public var confirming: Bool
    /// "Saving…" while the store call runs.
    public var notice: String?

    /// The reasons offered, in order.
    public static let reasons = DischargeReason.allCases

    public init(episode: Int, date: SessionDate, reasonIndex: Int = 0) {
        self.episode = episode
        self.date = date
        self.reasonIndex = reasonIndex
        confirming = false
        notice = nil
    }

    /// The chosen reason.
    public var reason: DischargeReason { Self.reasons[min(max(0, reasonIndex), Self.reasons.count - 1)] }

    /// Words for a reason.
    public static func words(_ reason: DischargeReason) -> String {
        switch reason {
        case .completed: "completed"
        case .dropout: "stopped attending"
        case .referred: "referred on"
        case .other: "other"
        }
    }
}

/// The one-line outcome of a closed episode on the dashboard ("Episode 1 ended 2024-05-03
/// (completed): PHQ-9 reliable recovery · GAD-7 no reliable change").
public enum EpisodeLine {
    /// Short words for a class.
    public static func words(_ c: EpisodeClassification?) -> String {
        switch c {
        case .reliableRecovery: "reliable recovery"
        case .recovery: "recovery"
        case .reliableImprovement: "reliable improvement"
        case .reliableDeterioration: "reliably worse"
        case .noReliableChange: "no reliable change"
        case nil: "one score only"
        }
    }

    /// The line for the client's last episode when it is closed; nil while it is open.
    public static func closed(_ analysis: ClientAnalysis, names: (String) -> String) -> String? {
        guard let e = analysis.episodes.last, !e.open, let date = e.discharged else { return nil }
        var line = "Episode \(e.number) ended \(date)"
        if let reason = e.reason { line += " (\(DischargeEntry.words(reason)))" }
        let parts = e.measures.map { "\(names($0.instrument)) \(words($0.classification))" }
        line += parts.isEmpty ? ": no outcome scores" : ": " + parts.joined(separator: " · ")
        return line
    }
}
