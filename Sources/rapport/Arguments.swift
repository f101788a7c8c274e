import ArgumentParser
import Instruments
import Store

/// Parses a comma-separated instrument list and checks every id exists.
func parseBattery(_ text: String, catalog: InstrumentCatalog) throws -> [String] {
    let ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    if ids.isEmpty { throw CLIError("--battery needs at least one instrument id", code: Exit.usage) }
    for id in ids where !catalog.contains(id) {
        throw CLIError("unknown instrument '\(id)' in --battery", code: Exit.usage)
    }
    if Set(ids).count != ids.count { throw CLIError("--battery lists an instrument twice", code: Exit.usage) }
    return ids
}

/// Parses a client id from the command line with the store's message on failure.
func clientID(_ raw: String) throws -> ClientID {
    try ClientID(raw)
}

/// An option whose values are the cases of a string enum, spelled by their raw values.
///
/// ArgumentParser's defaults for such enums describe every value through `String(describing:)`
/// and string interpolation, which ask the Swift runtime whether the value conforms to one
/// printing protocol after another, and it recomputes the lists each time it builds a command's
/// arguments (16 times in one `rapport chart`). In a static binary every first such question
/// scans all of its ~7,900 conformance records. Spelling the lists out from `rawValue` gives the
/// same help text without asking: 6 % of the instructions of a whole `chart --csv` process
/// (callgrind; `Scripts/bench-charts.sh`).
protocol ArgumentChoice: ExpressibleByArgument, CaseIterable, RawRepresentable where RawValue == String {}

extension ArgumentChoice {
    static var allValueStrings: [String] { allCases.map(\.rawValue) }
    /// Every value is its own description.
    static var allValueDescriptions: [String: String] { [:] }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    var defaultValueDescription: String { rawValue }
}
