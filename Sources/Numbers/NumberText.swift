import Foundation

/// Numbers as rapport writes them for people (sentences, tables, charts, `analyze`, `score`) and for
/// machines (CSV, JSON): the one number formatter of the project. Its own module so that both the
/// model layer (`Instruments`) and the terminal layer (`ScreenKit`) use it without depending on each
/// other.
///
/// Rules, for every function:
/// - rounding is of the value's shortest decimal form (the digits `print` shows), to nearest with
///   halves away from zero (`2.998` → `3`, `4.35` → `4.4` at one decimal, `0.125` → `0.13`);
/// - a value that rounds to zero never shows a minus sign (`-0.004` → `0`, never `-0` or `-0.`);
/// - a value too large for the requested decimals (|v| · 10^decimals ≥ 10^15) is written in
///   scientific notation with 6 significant digits (`1e+20`, `1.23457e+20`) instead of trapping;
/// - ∞ and NaN are written `inf`, `-inf` and `nan` in text and never reach JSON (``json(_:)``).
public enum NumberText {
    /// `5`, `4.2`, `-0.35`: at most `decimals` decimals (default 2), trailing zeros dropped.
    public static func compact(_ v: Double, decimals: Int = 2) -> String {
        format(v, decimals: decimals, keepZeros: false)
    }

    /// `3.0`, `-1.25`: exactly `decimals` decimals.
    public static func fixed(_ v: Double, decimals: Int) -> String {
        format(v, decimals: decimals, keepZeros: true)
    }

    /// `+0.4`, `−1.2`, `0.0`: exactly `decimals` decimals with a sign, none when it rounds to zero.
    /// `minus` is the minus sign (U+2212 in screen text; ASCII `-` where a glyph set needs it).
    public static func signed(_ v: Double, decimals: Int = 1, minus: String = "\u{2212}") -> String {
        let body = fixed(abs(v), decimals: decimals)
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? minus : "+") + "inf" }
        if fixed(0, decimals: decimals) == body { return body }
        return (v < 0 ? minus : "+") + body
    }

    /// The exact value for data files (CSV): whole numbers without `.0` (`13`, `-2`), others with
    /// Swift's shortest round-trip form (`3.8333333333333335`, `1e+20`); nil when not finite.
    public static func exact(_ v: Double) -> String? {
        guard v.isFinite else { return nil }
        if v == v.rounded(), abs(v) < 1e15 { return v == 0 ? "0" : String(Int64(v)) }
        return "\(v)"
    }

    /// A JSON number: ``exact(_:)``, or `null` when not finite (JSON has no ∞ or NaN).
    public static func json(_ v: Double?) -> String {
        guard let v, let text = exact(v) else { return "null" }
        return text
    }

    private static func format(_ v: Double, decimals: Int, keepZeros: Bool) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        let d = max(0, min(decimals, 6))
        var limit: Double = 1e15
        for _ in 0..<d { limit /= 10 }
        guard abs(v) < limit else { return String(format: "%.6g", v) }
        // Round the shortest decimal form of the value (what `print` shows, e.g. "4.35" for the
        // double nearest 4.35), halves away from zero, digit by digit: no binary surprises such as
        // 4.35 → "4.3", and no trap on any input.
        let (whole, fraction) = decimalDigits(abs(v))
        var digits = whole + String(fraction.prefix(d))
        digits += String(repeating: "0", count: d - min(d, fraction.count))
        var units = Int64(digits) ?? 0
        if fraction.count > d, let next = fraction[fraction.index(fraction.startIndex, offsetBy: d)].wholeNumberValue,
            next >= 5
        {
            units += 1
        }
        var divisor: Int64 = 1
        for _ in 0..<d { divisor *= 10 }
        let sign = v < 0 && units != 0 ? "-" : ""
        let integer = String(units / divisor)
        guard d > 0 else { return sign + integer }
        var frac = String(units % divisor)
        while frac.count < d { frac = "0" + frac }
        if !keepZeros {
            while frac.hasSuffix("0") { frac.removeLast() }
        }
        return frac.isEmpty ? sign + integer : sign + integer + "." + frac
    }

    /// The integer and fraction digits of the shortest decimal form of `v` (finite, ≥ 0, < 10¹⁵),
    /// with Swift's exponent form (`1e-05`, `1.5e+14`) written out.
    private static func decimalDigits(_ v: Double) -> (whole: String, fraction: String) {
        let text = "\(v)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var whole = mantissa
        var fraction = Substring("")
        if let dot = mantissa.firstIndex(of: ".") {
            whole = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(whole) + String(fraction)
        var point = whole.count + exponent
        if point < 0 {
            all = String(repeating: "0", count: -point) + all
            point = 0
        }
        if point > all.count { all += String(repeating: "0", count: point - all.count) }
        let split = all.index(all.startIndex, offsetBy: point)
        let w = String(all[..<split])
        return (w.isEmpty ? "0" : w, String(all[split...]))
    }
}
