import Foundation
import Instruments
import TestSupport
import Testing

@Suite("Instrument loading and validation")
struct LoaderTests {
    /// The shipped PHQ-9 as a mutable JSON object.
    func phqObject() throws -> [String: Any] {
        let data = try Data(contentsOf: Fixtures.instrumentsDirectory.appendingPathComponent("phq-9.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func load(_ object: [String: Any]) throws(InstrumentError) -> Instrument {
        let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
        return try InstrumentLoader.load(data: data, file: "x.json")
    }

    func expectInvalid(_ object: [String: Any], field: String, reasonContains: String) {
        do {
            _ = try load(object)
            Issue.record("expected \(field) to be refused")
        } catch {
            guard case let .invalid(file, f, reason) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(file == "x.json")
            #expect(f == field)
            #expect(reason.contains(reasonContains), "\(reason)")
        }
    }

    @Test func shippedFileRoundTrips() throws {
        let i = try load(try phqObject())
        #expect(i.id == "phq-9")
        let again = try InstrumentLoader.load(data: JSONEncoder().encode(i), file: "y.json")
        #expect(again == i)
    }

    @Test func duplicateItemNumber() throws {
        var o = try phqObject()
        var items = try #require(o["items"] as? [[String: Any]])
        items[1]["number"] = 1
        o["items"] = items
        expectInvalid(o, field: "items[1].number", reasonContains: "used twice")
    }

    @Test func scaleNamingMissingItem() throws {
        var o = try phqObject()
        var scales = try #require(o["scales"] as? [[String: Any]])
        scales[0]["items"] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
        o["scales"] = scales
        expectInvalid(o, field: "scales[0].items", reasonContains: "item 10")
    }

    @Test func unknownScoringMethod() throws {
        var o = try phqObject()
        var scales = try #require(o["scales"] as? [[String: Any]])
        scales[0]["method"] = "median"
        o["scales"] = scales
        expectInvalid(o, field: "scales[0].method", reasonContains: "median")
    }

    @Test func missingField() throws {
        var o = try phqObject()
        o.removeValue(forKey: "licence")
        expectInvalid(o, field: "licence", reasonContains: "missing")
    }

    @Test func wrongType() throws {
        var o = try phqObject()
        var items = try #require(o["items"] as? [[String: Any]])
        items[2]["text"] = 5
        o["items"] = items
        expectInvalid(o, field: "items[2].text", reasonContains: "string")
    }

    @Test func unknownPlaceholder() throws {
        var o = try phqObject()
        var items = try #require(o["items"] as? [[String: Any]])
        items[0]["text"] = "Ask {doctor} about it"
        o["items"] = items
        expectInvalid(o, field: "items[0].text", reasonContains: "{doctor}")
    }

    @Test func adaptedNeedsNote() throws {
        var o = try phqObject()
        o["adapted"] = true
        expectInvalid(o, field: "adaptationNote", reasonContains: "adapted")
    }

    @Test func bandsMustNotOverlap() throws {
        var o = try phqObject()
        o["bands"] = [["min": 0, "max": 5, "label": "a"], ["min": 5, "max": 27, "label": "b"]]
        expectInvalid(o, field: "bands[1]", reasonContains: "overlaps")
    }

    @Test func riskThresholdInRange() throws {
        var o = try phqObject()
        o["riskItems"] = [["item": 9, "above": 3]]
        expectInvalid(o, field: "riskItems[0].above", reasonContains: "from 0 to 2")
    }

    @Test func primaryScaleMustExist() throws {
        var o = try phqObject()
        o["primaryScale"] = "nope"
        expectInvalid(o, field: "primaryScale", reasonContains: "nope")
    }

    @Test func sumWithMissingNeedsProration() throws {
        var o = try phqObject()
        var scales = try #require(o["scales"] as? [[String: Any]])
        scales[0]["prorate"] = false
        o["scales"] = scales
        expectInvalid(o, field: "scales[0].prorate", reasonContains: "prorated")
    }

    @Test func newerFormatVersion() throws {
        var o = try phqObject()
        o["formatVersion"] = 2
        #expect(throws: InstrumentError.newerFormat(file: "x.json", version: 2, supported: 1)) { try load(o) }
    }

    @Test func notJSON() {
        #expect {
            try InstrumentLoader.load(data: Data("{\"formatVersion\": 1,".utf8), file: "t.json")
        } throws: { error in
            guard case .notJSON(let file, _) = error as? InstrumentError else { return false }
            return file == "t.json"
        }
    }

    @Test func hugeFileRefused() {
        let big = Data(repeating: 0x20, count: InstrumentLoader.maxFileSize + 1)
        #expect(
            throws: InstrumentError.tooLarge(file: "big.json", bytes: big.count, limit: InstrumentLoader.maxFileSize)
        ) {
            try InstrumentLoader.load(data: big, file: "big.json")
        }
    }

    @Test func clinicCannotShadowAShippedID() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        try FileManager.default.copyItem(
            atPath: Fixtures.instrumentsDirectory.appendingPathComponent("phq-9.json").path,
            toPath: dir.appending("my-phq.json"))
        #expect {
            try InstrumentCatalog.load(bundled: Fixtures.instrumentsDirectory, clinic: URL(fileURLWithPath: dir.path))
        } throws: { error in
            guard case .duplicateID(let id, _) = error as? InstrumentError else { return false }
            return id == "phq-9"
        }
    }

    @Test func clinicInstrumentIsAdded() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var o = try phqObject()
        o["id"] = "phq-9-local"
        try JSONSerialization.data(withJSONObject: o).write(to: URL(fileURLWithPath: dir.appending("local.json")))
        let catalog = try InstrumentCatalog.load(
            bundled: Fixtures.instrumentsDirectory, clinic: URL(fileURLWithPath: dir.path))
        #expect(catalog.contains("phq-9-local"))
        #expect(catalog.instruments.count == 10)
    }

    /// A folder of shipped instruments that is not there (a `RAPPORT_ASSETS` naming a folder
    /// without `instruments/`) is an error naming it, never an empty catalog; the same when the
    /// name is a file, and through the lenient loader the commands use.
    @Test func aMissingShippedFolderIsAnErrorNotAnEmptyCatalog() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let missing = URL(fileURLWithPath: dir.appending("instruments"))
        let expected = InstrumentError.missingFolder(folder: missing.path)
        #expect(throws: expected) { try InstrumentCatalog.load(bundled: missing, clinic: nil) }
        #expect(throws: expected) { try InstrumentCatalog.loadSkippingDamaged(bundled: missing, clinic: nil) }
        #expect(expected.description == "instruments/ not found in \(dir.path)")
        try Data("{}".utf8).write(to: missing)
        #expect(throws: expected) {
            try InstrumentCatalog.loadSkippingDamaged(bundled: missing, clinic: Fixtures.instrumentsDirectory)
        }
        // A clinic folder stays optional.
        let catalog = try InstrumentCatalog.load(
            bundled: Fixtures.instrumentsDirectory, clinic: URL(fileURLWithPath: dir.appending("none")))
        #expect(catalog.instruments.count == 9)
    }
}
