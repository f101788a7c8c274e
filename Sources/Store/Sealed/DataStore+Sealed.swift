import Crypto
import Foundation

/// Whether the directory is sealed, cached for the life of a store value and its copies (a
/// directory only becomes sealed through `migrate`, which updates the cache of its own store).
final class SealState: @unchecked Sendable {
    private let lock = NSLock()
    private var known: Bool?
    func get() -> Bool? { lock.withLock { known } }
    func set(_ value: Bool?) { lock.withLock { known = value } }
}

extension DataLayout {
    /// The journal of an unfinished `rapport migrate` (see docs/data-format.md).
    public var migrationJournal: String { root + "/migrate.json" }
}

/// The first fields of a file, enough to tell a sealed envelope from a plaintext file.
private struct EnvelopeHeader: Decodable { var schemaVersion: Int? }

extension DataStore {
    /// Whether the data directory is sealed (`rapport.json` has schemaVersion 3): every clinical file
    /// is then written sealed, and a plaintext one is refused as tampered (outside a migration).
    public func isSealed() -> Bool {
        if let known = sealState.get() { return known }
        guard let data = try? fs.read(layout.config),
            let header = try? StoreCoding.decoder().decode(EnvelopeHeader.self, from: data)
        else { return false }
        let sealed = (header.schemaVersion ?? 0) >= sealedSchemaVersion
        sealState.set(sealed)
        return sealed
    }

    /// Forgets the cached answer of `isSealed()` (after `migrate` flips the directory).
    func forgetSealState() { sealState.set(nil) }

    /// The therapist account a client's files are sealed to (`client.json`'s therapist).
    func sealingTherapist(_ id: ClientID) throws(StoreError) -> AccountID {
        let record = try client(id)
        guard let raw = record.therapist, let therapist = try? AccountID(raw) else {
            throw .invalid("client \(id) has no therapist account to seal its files to")
        }
        return therapist
    }

    // MARK: The one write helper and the one read helper of clinical files

    /// The bytes stored for `value` at `path`: plain JSON, or, when `path` is a clinical file of a
    /// sealed directory, the JSON sealed to the caseload public key of the client's therapist
    /// (`therapist`, else `client.json`'s) in a `SealedEnvelope`. Drafts are sealed with the
    /// clinic-derived draft key. Every file the store writes goes through here.
    func encodeForDisk<T: Encodable>(
        _ value: T, path: String, therapist: AccountID? = nil
    ) throws(StoreError) -> Data {
        let plain = try StoreCoding.encode(value, path: path)
        let date = (value as? AdministrationRecord)?.sessionDate
        return try encodeForDisk(plain: plain, path: path, therapist: therapist, date: date)
    }

    /// As `encodeForDisk(_:path:therapist:)`, for a file's JSON already encoded (`StoreCoding`'s
    /// bytes, with the newline).
    func encodeForDisk(
        plain: Data, path: String, therapist: AccountID? = nil, date: SessionDate? = nil
    ) throws(StoreError) -> Data {
        guard let (client, kind) = ClinicalKind.of(path, in: layout), isSealed() else { return plain }
        return try seal(plain, client: client, kind: kind, path: path, therapist: therapist, date: date)
    }

    /// Seals plaintext JSON of a clinical file (see `encodeForDisk`).
    func seal(
        _ plain: Data, client: ClientID, kind: ClinicalKind, path: String, therapist: AccountID? = nil,
        date: SessionDate? = nil
    ) throws(StoreError) -> Data {
        guard let keyring else { throw .sealed(path: path) }
        let envelope: SealedEnvelope
        if kind == .draft {
            guard let clinic = keyring.clinicKey else { throw .sealed(path: path) }
            do {
                let box = try ChaChaPoly.seal(
                    plain, using: DraftKey.key(clinic: clinic, client: client),
                    authenticating: Data(kind.info(client).utf8))
                envelope = SealedEnvelope(draftBox: box.combined)
            } catch {
                throw .invalid("could not seal \(path)")
            }
        } else {
            let to: AccountID
            if let therapist { to = therapist } else { to = try sealingTherapist(client) }
            guard let key = keyring.caseloadPublicKey(of: to) else {
                throw .notPermitted("no caseload key of therapist \(to) to seal client \(client)'s files to")
            }
            let visible = kind == .record ? date : nil
            envelope = SealedEnvelope(
                sealedTo: to, payload: try Sealing.seal(plain, to: key, info: kind.info(client, date: visible)),
                date: visible)
        }
        return try StoreCoding.encode(envelope, path: path)
    }

