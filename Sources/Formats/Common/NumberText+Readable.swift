import Numbers

extension NumberText {
    /// A number for people: up to two decimals without trailing zeros (``compact(_:decimals:)``),
    /// `—` for none.
    public static func readable(_ value: Double?) -> String {
        guard let value else { return "—" }
        return compact(value)
    }
}
