/// How reliable change is judged for an outcome instrument.
public enum ReliableChangeCriterion: Codable, Sendable, Equatable {
    /// A published reliable-change value in raw points (PHQ-9 6, GAD-7 4, CORE-10 6): a change
    /// of at least this many points is reliable.
    case publishedValue(Double)
    /// The Jacobson & Truax (1991) index from the instrument's SD `s1` and test–retest or
    /// internal-consistency reliability `r`: RC = (x2 − x1) / (s1·√2·√(1 − r)); reliable when
    /// |RC| > `z` (default 1.96).
    case index(sd: Double, reliability: Double, z: Double)

    /// The Jacobson & Truax index with the conventional z = 1.96.
    public static func index(sd: Double, reliability: Double) -> ReliableChangeCriterion {
        .index(sd: sd, reliability: reliability, z: 1.96)
    }

    /// The smallest change in raw points that is reliable: the published value, or
    /// `z·s1·√2·√(1 − r)` (a change must exceed it strictly for the index).
    public var thresholdPoints: Double? {
        switch self {
        case .publishedValue(let v): return v > 0 ? v : nil
        case .index(let sd, let r, let z):
            guard sd > 0, r < 1, z > 0 else { return nil }
            return z * standardErrorOfDifference(sd: sd, reliability: r)
        }
    }
}

/// The standard error of the difference `s1·√2·√(1 − r)` (Jacobson & Truax 1991).
func standardErrorOfDifference(sd: Double, reliability: Double) -> Double {
    sd * 2.0.squareRoot() * (1 - reliability).squareRoot()
}

/// A client's outcome status, from best to worst.
public enum OutcomeStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// Reliably improved and moved from the clinical to the non-clinical range.
    case recovered
    /// Reliably improved, without crossing the cutoff (or no cutoff known).
    case reliablyImproved
    /// The change is within measurement noise.
    case noReliableChange
    /// Reliably worse.
    case reliablyDeteriorated

    /// The words shown to the therapist.
    public var therapistWording: String {
        switch self {
        case .recovered: "recovered (reliable improvement, now below the clinical cutoff)"
        case .reliablyImproved: "reliably improved"
        case .noReliableChange: "no reliable change"
        case .reliablyDeteriorated: "reliably worse — worth reviewing the plan together"
        }
    }
}

/// The outcome change of one client between two administrations.
public struct OutcomeChangeResult: Codable, Sendable, Equatable {
    /// The earlier score.
    public var pre: Double
    /// The later score.
    public var post: Double
    /// `post − pre` in raw points.
    public var change: Double
    /// The Jacobson & Truax index, when the instrument supplies s1 and r.
    public var index: Double?
    /// Whether the change is reliable (in either direction).
    public var reliable: Bool
    /// Whether the pre score was in the clinical range (`nil` without a cutoff).
    public var preClinical: Bool?
    /// Whether the post score is in the clinical range (`nil` without a cutoff).
    public var postClinical: Bool?
    /// The status.
    public var status: OutcomeStatus
}

/// Reliable and clinically significant change (Jacobson & Truax 1991). (Named `OutcomeChange`
/// so as not to clash with `Instruments.ReliableChange`, the instrument file's field.)
public enum OutcomeChange {
    /// The Jacobson & Truax reliable change index RC = (x2 − x1) / (s1·√2·√(1 − r)); `nil` for
    /// a non-positive SD or a reliability of 1 or more.
    public static func index(pre: Double, post: Double, sd: Double, reliability: Double) -> Double? {
        guard sd > 0, reliability < 1 else { return nil }
        return (post - pre) / standardErrorOfDifference(sd: sd, reliability: reliability)
    }

    /// Classifies a pre → post change.
    ///
    /// - Parameters:
    ///   - criterion: the published value or the index parameters.
    ///   - cutoff: the clinical cutoff; a score is clinical when it is at or above the cutoff
    ///     (or at or below it when `higherIsBetter`). `nil` means "recovered" is never given.
    ///   - higherIsBetter: `false` for symptom measures (PHQ-9, GAD-7, CORE-10).
    /// - Returns: `nil` if the criterion is unusable (non-positive value or SD, r ≥ 1).
    ///
    /// Edges: with a published value a change of exactly that many points is reliable
    /// (the NHS Talking Therapies convention "6 points or more"); with the index, |RC| must
    /// exceed z (Jacobson & Truax: "RC larger than 1.96").
    public static func classify(
        pre: Double,
        post: Double,
        criterion: ReliableChangeCriterion,
        cutoff: Double?,
        higherIsBetter: Bool = false
    ) -> OutcomeChangeResult? {
        guard pre.isFinite, post.isFinite else { return nil }
        let change = post - pre
        let rc: Double?
        let reliable: Bool
        switch criterion {
        case .publishedValue(let value):
            guard value > 0 else { return nil }
            rc = nil
            reliable = abs(change) >= value - 1e-9 * Swift.max(1, value)
        case .index(let sd, let r, let z):
            guard let i = index(pre: pre, post: post, sd: sd, reliability: r), z > 0 else { return nil }
            rc = i
            reliable = abs(i) > z
        }
        let improvement = higherIsBetter ? change : -change
        func clinical(_ score: Double) -> Bool? {
            guard let cutoff else { return nil }
            return higherIsBetter ? score <= cutoff : score >= cutoff
        }
        let preClinical = clinical(pre)
        let postClinical = clinical(post)
        let status: OutcomeStatus
        if reliable && improvement > 0 {
            status = (preClinical == true && postClinical == false) ? .recovered : .reliablyImproved
        } else if reliable && improvement < 0 {
            status = .reliablyDeteriorated
        } else {
            status = .noReliableChange
        }
        return OutcomeChangeResult(
            pre: pre, post: post, change: change, index: rc, reliable: reliable,
            preClinical: preClinical, postClinical: postClinical, status: status
        )
    }

    /// Classifies the change from the first to the last observed point of an outcome series;
    /// `nil` with fewer than two observed sessions.
    public static func classify(
        series: [SeriesPoint],
        criterion: ReliableChangeCriterion,
        cutoff: Double?,
        higherIsBetter: Bool = false
    ) -> OutcomeChangeResult? {
        let points = series.observed
        guard points.count >= 2, let first = points.first, let last = points.last else { return nil }
        return classify(
            pre: first.value, post: last.value, criterion: criterion, cutoff: cutoff,
            higherIsBetter: higherIsBetter)
    }
}
