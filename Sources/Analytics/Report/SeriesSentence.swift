import Instruments
import Numbers

/// One plain sentence that says what changed in a set of per-session series of no known
/// instrument: the sentence under a `rapport chart --csv` chart.
///
/// The review screens word their sentences from the instrument and the rupture rules
/// (``RuptureDetector``); a CSV has neither, so this reads the shape of the lines alone, with
/// thresholds relative to the chart's y span:
///
/// 1. A **dip**: the deepest fall to a point from the highest of the up to three observed points
///    before it, when it is at least `dipShare` (15 %) of the span and is either sudden (one step
///    that large) or comes back (a steady decline is a change, below). "goal fell from 4.2 to 1 at
///    session 30 and came back by session 32" — back means within `backShare` (5 %) of the span
///    of the level before the fall; otherwise "has stayed lower since" (with the latest value
///    when it is later than the low point) — neutral, since a CSV does not say whether a fall is
///    good news (a symptom score) or bad (an alliance score).
/// 2. Otherwise the largest **overall change** from a series' first to its last observed point,
///    when it is at least `changeShare` (10 %) of the span: "task rose from 3.1 at session 1 to
///    3.8 at session 50".
/// 3. Otherwise: every series ended within that distance of where it began ("stayed level").
///
/// With two or more series, the one lowest at the latest session they share is named when it is
/// clearly lowest (by at least 2 % of the span). Numbers show at most two decimals.
public enum SeriesSentence {
    /// One named series; `points` in session order (missing values as `nil`).
    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [SeriesPoint]

