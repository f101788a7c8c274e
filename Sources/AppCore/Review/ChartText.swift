import Foundation
import Instruments
import Numbers

/// Number formatting for the review screens and their sentences.
enum ChartText {
    /// `5`, `4.2`, `-0.35` (at most two decimals, no trailing zeros); `—` for nil.
    static func number(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        return NumberText.compact(v)
    }

    /// One decimal (`4.2`, `3.0`) for mean scales, whole numbers for sums.
    static func score(_ v: Double, decimals: Bool) -> String {
        decimals ? NumberText.fixed(v, decimals: 1) : NumberText.compact(v, decimals: 0)
    }

    /// A signed one-decimal difference: `+0.4`, `−1.2`, `0.0`.
    static func signed(_ v: Double) -> String {
        NumberText.signed(v, decimals: 1)
    }
}
