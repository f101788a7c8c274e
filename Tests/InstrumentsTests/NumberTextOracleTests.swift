import Numbers
import TestSupport
import Testing

/// `NumberText` rounds on the bytes of a value's shortest decimal form. This suite keeps the
/// earlier, String-based version of that rounding as an oracle and compares the two on seeded
/// values of every magnitude the formatter takes, both zero rules and every number of decimals.
@Suite("Number text against the String-based oracle")
struct NumberTextOracleTests {
    /// The String-based rounding `NumberText` used before 2026-12-01, for finite values below the
    /// scientific-notation limit (the only ones that reach it).
    static func oracle(_ v: Double, decimals d: Int, keepZeros: Bool) -> String {
        let text = "\(abs(v))"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var wholePart = mantissa
        var fractionPart = Substring("")
        if let dot = mantissa.firstIndex(of: ".") {
            wholePart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var all = String(wholePart) + String(fractionPart)
        var point = wholePart.count + exponent
        if point < 0 {
            all = String(repeating: "0", count: -point) + all
            point = 0
        }
        if point > all.count { all += String(repeating: "0", count: point - all.count) }
        let split = all.index(all.startIndex, offsetBy: point)
        let w = String(all[..<split])
        let whole = w.isEmpty ? "0" : w
        let fraction = String(all[split...])
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

    @Test("the byte-based rounding equals the String-based one on 20,000 seeded values")
    func matchesTheOracle() {
        let seed: UInt64 = 20_261_201
        var rng = SeededGenerator(seed: seed)
        var checked = 0
        var mismatches: [String] = []
        // Values people see (scores, SDs, ratios), halves and near-halves, tiny values written with
        // an exponent (1e-05), large ones near the limit, negative and zero.
        let fixedValues: [Double] = [
            0, -0.0, 0.5, 1.5, 2.5, -2.5, 4.35, 2.998, 0.125, 0.005, 0.0049999, 1e-05, 1.5e-07, 9.9999999e-07,
            123_456_789.125, 99_999_999_999_999.9, 1.5e14, 3.8333333333333335, -0.004, .leastNonzeroMagnitude,
        ]
        for i in 0..<20_000 {
            let v: Double
            switch i % 4 {
            case 0: v = i / 4 < fixedValues.count ? fixedValues[i / 4] : Double.random(in: -5...5, using: &rng)
            case 1: v = (Double(Int.random(in: -100_000...100_000, using: &rng)) / 1000)  // three decimals, halves
            case 2: v = Double.random(in: -1...1, using: &rng) * pow10(Int.random(in: -9...14, using: &rng))
            default: v = Double(bitPattern: rng.next() & 0x7FFF_FFFF_FFFF_FFFF | (rng.next() & (1 << 63)))
            }
            for d in 0...6 {
                var limit: Double = 1e15
                for _ in 0..<d { limit /= 10 }
                guard v.isFinite, abs(v) < limit else { continue }
                let compact = NumberText.compact(v, decimals: d)
                let fixed = NumberText.fixed(v, decimals: d)
                if compact != Self.oracle(v, decimals: d, keepZeros: false) { mismatches.append("compact(\(v), \(d))") }
                if fixed != Self.oracle(v, decimals: d, keepZeros: true) { mismatches.append("fixed(\(v), \(d))") }
                checked += 1
            }
        }
        #expect(checked > 50_000)
        let count = mismatches.count
        #expect(count == 0, "seed \(seed): \(mismatches.prefix(10))")
    }

    private func pow10(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<abs(e) { r *= 10 }
        return e < 0 ? 1 / r : r
    }
}
