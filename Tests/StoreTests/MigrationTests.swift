import Crypto
import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

@Suite("Migration to a sealed directory")
struct MigrationTests {
    static let fixtures = Fixtures.repositoryRoot.appendingPathComponent("Tests/StoreTests/Fixtures").path

    /// A plaintext directory of today's format (schemaVersion 2) with notes, a draft and a discharge.
    static func makeVersion2(at root: String) throws {
        let clock = FixedClock(Fixtures.referenceDate)
        let store = DataStore(root: root, clock: clock)
        try store.initialize()
        let wai = try Fixtures.instrument("wai-sr")
        for (n, client) in ["A1", "A2", "A3"].enumerated() {
            let id = try ClientID(client)
            try store.addClient(id, therapist: "Dr Lee")
            for date in ["2026-11-03", "2026-11-10", "2026-11-17"] {
                try store.save(
                    NewAdministration(
                        clientId: id, session: nil, sessionDate: try SessionDate(date), rater: .client, instrument: wai,
                        answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, n + 1], administeredAt: clock.now(), source: .cli))
            }
            try store.addNote(id, session: 2, text: "note \(client)")
        }
        try store.discharge(try ClientID("A1"), reason: .completed)
    }

    /// Everything a reader sees, client by client.
    static func contents(_ store: DataStore) throws -> [String] {
        try store.clientIDs().ids.map { id in
            let records = try store.records(id)
            #expect(records.problems.isEmpty, "\(records.problems)")
            let lines = records.records.map { "\($0.id) \($0.sessionDate) \($0.answers)" }
            return "\(id): \(lines) notes \(try store.notes(id).map(\.text)) drafts \(try store.drafts(id).count) "
                + "discharges \(try store.discharges(id).count)"
        }
    }

    func keyring() -> (StaticKeyring, AccountID) {
        let admin = try! AccountID("admin")
        return (StaticKeyring(privateKeys: [admin: .init()], clinicKey: SymmetricKey(size: .bits256)), admin)
    }

    @Test(arguments: ["v1", "v1-backdated", "v2"]) func fixturesMigrate(fixture: String) throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let root = dir.appending("data")
        if fixture == "v2" {
            try Self.makeVersion2(at: root)
        } else {
            try FileManager.default.copyItem(atPath: Self.fixtures + "/" + fixture, toPath: root)
        }
        var store = DataStore(root: root, clock: FixedClock(Fixtures.referenceDate))
        let before = try Self.contents(store)
        // Three saves each: every summary's spare holds an earlier plaintext summary.
        let spares = try store.clientIDs().ids.map { PosixFileSystem.spareName(for: store.layout.summary($0)) }
        if fixture == "v2" { #expect(spares.allSatisfy { FileManager.default.fileExists(atPath: $0) }) }
        let (keys, admin) = keyring()
        store.keyring = keys
        let report = try Migration(store: store, assign: { _ in admin }).run()
        #expect(report.clients > 0)
        let after = DataStore(root: root, clock: FixedClock(Fixtures.referenceDate))
        var reader = after
        reader.keyring = keys
        #expect(reader.isSealed())
        #expect(try Self.contents(reader) == before)
        for id in try reader.clientIDs().ids {
            #expect(try reader.client(id).therapist == "admin")
            for path in try reader.clinicalFiles(id) {
                let envelope = try StoreCoding.decoder().decode(
                    SealedEnvelope.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
                #expect(envelope.schemaVersion == 3, "\(path)")
            }
        }
        #expect(!spares.contains { FileManager.default.fileExists(atPath: $0) })
        #expect(!FileManager.default.fileExists(atPath: reader.layout.migrationJournal))
        let errors = try StoreChecker(store: reader, catalog: try Fixtures.catalog()).run().errors
        #expect(errors.isEmpty, "\(errors)")
        // Without keys nothing opens.
        #expect(throws: StoreError.self) { try after.records(try after.clientIDs().ids[0]) }
    }

    /// A failure at every write of the migration (disk full): after each, every record reads
    /// (plaintext or sealed) with nothing lost, and a second run finishes the job.
    @Test func aFailureAtAnyWriteLosesNothingAndARerunFinishes() throws {
        let (keys, admin) = keyring()
        var point = 0
        while true {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let root = dir.appending("data")
            try Self.makeVersion2(at: root)
            let before = try Self.contents(DataStore(root: root))
            let fs = FailingFileSystem()
            var failing = DataStore(root: root, fileSystem: fs, clock: FixedClock(Fixtures.referenceDate))
            failing.keyring = keys
            fs.fail(.diskFull, after: point)
            let failed: Bool
            do {
                try Migration(store: failing, assign: { _ in admin }).run()
                failed = false
            } catch {
                failed = true
            }
            fs.heal()
            var reader = DataStore(root: root)
            reader.keyring = keys
            #expect(try Self.contents(reader) == before, "failure after \(point) writes")
            try Migration(store: reader, assign: { _ in admin }).run()
            #expect(try Self.contents(reader) == before, "failure after \(point) writes, rerun")
            #expect(reader.isSealed())
            if !failed { break }
            point += 1
        }
        #expect(point > 20)
    }
}
