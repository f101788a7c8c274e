/// A session at which subscales of one alliance measure disagree (e.g. bond high, goal low).
public struct SubscaleDivergence: Codable, Sendable, Equatable {
    /// The session.
    public var session: Int
    /// The highest subscale at that session.
    public var highest: String
    /// Its score.
    public var highestValue: Double
    /// The lowest subscale at that session.
    public var lowest: String
    /// Its score.
    public var lowestValue: Double
    /// `highestValue − lowestValue`.
    public var difference: Double

    /// The words shown to the therapist, e.g. "bond high, goal low — worth talking about goals".
    public var therapistWording: String {
        "\(highest) high, \(lowest) low — worth talking about \(lowest)"
    }

    /// The default threshold on a 1–5 mean-score scale (a design choice: one full scale step).
    public static let defaultThreshold = 1.0

    /// Every session at which the highest and lowest of the subscales observed in that session
    /// (at least two) differ by at least `threshold`. Subscales are compared by name in sorted
    /// order, so ties resolve the same way every time.
    public static func detect(
        in subscales: [String: [SeriesPoint]], threshold: Double = defaultThreshold
    ) -> [SubscaleDivergence] {
        var bySession: [Int: [(String, Double)]] = [:]
        for name in subscales.keys.sorted() {
            for point in subscales[name, default: []].observed {
                bySession[point.session, default: []].append((name, point.value))
            }
        }
        var found: [SubscaleDivergence] = []
        for session in bySession.keys.sorted() {
            let scores = bySession[session, default: []]
            guard scores.count >= 2 else { continue }
            var high = scores[0]
            var low = scores[0]
            for score in scores.dropFirst() {
                if score.1 > high.1 { high = score }
                if score.1 < low.1 { low = score }
            }
            let difference = high.1 - low.1
            guard difference > 0, difference >= threshold - 1e-9 * Swift.max(1, threshold) else { continue }
            found.append(
                SubscaleDivergence(
                    session: session, highest: high.0, highestValue: high.1, lowest: low.0,
                    lowestValue: low.1, difference: difference))
        }
        return found
    }
}
