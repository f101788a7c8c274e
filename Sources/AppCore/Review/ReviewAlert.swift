import Analytics
import Foundation

/// One alert on the caseload list and the client dashboard: something worth a look, in the
/// words shown to the therapist. Never a diagnosis.
///
/// Ruptures, deterioration, gap, divergence and ceiling come from ``Analytics/CaseloadAlerts``;
/// risk items come from the summary; low and falling alliance come from ``AllianceTrend``;
/// "outcome not improving" reads the outcome classification of ``Analytics/ClientAnalysis``.
public struct ReviewAlert: Codable, Sendable, Equatable {
    /// What kind of alert, most urgent first.
    public enum Kind: String, Codable, Sendable, Equatable, CaseIterable, Comparable {
        /// A risk item was answered above its threshold (until a therapist acknowledges it).
        case risk
        /// A risk item was left unanswered (until a therapist acknowledges it).
        case riskNotAnswered
        /// A possible rupture still open at the last session (unrepaired).
        case possibleRupture
        /// The outcome got reliably worse.
        case reliableDeterioration
        /// An outcome is off its expected-recovery band with persistence (or reliably worse) in the
        /// open episode: not on track yet.
        case notOnTrack
        /// The latest client-rated alliance is low.
        case lowAlliance
        /// The client-rated alliance has been falling over the last sessions.
        case fallingAlliance
        /// Client and therapist see the alliance differently.
        case largeGap
        /// No reliable improvement after several sessions.
        case outcomeNotImproving
        /// The client's alliance subscales diverge.
        case subscaleDivergence
        /// Top score every time.
        case ceiling

        /// Kinds sort in declaration (severity) order.
        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rank < rhs.rank }

        /// 0 for the most urgent kind.
        public var rank: Int { Kind.allCases.firstIndex(of: self) ?? 0 }

        /// A short label for the caseload's alerts column and the filter.
        public var label: String {
            switch self {
            case .risk: "risk"
            case .riskNotAnswered: "risk unanswered"
            case .possibleRupture: "rupture"
            case .reliableDeterioration: "worse"
            case .notOnTrack: "not on track"
            case .lowAlliance: "low"
            case .fallingAlliance: "falling"
            case .largeGap: "gap"
            case .outcomeNotImproving: "stuck"
            case .subscaleDivergence: "diverge"
            case .ceiling: "ceiling"
            }
        }

        /// The analytics alert kind this corresponds to, if any.
        init(_ kind: CaseloadAlert.Kind) {
            switch kind {
            case .risk: self = .risk
            case .riskNotAnswered: self = .riskNotAnswered
            case .possibleRupture: self = .possibleRupture
            case .reliableDeterioration: self = .reliableDeterioration
            case .largeGap: self = .largeGap
            case .subscaleDivergence: self = .subscaleDivergence
            case .ceiling: self = .ceiling
            }
        }
    }

    /// The kind.
    public var kind: Kind
    /// The session it refers to, if any.
    public var session: Int?
    /// The words shown to the therapist.
    public var wording: String
    /// Who rated it, for a rupture ("client, therapist"); nil otherwise.
    public var raters: String?
    /// The measure it is about ("PHQ-9", "PHQ-9+GAD-7"), for not on track; nil otherwise.
    public var measure: String?

    /// Creates an alert.
    public init(kind: Kind, session: Int?, wording: String, raters: String? = nil, measure: String? = nil) {
        self.kind = kind
        self.session = session
        self.wording = wording
        self.raters = raters
        self.measure = measure
    }

    /// The kind's label with the measure, if any ("not on track PHQ-9").
    public var labelText: String {
        measure.map { "\(kind.label) \($0)" } ?? kind.label
    }

    /// The label with the measure's short name ("not on track PHQ+GAD"), for narrow columns.
    public var compactLabel: String {
        guard let measure else { return kind.label }
        let short = measure.split(separator: "+").map { $0.split(separator: "-").first.map(String.init) ?? String($0) }
        return "\(kind.label) \(short.joined(separator: "+"))"
    }

    /// "risk s12", "rupture s10 (client, therapist)", "not on track PHQ-9 s6" style short text.
    public var shortText: String {
        let base = labelText + sessionSuffix
        return raters.map { "\(base) (\($0))" } ?? base
    }

    /// The short text with the raters as initials ("rupture s10 (C+T)") and the measure's short
    /// name ("not on track PHQ s6"), for narrow columns.
    public var compactText: String {
        let base = compactLabel + sessionSuffix
        guard let raters else { return base }
        let initials = raters.split(separator: ",").compactMap { $0.trimmingCharacters(in: .whitespaces).first }
        return "\(base) (\(initials.map { String($0).uppercased() }.joined(separator: "+")))"
    }

    /// What follows the kind's label in ``bareText``: " s10", or "" without a session.
    public var sessionSuffix: String { session.map { " s\($0)" } ?? "" }

    /// The kind and session alone ("rupture s10", "not on track s6"), for the narrowest columns.
    public var bareText: String { kind.label + sessionSuffix }
}
