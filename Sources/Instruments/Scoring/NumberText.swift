/// Numbers as the sentences and tables of rapport write them.
public enum NumberText {
    /// `5`, `4.2`, `-0.35`: rounded to two decimals, trailing zeros dropped. Values too large for
    /// that (|v| ≥ 10¹²) and non-finite ones use Swift's own description.
    public static func compact(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e12 else { return "\(v)" }
        let hundredths = Int((v * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let a = abs(hundredths)
        var fraction = String(a % 100)
        if fraction.count == 1 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(sign)\(a / 100)" : "\(sign)\(a / 100).\(fraction)"
    }
}
