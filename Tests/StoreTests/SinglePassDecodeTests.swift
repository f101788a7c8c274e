import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// The one-pass decode of stored files (header checked inside the decode) against the two-pass
/// decode it replaced, on odd inputs and seeded damage of a real record: the same value or the
/// same error, message included.
@Suite("Single-pass decode")
struct SinglePassDecodeTests {
    /// The header the two-pass decode read first.
    private struct OldHeader: Decodable { var schemaVersion: Int? }

    /// `StoreCoding.decode` as it was: a header decode, then the full decode.
    private static func oldDecode<T: Decodable>(
        _ type: T.Type, from data: Data, path: String, supported: Int
    ) throws(StoreError) -> T {
        if data.isEmpty { throw .corrupt(path: path, reason: "file is empty") }
        let header: OldHeader
        do {
            header = try StoreCoding.decoder().decode(OldHeader.self, from: data)
        } catch {
            throw .corrupt(path: path, reason: "not valid JSON (truncated or damaged)")
        }
        guard let version = header.schemaVersion else { throw .corrupt(path: path, reason: "no schemaVersion") }
        if version > supported { throw .newerSchema(path: path, version: version, supported: supported) }
        if version < 1 { throw .corrupt(path: path, reason: "schemaVersion \(version) is not valid") }
        do {
            return try StoreCoding.decoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw .corrupt(path: path, reason: StoreCoding.describe(error))
        } catch {
            throw .corrupt(path: path, reason: "cannot decode")
        }
    }

    /// `decodeFromDisk` of a clinical file in a plaintext directory as it was: an envelope header
    /// decode (a sealed file is opened), then `oldDecode`.
    private static func oldFromDisk<T: Decodable>(
        _ store: DataStore, _ type: T.Type, from data: Data, path: String
    ) throws(StoreError) -> T {
        let header = try? StoreCoding.decoder().decode(OldHeader.self, from: data)
        var plain = data
        if header?.schemaVersion == sealedSchemaVersion, let (client, kind) = ClinicalKind.of(path, in: store.layout) {
            plain = try store.openSealed(data, client: client, kind: kind, path: path)
        }
        return try oldDecode(T.self, from: plain, path: path, supported: currentSchemaVersion)
    }

    private static func outcome<T>(_ body: () throws(StoreError) -> T) -> Result<T, StoreError> {
        do throws(StoreError) {
            return .success(try body())
        } catch {
            return .failure(error)
        }
    }

    /// Inputs whose header handling is easy to get subtly wrong.
    static let oddInputs: [String] = [
        "", " ", "{", "}", "[]", "null", "\"text\"", "42", "{}", "{\"schemaVersion\":null}",
        "{\"schemaVersion\":\"2\"}", "{\"schemaVersion\":2.5}", "{\"schemaVersion\":2.0}", "{\"schemaVersion\":true}",
        "{\"schemaVersion\":0}", "{\"schemaVersion\":-1}", "{\"schemaVersion\":9}", "{\"schemaVersion\":3}",
        "{\"schemaVersion\":2}", "{\"schemaVersion\":1}", "[{\"schemaVersion\":2}]", "{\"schemaVersion\":2} x",
        "{\"schemaVersion\":2,\"schemaVersion\":9}", "{\"schemaVersion\":3,\"sealedTo\":\"t1\"}",
        "{\"schemaVersion\":3,\"sealedWith\":\"draft-key\",\"box\":\"AAAA\"}",
        "{\"schemaVersion\":99999999999999999999}",
    ]

    @Test func oddInputsGiveTheSameOutcomeAsTheTwoPassDecode() throws {
        let d = try SealedDirectory(sealed: false)
        defer { d.dir.remove() }
        let c1 = try ClientID("C1")
        let record = d.store.layout.record(c1, "2026-11-10-client-wai-sr-1")
        let other = d.store.layout.root + "/other.json"
        for text in Self.oddInputs {
            let data = Data(text.utf8)
            for supported in [currentSchemaVersion, sealedSchemaVersion] {
                let new = Self.outcome { () throws(StoreError) in
                    try StoreCoding.decode(SchemaProbe.self, from: data, path: other, supported: supported)
                }
                let old = Self.outcome { () throws(StoreError) in
                    try Self.oldDecode(SchemaProbe.self, from: data, path: other, supported: supported)
                }
                #expect(new == old, "\(text) (supported \(supported))")
            }
            let new = Self.outcome { () throws(StoreError) in
                try d.store.decodeFromDisk(AdministrationRecord.self, from: data, path: record)
            }
            let old = Self.outcome { () throws(StoreError) in
                try Self.oldFromDisk(d.store, AdministrationRecord.self, from: data, path: record)
            }
            #expect(new.map(\.id) == old.map(\.id), "\(text) as a record")
        }
    }

