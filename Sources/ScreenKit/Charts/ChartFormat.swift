/// Number formatting and tick choice shared by the charts.
enum ChartFormat {
    /// A compact number: `5`, `-3`, `2.5`, `0.33` (at most two decimals, no trailing zeros).
    static func number(_ v: Double) -> String {
        guard v.isFinite else { return "?" }
        let rounded = v.rounded()
        if abs(v - rounded) < 1e-9, abs(rounded) < 1e15 { return String(Int(rounded)) }
        let hundredths = (v * 100).rounded()
        guard abs(hundredths) < 1e15 else { return String(v) }
        let h = Int(hundredths)
        let sign = h < 0 ? "-" : ""
        let a = abs(h)
        var frac = String(a % 100)
        if frac.count == 1 { frac = "0" + frac }
        while frac.hasSuffix("0") { frac.removeLast() }
        return frac.isEmpty ? "\(sign)\(a / 100)" : "\(sign)\(a / 100).\(frac)"
    }

    /// Step candidates for ticks: 1, 2, 5, 10, 20, 25, 50, 100, …
    static let niceSteps: [Int] = makeNiceSteps()

    private static func makeNiceSteps() -> [Int] {
        var steps: [Int] = []
        var base = 1
        while base <= 100_000_000 {
            steps.append(contentsOf: [base, base * 2, base * 5 / 2, base * 5])
            base *= 10
        }
        return steps.filter { $0 > 0 }.reduce(into: [Int]()) { acc, s in
            if acc.last.map({ s > $0 }) ?? true { acc.append(s) }
        }
    }

    /// The smallest nice step whose spacing (`perUnit` × step) is at least `minimum`.
    static func step(perUnit: Double, minimum: Double) -> Int {
        guard perUnit > 0, perUnit.isFinite else { return 1 }
        for s in niceSteps where Double(s) * perUnit >= minimum {
            return s
        }
        return 100_000_000
    }
}
