import Foundation

/// The instruments available to rapport: the shipped ones plus a clinic's own.
public struct InstrumentCatalog: Sendable {
    /// Every loaded instrument, shipped first.
    public private(set) var instruments: [Instrument]
    /// Where each instrument was loaded from.
    public private(set) var files: [String: String]

    /// A catalog of already validated instruments; `files` maps an id to the file it came from.
    public init(instruments: [Instrument], files: [String: String] = [:]) {
        self.instruments = instruments.sorted { $0.id < $1.id }
        self.files = files
    }

    /// Loads the shipped instruments from `bundled` and a clinic's own from `clinic`;
    /// an id defined in both is an error (a clinic file may not silently replace a shipped one).
    public static func load(bundled: URL, clinic: URL?) throws(InstrumentError) -> InstrumentCatalog {
        var list: [Instrument] = []
        var files: [String: String] = [:]
        for dir in [bundled] + (clinic.map { [$0] } ?? []) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
                let url = dir.appendingPathComponent(name)
                let instrument = try InstrumentLoader.load(file: url)
                if let existing = files[instrument.id] {
                    throw .duplicateID(id: instrument.id, files: [existing, url.path])
                }
                files[instrument.id] = url.path
                list.append(instrument)
            }
        }
        return InstrumentCatalog(instruments: list, files: files)
    }

    /// The instrument with this id.
    public func instrument(_ id: String) throws(InstrumentError) -> Instrument {
        guard let found = instruments.first(where: { $0.id == id }) else { throw .unknown(id: id) }
        return found
    }

    /// Whether an instrument with this id exists.
    public func contains(_ id: String) -> Bool { instruments.contains { $0.id == id } }
}