    private static func new(_ date: String, clock: FixedClock) throws -> NewAdministration {
        NewAdministration(
            clientId: try ClientID("C1"), session: nil, sessionDate: try SessionDate(date), rater: .client,
            instrument: try Fixtures.instrument("wai-sr"), answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4],
            administeredAt: clock.now(), source: .cli)
    }

    @Test func damagedRecordsGiveTheSameOutcomeAsTheTwoPassDecode() throws {
        let d = try SealedDirectory(sealed: false)
        defer { d.dir.remove() }
        try d.store.addClient(try ClientID("C1"), therapist: "t1")
        let saved = try d.store.save(try Self.new("2026-11-10", clock: d.clock))
        let path = d.store.layout.record(saved.clientId, saved.id)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let seed = UInt64.random(in: 0...UInt64.max)
        print("SinglePassDecodeTests seed: \(seed)")
        var rng = SplitMix64(seed: seed)
        var variants: [[UInt8]] = (0..<original.count).map { Array(original.prefix($0)) }
        let replacements = Array("{}[]\",:0123456789tfnx \\".utf8)
        for _ in 0..<400 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = replacements.randomElement(using: &rng)!
            }
            variants.append(bytes)
        }
        var differing = 0
        for bytes in variants {
            let data = Data(bytes)
            let new = Self.outcome { () throws(StoreError) in
                try d.store.decodeFromDisk(AdministrationRecord.self, from: data, path: path)
            }
            let old = Self.outcome { () throws(StoreError) in
                try Self.oldFromDisk(d.store, AdministrationRecord.self, from: data, path: path)
            }
            if new != old {
                differing += 1
                Issue.record("seed \(seed): \(String(decoding: bytes, as: UTF8.self)): \(new) vs \(old)")
            }
        }
        #expect(differing == 0)
        // The undamaged file still decodes to the saved record.
        #expect(try d.store.decodeFromDisk(AdministrationRecord.self, from: Data(original), path: path) == saved)
    }

    @Test func aSealedRecordInAPlaintextDirectoryIsStillOpened() throws {
        let sealed = try SealedDirectory()
        defer { sealed.dir.remove() }
        let plain = try SealedDirectory(sealed: false)
        defer { plain.dir.remove() }
        let c1 = try ClientID("C1")
        try sealed.store.addClient(c1, therapist: "t1")
        let record = try sealed.store.save(try Self.new("2026-11-10", clock: sealed.clock))
        let envelope = try Data(contentsOf: URL(fileURLWithPath: sealed.store.layout.record(c1, record.id)))
        let path = plain.store.layout.record(c1, record.id)
        // With the caseload key it opens; without any key it is `.sealed`, as before.
        #expect(
            try plain.store(sealed.full).decodeFromDisk(AdministrationRecord.self, from: envelope, path: path) == record
        )
        #expect(throws: StoreError.sealed(path: path)) {
            try plain.store(nil).decodeFromDisk(AdministrationRecord.self, from: envelope, path: path)
        }
        // A sealed envelope whose plaintext claims a newer schema is refused specifically.
        var newer = try StoreCoding.encode(record, path: path)
        newer = Data(
            String(decoding: newer, as: UTF8.self).replacingOccurrences(
                of: "\"schemaVersion\":\(currentSchemaVersion)", with: "\"schemaVersion\":9"
            ).utf8)
        let sealedNewer = try sealed.store.seal(newer, client: c1, kind: .record, path: path, therapist: sealed.t1)
        #expect(throws: StoreError.newerSchema(path: path, version: 9, supported: currentSchemaVersion)) {
            try plain.store(sealed.full).decodeFromDisk(AdministrationRecord.self, from: sealedNewer, path: path)
        }
    }
}

/// A stored file with one required field besides the header.
private struct SchemaProbe: Decodable, Equatable {
    var schemaVersion: Int
    var name: String
}
