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
        // 4.35 → "4.3", and no trap on any input. Done on the form's bytes: a caseload table
        // formats tens of thousands of numbers.
        var text = abs(v).description
        return text.withUTF8 { form in
            let (digits, count, point) = decimalDigits(form)
            // units = the value × 10^d, truncated: the whole digits, then d fraction digits.
            var units: Int64 = 0
            for k in 0..<(point + d) {
                units = units &* 10 &+ Int64(k < count ? digits[k] : 0)
            }
            if point + d < count, digits[point + d] >= 5 { units += 1 }
            var divisor: Int64 = 1
            for _ in 0..<d { divisor *= 10 }
            let negative = v < 0 && units != 0
            let integer = units / divisor
            var fraction = units % divisor
            var fractionDigits = d
            if !keepZeros {
                while fractionDigits > 0, fraction % 10 == 0 {
                    fraction /= 10
                    fractionDigits -= 1
                }
            }
            // Sign, up to 16 integer digits, point, up to 6 fraction digits.
            return String(unsafeUninitializedCapacity: 24) { out in
                var n = 0
                if negative {
                    out[n] = 0x2D
                    n += 1
                }
                n += writeDigits(integer, minimum: 1, into: out, at: n)
                if fractionDigits > 0 {
                    out[n] = 0x2E
                    n += 1
                    n += writeDigits(fraction, minimum: fractionDigits, into: out, at: n)
                }
                return n
            }
        }
    }

    /// Writes the decimal digits of `value` (≥ 0) at `start`, left-padded with zeros to `minimum`
    /// digits; returns how many bytes it wrote.
    private static func writeDigits(
        _ value: Int64, minimum: Int, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int
    ) -> Int {
        var length = 1
        var rest = value / 10
        while rest > 0 {
            length += 1
            rest /= 10
        }
        length = max(length, minimum)
        var v = value
        for k in stride(from: start + length - 1, through: start, by: -1) {
            out[k] = UInt8(truncatingIfNeeded: v % 10) + 0x30
            v /= 10
        }
        return length
    }

    /// The digits of the shortest decimal form `form` of a value (finite, ≥ 0, < 10¹⁵; Swift's
    /// `description`, exponent form such as `1e-05` or `1.5e+14` included) as numbers 0–9, with the
    /// position of the decimal point among them: `digits[0..<point]` are the whole digits (none:
    /// 0), the rest the fraction. Leading zeros are added when the point falls before the digits;
    /// `count` may be less than `point` (the missing whole digits are zeros).
    private static func decimalDigits(
        _ form: UnsafeBufferPointer<UInt8>
    ) -> (digits: [UInt8], count: Int, point: Int) {
        var mantissa: [UInt8] = []
        mantissa.reserveCapacity(form.count)
        var whole = -1
        var exponent = 0
        var k = 0
        while k < form.count {
            let b = form[k]
            if b == 0x2E {
                whole = mantissa.count
            } else if b == 0x65 || b == 0x45 {
                var negative = false
                k += 1
                if k < form.count, form[k] == 0x2D || form[k] == 0x2B {
                    negative = form[k] == 0x2D
                    k += 1
                }
                while k < form.count {
                    exponent = exponent * 10 + Int(form[k] &- 0x30)
                    k += 1
                }
                if negative { exponent = -exponent }
                break
            } else {
                mantissa.append(b &- 0x30)
            }
            k += 1
        }
        var point = (whole < 0 ? mantissa.count : whole) + exponent
        if point < 0 {
            mantissa.insert(contentsOf: repeatElement(0, count: -point), at: 0)
            point = 0
        }
        return (mantissa, mantissa.count, point)
    }
}
