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
    /// A `bundled` folder that is missing or cannot be listed is an error (`.missingFolder`,
    /// `.unreadable`), never an empty catalog; a clinic folder is optional.
    public static func load(bundled: URL, clinic: URL?) throws(InstrumentError) -> InstrumentCatalog {
        var list: [Instrument] = []
        var files: [String: String] = [:]
        var folders = [(dir: bundled, names: try shippedNames(bundled))]
        if let clinic {
            folders.append((clinic, (try? FileManager.default.contentsOfDirectory(atPath: clinic.path)) ?? []))
        }
        for (dir, names) in folders {
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

    /// The file names in the folder of the shipped instruments: `.missingFolder` when there is no
    /// such folder (a wrong `RAPPORT_ASSETS`), `.unreadable` when it cannot be listed.
    static func shippedNames(_ folder: URL) throws(InstrumentError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw .missingFolder(folder: folder.path) }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            throw .unreadable(file: folder.path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The instrument with this id.
    public func instrument(_ id: String) throws(InstrumentError) -> Instrument {
        guard let found = instruments.first(where: { $0.id == id }) else { throw .unknown(id: id) }
        return found
    }

    /// Whether an instrument with this id exists.
    public func contains(_ id: String) -> Bool { instruments.contains { $0.id == id } }
}
