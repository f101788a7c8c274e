import Crypto
import Foundation

/// The journal of an unfinished migration, `migrate.json` (docs/data-format.md, "Migration").
struct MigrationJournal: Codable {
    var schemaVersion: Int = sealedSchemaVersion
    var startedAt: Date
}

/// Turns a plaintext data directory (schemaVersion 1 or 2) into a sealed one (schemaVersion 3) in
/// place, crash-safe; see docs/data-format.md, "Migration". Library API for `rapport migrate`:
/// the caller supplies the keys (a keyring with the caseload public key of every therapist a
/// client is assigned to) and the assignment of each client to a therapist account.
///
/// 1. `migrate.json` is written; then, client by client under its lock, every clinical file `F`
///    gets a sealed copy `.F.<h>.sealed` beside it, where `h` is a hash of `F`'s plaintext. Nothing
///    the older format reads has changed yet.
/// 2. The flip: `rapport.json` is rewritten with schemaVersion 3 (one atomic, durable rename).
/// 3. Client by client: `client.json` names the therapist account, each copy whose hash still
///    matches its file is renamed over it, a file without one (written after its copy) is sealed in
///    place, stale copies and the summary's spare (an older summary, plaintext) are removed.
///    Then the caseload index is marked stale and the journal removed.
///
/// A kill at any point leaves every file readable: before the flip as plaintext (copies are hidden
/// files the older format ignores), after it each file either plaintext (accepted while the journal
/// exists) or sealed. Running it again resumes; on a sealed directory it only finishes step 3.
public struct Migration {
    /// The store to migrate; its `keyring` must hold the caseload public keys.
    public let store: DataStore
    /// The therapist account of a client, from its plaintext `client.json` (whose `therapist` was
    /// free text before). It must return an account id unchanged, so that a re-run agrees.
    public let assign: (ClientRecord) -> AccountID
    /// Called at named points ("copied <client>", "flipped", "moved <client>"): tests kill the process
    /// there.
    public var checkpoint: (String) -> Void = { _ in }

    /// What one run did.
    public struct Report: Sendable, Equatable {
        /// Clients converted.
        public var clients = 0
        /// Clinical files sealed.
        public var files = 0
    }

    /// A migration of `store` with the given assignment of clients to therapist accounts.
    public init(store: DataStore, assign: @escaping (ClientRecord) -> AccountID) {
        self.store = store
        self.assign = assign
    }

    /// Runs (or resumes) the migration; see the type's summary.
    @discardableResult
    public func run() throws(StoreError) -> Report {
        try store.requireInitialized()
        guard store.keyring != nil else { throw .invalid("migrate needs the caseload public keys") }
        let layout = store.layout
        var report = Report()
        let ids = try store.clientIDs().ids
        var config = try store.loadConfig()
        if config.schemaVersion < sealedSchemaVersion {
            if !store.fs.exists(layout.migrationJournal) {
                try store.fs.writeAtomically(
                    StoreCoding.encode(MigrationJournal(startedAt: store.clock.now()), path: layout.migrationJournal),
                    to: layout.migrationJournal, durable: true)
            }
            for id in ids {
                let lock = try store.lockClient(id)
                defer { lock.unlock() }
                let therapist = assign(try store.client(id))
                for path in try store.clinicalFiles(id) {
                    let copy = try sealedCopy(of: path, therapist: therapist)
                    if !store.fs.exists(copy.path) {
                        try store.fs.writeAtomically(copy.data, to: copy.path, durable: true)
                    }
                }
                checkpoint("copied \(id)")
            }
            config.schemaVersion = sealedSchemaVersion
            try store.saveConfig(config)
            store.forgetSealState()
            checkpoint("flipped")
        }
        for id in ids {
            let lock = try store.lockClient(id)
            defer { lock.unlock() }
            var record = try store.client(id)
            let therapist = assign(record)
            if record.therapist != therapist.rawValue {
                record.therapist = therapist.rawValue
                try store.write(record, to: layout.clientFile(id))
            }
            var moved = false
            for path in try store.clinicalFiles(id) {
                let data = try store.fs.read(path)
                if isSealedEnvelope(data) { continue }
                let copy = try sealedCopy(of: path, therapist: therapist, plaintext: data)
                if store.fs.exists(copy.path) {
                    try store.fs.rename(copy.path, to: path)
                } else {
                    try store.fs.writeAtomically(copy.data, to: path, durable: true)
                }
                moved = true
                report.files += 1
            }
            // The summary's spare may hold a plaintext summary of before the flip.
            try store.fs.removeSpare(of: layout.summary(id))
            for dir in [layout.client(id), layout.records(id), layout.drafts(id)] {
                for name in try store.fs.list(dir) where name.hasPrefix(".") && name.hasSuffix(".sealed") {
                    try store.fs.remove(dir + "/" + name)
                }
                try store.syncDirectory(dir)
            }
            if moved { report.clients += 1 }
            checkpoint("moved \(id)")
        }
        try store.invalidateCaseloadIndex()
        // The plaintext caseload index and rows cache hold scores: gone (a sealed index is built by
        // the next reader holding a caseload key).
        store.removePlaintextCaseloadFiles()
        // The first audit line of the sealed directory, keyed by the clinic key (before the journal
        // goes: a kill in between repeats it, which is harmless).
        _ = try store.audit.append(.directorySealed, role: .admin, count: report.clients)
        try store.fs.remove(layout.migrationJournal)
        try store.syncDirectory(layout.root)
        return report
    }

    private func isSealedEnvelope(_ data: Data) -> Bool {
        (try? StoreCoding.decoder().decode(SealedEnvelope.self, from: data))?.schemaVersion == sealedSchemaVersion
    }

    /// The sealed copy of a plaintext clinical file: its hidden path (named by a hash of the
    /// plaintext) and content.
    private func sealedCopy(
        of path: String, therapist: AccountID, plaintext: Data? = nil
    ) throws(StoreError) -> (path: String, data: Data) {
        let plain: Data
        if let plaintext { plain = plaintext } else { plain = try store.fs.read(path) }
        guard let (client, kind) = ClinicalKind.of(path, in: store.layout) else {
            throw .invalid("\(path) is not a clinical file")
        }
        let hash = SHA256.hash(data: plain).prefix(8).map { String(format: "%02x", $0) }.joined()
        let dir = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        var date: SessionDate?
        if kind == .record {
            // A record that cannot be decoded is sealed as it is (nothing is lost; `check` names it).
            date = try? StoreCoding.decode(AdministrationRecord.self, from: plain, path: path).sessionDate
        }
        let sealed = try store.seal(plain, client: client, kind: kind, path: path, therapist: therapist, date: date)
        return (dir + "/." + name + "." + hash + ".sealed", sealed)
    }
}