        /// Creates a series.
        public init(name: String, points: [SeriesPoint]) {
            self.name = name
            self.points = points
        }
    }

    /// A series' observed points (a struct, not a tuple: tuple metadata is built at run time, a
    /// cost at `rapport chart` start-up).
    struct Observed {
        var name: String
        var points: [ObservedPoint]
    }

    /// A fall counts as a dip from this share of the y span.
    public static let dipShare = 0.15
    /// A series has come back when it is within this share of the span of its level before the dip.
    public static let backShare = 0.05
    /// A first-to-last change is worth a sentence from this share of the span.
    public static let changeShare = 0.10

    /// The sentence for `series` drawn on a y scale of `span` (top minus bottom; the data range
    /// when ≤ 0).
    public static func sentence(_ series: [Series], span: Double) -> String {
        let observed = series.map { Observed(name: $0.name, points: $0.points.observed) }.filter { !$0.points.isEmpty }
        guard !observed.isEmpty else { return "No values to chart yet." }
        let scale = effectiveSpan(span, observed.flatMap { $0.points.map(\.value) })
        let label = { (name: String) in displayName(name) }
        var sentence: String
        if observed.allSatisfy({ $0.points.count == 1 }) {
            let s = observed[0]
            sentence = "\(label(s.name)) was \(number(s.points[0].value)) at session \(s.points[0].session)"
            if observed.count == 1 { sentence += " (one value so far)" }
        } else if let dip = deepestDip(observed, minimum: dipShare * scale, back: backShare * scale) {
            let s = observed[dip.series]
            sentence =
                "\(label(s.name)) fell from \(number(dip.before)) to \(number(dip.low.value)) at session \(dip.low.session)"
            let after = s.points.filter { $0.session > dip.low.session }
            if let back = after.first(where: { $0.value >= dip.before - backShare * scale }) {
                sentence += " and came back by session \(back.session)"
            } else if let last = after.last {
                // Neutral: a CSV does not say whether lower is better (a symptom score) or worse.
                sentence += " and has stayed lower since (\(number(last.value)) at session \(last.session))"
            }
        } else if let change = largestChange(observed), abs(change.delta) >= changeShare * scale {
            let s = observed[change.series]
            let first = s.points[0]
            let last = s.points[s.points.count - 1]
            sentence =
                "\(label(s.name)) \(change.delta > 0 ? "rose" : "fell") from \(number(first.value)) at session "
                + "\(first.session) to \(number(last.value)) at session \(last.session)"
        } else {
            let within = number(changeShare * scale)
            sentence =
                observed.count == 1
                ? "\(label(observed[0].name)) stayed level (ended within \(within) of where it began)"
                : "Every series stayed level (each ended within \(within) of where it began)"
        }
        if let lowest = lowestAtLatestShared(observed, margin: 0.02 * scale) {
            sentence += "; \(label(lowest.name)) is the lowest at session \(lowest.session)"
        }
        if let first = sentence.first, first.isLowercase {
            sentence = first.uppercased() + String(sentence.dropFirst())
        }
        return sentence + "."
    }

    /// A series name as the sentence writes it: as given in the CSV header, except that a
    /// lower-case code — a name with a digit (`phq-9`, `gad7`) or a run of two or more letters
    /// without a vowel (`phq`) — is written in capitals (`PHQ-9`, `GAD7`, `PHQ`), so it is not
    /// turned into "Phq-9" at the start of the sentence. Words (`goal`) get a capital only there.
    public static func displayName(_ name: String) -> String {
        if name.isEmpty { return "The series" }
        guard !name.contains(where: \.isUppercase) else { return name }
        let noVowel = name.count >= 2 && name.allSatisfy { $0.isLetter && !"aeiouy".contains($0) }
        return name.contains(where: \.isNumber) || noVowel ? name.uppercased() : name
    }

    /// `span` when positive, else the data range, else 1.
    static func effectiveSpan(_ span: Double, _ values: [Double]) -> Double {
        if span > 0, span.isFinite { return span }
        let range = (values.max() ?? 0) - (values.min() ?? 0)
        return range > 0 ? range : 1
    }

    /// The deepest fall, over all series, to a point from the highest of the three observed points
    /// before it; `nil` when none reaches `minimum`. A fall counts when it is sudden (one step of at
    /// least `minimum`) or comes back (a later point within `back` of the level before it): a
    /// steady decline is a change, worded as one, not a dip. Ties go to the earlier series, then
    /// session.
    static func deepestDip(
        _ observed: [Observed], minimum: Double, back: Double
    ) -> (series: Int, before: Double, low: ObservedPoint)? {
        var best: (series: Int, before: Double, low: ObservedPoint)?
        var bestDepth = minimum
        for (index, s) in observed.enumerated() where s.points.count >= 2 {
            let p = s.points
            for k in 1..<p.count {
                let start = max(0, k - 3)
                var before = -Double.infinity
                for j in start..<k where p[j].value > before { before = p[j].value }
                let depth = before - p[k].value
                guard depth >= bestDepth && (best == nil || depth > bestDepth) else { continue }
                let sudden = (start..<k).contains { p[$0].value - p[$0 + 1].value >= minimum }
                let cameBack = p[(k + 1)...].contains { $0.value >= before - back }
                guard sudden || cameBack else { continue }
                bestDepth = depth
                best = (index, before, p[k])
            }
        }
        return best
    }

    /// The series whose last observed value is furthest from its first.
    static func largestChange(
        _ observed: [Observed]
    ) -> (series: Int, delta: Double)? {
        var best: (series: Int, delta: Double)?
        for (index, s) in observed.enumerated() where s.points.count >= 2 {
            let delta = s.points[s.points.count - 1].value - s.points[0].value
            if best == nil || abs(delta) > abs(best!.delta) { best = (index, delta) }
        }
        return best
    }

    /// The series lowest at the latest session observed in at least two series, when it is below
    /// every other series observed there by at least `margin`.
    static func lowestAtLatestShared(
        _ observed: [Observed], margin: Double
    ) -> (name: String, session: Int)? {
        guard observed.count >= 2 else { return nil }
        // The latest session seen in two or more series (points are in session order).
        var session: Int?
        for (i, s) in observed.enumerated() {
            for p in s.points.reversed() {
                if let found = session, p.session <= found { break }
                let shared = observed.indices.contains { j in j != i && contains(observed[j].points, p.session) }
                if shared {
                    session = p.session
                    break
                }
            }
        }
        guard let session else { return nil }
        // The lowest value there and the next one up (ties make the second equal to the lowest).
        var lowest: Int?
        var lowestValue = Double.infinity
        var secondValue = Double.infinity
        for (i, s) in observed.enumerated() {
            guard let p = s.points.last(where: { $0.session == session }) else { continue }
            if p.value < lowestValue {
                secondValue = lowestValue
                lowestValue = p.value
                lowest = i
            } else if p.value < secondValue {
                secondValue = p.value
            }
        }
        guard let lowest, secondValue.isFinite, secondValue - lowestValue >= margin else { return nil }
        return (displayName(observed[lowest].name), session)
    }

    /// Whether `points` (in increasing session order) has a point at `session`: a binary search.
    static func contains(_ points: [ObservedPoint], _ session: Int) -> Bool {
        var lo = 0
        var hi = points.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if points[mid].session == session { return true }
            if points[mid].session < session { lo = mid + 1 } else { hi = mid - 1 }
        }
        return false
    }

    /// `4`, `4.2`, `-0.35`: at most two decimals (``NumberText/compact(_:)``).
    static func number(_ v: Double) -> String { NumberText.compact(v) }
}
