/// How many colours output may use.
public enum ColorMode: Sendable, Hashable, CaseIterable {
    /// No colour at all: attributes (bold, reverse, …) only.
    case none
    /// The eight basic ANSI colours.
    case basic
    /// The 256-colour palette.
    case extended

    /// True unless ``none``.
    public var allowsColor: Bool { self != .none }

    /// Chooses a mode from the environment.
    ///
    /// `NO_COLOR` set to any non-empty value (https://no-color.org) or `TERM=dumb` (or unset)
    /// turns colour off; a `TERM` ending in `256color`, or `COLORTERM` set, selects 256 colours;
    /// anything else gets the eight basic colours.
    /// - Parameters:
    ///   - environment: usually `ProcessInfo.processInfo.environment`.
    ///   - isTerminal: whether the output is a terminal; `false` turns colour off.
    public static func detect(environment: [String: String], isTerminal: Bool = true) -> ColorMode {
        detect(lookup: { environment[$0] }, isTerminal: isTerminal)
    }

    /// Chooses a mode from variables read through `lookup` (for example `getenv`), with the rules
    /// of ``detect(environment:isTerminal:)``; reads only `NO_COLOR`, `TERM` and `COLORTERM`.
    public static func detect(lookup: (String) -> String?, isTerminal: Bool = true) -> ColorMode {
        if let noColor = lookup("NO_COLOR"), !noColor.isEmpty { return .none }
        guard isTerminal else { return .none }
        guard let term = lookup("TERM"), !term.isEmpty, term != "dumb" else { return .none }
        if term.hasSuffix("256color") || term.hasSuffix("direct") { return .extended }
        if let ct = lookup("COLORTERM"), !ct.isEmpty { return .extended }
        return .basic
    }
}
