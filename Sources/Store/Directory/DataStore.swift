import Foundation
import Instruments

/// A problem found while reading the data directory; the rest stays usable.
public struct StoreProblem: Sendable, Equatable, CustomStringConvertible {
    /// What kind of problem it is, for callers that act on some kinds (never read from `reason`).
    public enum Kind: Sendable, Equatable {
        /// A file or directory others may read or write (wider than 0600 / 0700): a privacy warning.
        case permissions
        /// Anything else: unreadable, corrupt, unexpected.
        case other
    }
    public var path: String
    public var reason: String
    /// Warnings (e.g. permissions wider than 0600) do not make a file unusable.
    public var isWarning: Bool
    public var kind: Kind
    public init(path: String, reason: String, isWarning: Bool = false, kind: Kind = .other) {
        self.path = path
        self.reason = reason
        self.isWarning = isWarning
        self.kind = kind
    }
    /// The privacy warning for `path`, whose permission bits `mode` are wider than `expected`.
    static func permissions(path: String, mode: mode_t, expected: mode_t) -> StoreProblem {
        StoreProblem(
            path: path,
            reason: "permissions are \(String(mode & 0o777, radix: 8)), wider than \(String(expected, radix: 8))",
            isWarning: true, kind: .permissions)
    }
    public var description: String { "\(path): \(reason)" }

    init(_ error: StoreError, path: String) {
        switch error {
        case let .corrupt(p, reason): self.init(path: p, reason: reason)
        case let .newerSchema(p, version, supported):
            self.init(path: p, reason: "schemaVersion \(version) is newer than this rapport supports (\(supported))")
        default: self.init(path: path, reason: error.description)
        }
    }
}

/// The data directory: clients, append-only administration records, per-client summaries, drafts.
/// Every write is atomic (temp file, fsync, rename, fsync of the directory) and, per client,
/// serialised across processes by an advisory lock.
public struct DataStore: Sendable {
    public let layout: DataLayout
    public let fs: any FileSystem
    public let clock: any WallClock
    /// When false, writes skip fsync (bulk generation); call `fs.syncAll()` at the end.
    public var durable: Bool
    /// The keys this process holds (after sign-in, or public-only in a kiosk); nil for a
    /// plaintext directory that has not been migrated yet.
    public var keyring: (any Keyring)?
    /// The instruments, for records of schemaVersion 1, which do not record which risk items were
    /// left unanswered: when set, a summary rebuilt from such records flags them too.
    public var instrumentsForOldRecords: (@Sendable () -> InstrumentCatalog?)?
    /// Whether the directory is sealed, once known (shared by copies of this value).
    let sealState = SealState()

    public init(
        root: String, fileSystem: any FileSystem = PosixFileSystem(), clock: any WallClock = SystemClock(),
        durable: Bool = true
    ) {
        layout = DataLayout(root: root)
        fs = fileSystem
        self.clock = clock
        self.durable = durable
    }

    // MARK: Clinic

    /// Whether `rapport.json` exists.
    public var isInitialized: Bool { fs.exists(layout.config) }

    /// Creates the directory tree (0700) and the clinic config when missing; returns the config.
    @discardableResult
    public func initialize(demo: Bool = false) throws(StoreError) -> ClinicConfig {
        try fs.makeDirectory(layout.root)
        try fs.makeDirectory(layout.clients)
        try fs.makeDirectory(layout.instruments)
        try fs.makeDirectory(layout.caseload)
        startCaseloadIndex()
        if isInitialized { return try loadConfig() }
        let config = ClinicConfig(createdAt: clock.now(), demo: demo ? true : nil)
        try saveConfig(config)
        return config
    }

    /// Throws `.notInitialized` unless `rapport.json` exists.
    public func requireInitialized() throws(StoreError) {
        if !isInitialized { throw .notInitialized(path: layout.root) }
    }

    /// Reads the clinic config (`rapport.json`).
    public func loadConfig() throws(StoreError) -> ClinicConfig {
        try requireInitialized()
        return try StoreCoding.decode(
            ClinicConfig.self, from: fs.read(layout.config), path: layout.config, supported: sealedSchemaVersion)
    }

    /// Writes the clinic config atomically and durably.
    public func saveConfig(_ config: ClinicConfig) throws(StoreError) {
        try write(config, to: layout.config)
    }
}
