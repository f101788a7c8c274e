/// A terminal colour: the terminal's default, one of the eight basic ANSI colours,
/// or a 256-colour index with an eight-colour fallback.
public enum Color: Sendable, Hashable {
    /// The terminal's own foreground or background colour.
    case `default`
    /// One of the eight basic ANSI colours, 0–7 (black, red, green, yellow, blue, magenta, cyan, white).
    case basic(UInt8)
    /// A 256-colour palette index, with the basic colour (0–7) to use on eight-colour terminals.
    case indexed(UInt8, fallback: UInt8)

    /// Basic black.
    public static let black = Color.basic(0)
    /// Basic red.
    public static let red = Color.basic(1)
    /// Basic green.
    public static let green = Color.basic(2)
    /// Basic yellow.
    public static let yellow = Color.basic(3)
    /// Basic blue.
    public static let blue = Color.basic(4)
    /// Basic magenta.
    public static let magenta = Color.basic(5)
    /// Basic cyan.
    public static let cyan = Color.basic(6)
    /// Basic white.
    public static let white = Color.basic(7)

    /// The colour number for a terminal in `mode`: -1 for the default colour, nil when colour is off.
    public func number(for mode: ColorMode) -> Int? {
        switch mode {
        case .none:
            return nil
        case .basic:
            switch self {
            case .default: return -1
            case .basic(let n): return Int(n & 7)
            case .indexed(_, let fallback): return Int(fallback & 7)
            }
        case .extended:
            switch self {
            case .default: return -1
            case .basic(let n): return Int(n & 7)
            case .indexed(let n, _): return Int(n)
            }
        }
    }

    /// A short readable name, used in style-run listings (e.g. `blue`, `c214`).
    public var name: String {
        switch self {
        case .default: return "default"
        case .basic(let n):
            let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
            return names[Int(n & 7)]
        case .indexed(let n, _):
            if let known = Palette.okabeItoNames[n] { return known }
            return "c\(n)"
        }
    }
}