    /// Decodes the stored bytes of `path`: a sealed envelope is opened with this process's keys
    /// (none: `.sealed(path:)`; a changed byte: `.tampered(path:…)`), a plaintext file is decoded as
    /// before. A plaintext clinical file in a sealed directory outside a migration is refused as
    /// tampered. Every file the store reads goes through here.
    func decodeFromDisk<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws(StoreError) -> T {
        let supported = path == layout.config ? sealedSchemaVersion : currentSchemaVersion
        guard let (client, kind) = ClinicalKind.of(path, in: layout) else {
            return try StoreCoding.decode(T.self, from: data, path: path, supported: supported)
        }
        if isSealed() {
            // Sealed directory: an envelope is opened; anything else is refused as tampered unless
            // a migration is under way (then it is decoded as plaintext).
            return try StoreCoding.decode(
                T.self, from: plaintext(of: data, path: path), path: path, supported: supported)
        }
        // Plaintext directory (the common case of a large export): one decode checks the header and
        // reads the value; only a sealed envelope (schemaVersion 3) is decoded again, once opened.
        switch try StoreCoding.decodeVersioned(
            T.self, from: data, path: path, supported: supported, sealed: sealedSchemaVersion)
        {
        case .value(let value): return value
        case .sealedEnvelope:
            let plain = try openSealed(data, client: client, kind: kind, path: path)
            return try StoreCoding.decode(T.self, from: plain, path: path, supported: supported)
        }
    }

    /// The plaintext JSON of a stored file (see `decodeFromDisk`).
    func plaintext(of data: Data, path: String) throws(StoreError) -> Data {
        let header = try? StoreCoding.decoder().decode(EnvelopeHeader.self, from: data)
        let clinical = ClinicalKind.of(path, in: layout)
        if header?.schemaVersion == sealedSchemaVersion, let (client, kind) = clinical {
            return try openSealed(data, client: client, kind: kind, path: path)
        }
        if clinical != nil, isSealed(), !fs.exists(layout.migrationJournal) {
            throw .tampered(path: path, reason: "a plaintext file in a sealed data directory")
        }
        return data
    }

    /// Opens a sealed envelope of a clinical file.
    func openSealed(_ data: Data, client: ClientID, kind: ClinicalKind, path: String) throws(StoreError) -> Data {
        guard let envelope = try? StoreCoding.decoder().decode(SealedEnvelope.self, from: data) else {
            throw .tampered(path: path, reason: "not a valid sealed envelope")
        }
        let info = Data(kind.info(client).utf8)
        if kind == .draft, envelope.sealedWith == SealedEnvelope.draftKeyName, let box = envelope.box,
            envelope.sealedTo == nil, envelope.payload == nil
        {
            guard let clinic = keyring?.clinicKey else { throw .sealed(path: path) }
            do {
                return try ChaChaPoly.open(
                    ChaChaPoly.SealedBox(combined: box), using: DraftKey.key(clinic: clinic, client: client),
                    authenticating: info)
            } catch {
                throw .tampered(path: path, reason: "the sealed content does not open with its key")
            }
        }
        guard let to = envelope.sealedTo, let payload = envelope.payload, envelope.sealedWith == nil,
            envelope.box == nil
        else {
            throw .tampered(path: path, reason: "not a valid sealed envelope")
        }
        if payload.enc.count != 32 {
            throw .tampered(path: path, reason: "the encapsulated key is not an X25519 key")
        }
        guard let key = keyring?.caseloadPrivateKey(of: to) else { throw .sealed(path: path) }
        return try Sealing.open(payload, with: key, info: kind.info(client, date: envelope.date), path: path)
    }

    /// Reads and decodes a file through `decodeFromDisk`.
    func readFile<T: Decodable>(_ type: T.Type, at path: String) throws(StoreError) -> T {
        try decodeFromDisk(T.self, from: fs.read(path), path: path)
    }
}
