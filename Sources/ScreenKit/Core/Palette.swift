/// Colour-blind-safe colours (Okabe & Ito, 2008), as 256-colour indexes with eight-colour fallbacks.
///
/// Series colours come from ``Palette/series``, in an order that keeps neighbouring series
/// distinguishable for the common forms of colour blindness. Never rely on colour alone:
/// charts also use markers and small multiples.
public enum Palette {
    /// Okabe–Ito orange (#E69F00) ≈ xterm 178.
    public static let orange = Color.indexed(178, fallback: 3)
    /// Okabe–Ito sky blue (#56B4E9) ≈ xterm 75.
    public static let skyBlue = Color.indexed(75, fallback: 6)
    /// Okabe–Ito bluish green (#009E73) ≈ xterm 36.
    public static let bluishGreen = Color.indexed(36, fallback: 2)
    /// Okabe–Ito yellow (#F0E442) ≈ xterm 221.
    public static let yellow = Color.indexed(221, fallback: 3)
    /// Okabe–Ito blue (#0072B2) ≈ xterm 25.
    public static let blue = Color.indexed(25, fallback: 4)
    /// Okabe–Ito vermillion (#D55E00) ≈ xterm 166.
    public static let vermillion = Color.indexed(166, fallback: 1)
    /// Okabe–Ito reddish purple (#CC79A7) ≈ xterm 175.
    public static let reddishPurple = Color.indexed(175, fallback: 5)
    /// A mid grey for secondary elements (cut-off lines, axes), xterm 244.
    public static let grey = Color.indexed(244, fallback: 7)

    /// Series colours in order of use.
    public static let series: [Color] = [orange, skyBlue, bluishGreen, vermillion, blue, reddishPurple, yellow]

    /// Distinct markers, one per series, so series can be told apart without colour.
    public static let markers: [Character] = ["●", "▲", "■", "◆", "○", "△", "□"]

    /// Names of the palette's indexes, for readable style listings.
    static let okabeItoNames: [UInt8: String] = [
        178: "orange", 75: "skyblue", 36: "bluishgreen", 221: "okabe-yellow",
        25: "okabe-blue", 166: "vermillion", 175: "purple", 244: "grey",
    ]
}
