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
