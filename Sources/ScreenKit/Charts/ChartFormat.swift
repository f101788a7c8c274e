import Numbers

/// Tick choice shared by the charts (numbers are written by `Numbers.NumberText`).
enum ChartFormat {
    /// A tick or cut-off label: `5`, `-3`, `2.5`, `0.33` (`NumberText.compact`).
    static func number(_ v: Double) -> String { NumberText.compact(v) }

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
