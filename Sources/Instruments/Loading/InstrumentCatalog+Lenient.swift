import Foundation

extension InstrumentCatalog {
    /// Like `load(bundled:clinic:)`, but a damaged clinic file (or one reusing an id) is left out and
    /// returned as a problem instead of failing the whole catalog, so that one bad file in a data
    /// directory does not stop every command. Problems with the shipped files still throw.
    public static func loadSkippingDamaged(
        bundled: URL, clinic: URL?
    ) throws(InstrumentError)
        -> (catalog: InstrumentCatalog, skipped: [InstrumentError])
    {
        let shipped = try load(bundled: bundled, clinic: nil)
        guard let clinic else { return (shipped, []) }
        var instruments = shipped.instruments
        var files = shipped.files
        var skipped: [InstrumentError] = []
        let names = (try? FileManager.default.contentsOfDirectory(atPath: clinic.path)) ?? []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let url = clinic.appendingPathComponent(name)
            do throws(InstrumentError) {
                let instrument = try InstrumentLoader.load(file: url)
                if let existing = files[instrument.id] {
                    throw .duplicateID(id: instrument.id, files: [existing, url.path])
                }
                files[instrument.id] = url.path
                instruments.append(instrument)
            } catch {
                skipped.append(error)
            }
        }
        return (InstrumentCatalog(instruments: instruments, files: files), skipped)
    }
}
