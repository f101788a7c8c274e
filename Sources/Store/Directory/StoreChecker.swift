import Foundation
import Instruments

/// Reads every file of a data directory and reports each problem with its path.
/// It never changes anything.
public struct StoreChecker {
    /// The data directory to check.
    public let store: DataStore
    /// Instruments known to this rapport, to check record instrument ids and versions.
    public let catalog: InstrumentCatalog?

    /// A checker for `store`; with a `catalog`, records are also checked against their instrument.
    public init(store: DataStore, catalog: InstrumentCatalog?) {
        self.store = store
        self.catalog = catalog
    }

    /// Number of files read by the last `run`.
    public struct Report: Sendable {
        /// Every problem found, errors and warnings.
        public var problems: [StoreProblem]
        /// How many files were read.
        public var filesChecked: Int
        /// Sealed files whose envelope was checked but which this process holds no key to open.
        public var filesNotOpened: Int = 0
        /// The problems that make a file unusable.
        public var errors: [StoreProblem] { problems.filter { !$0.isWarning } }
        /// The problems that leave a file usable but questioned.
        public var warnings: [StoreProblem] { problems.filter(\.isWarning) }
    }

    /// Reads every file of the data directory and reports what is wrong; `progress` gets (done, total).
    public func run(progress: ((Int, Int) -> Void)? = nil) throws(StoreError) -> Report {
        try store.requireInitialized()
        let layout = store.layout
        var problems: [StoreProblem] = []
        var files = 0
        var unopened = 0
        /// Reports a symbolic link (returns false: do not read it) or permissions wider than 0600/0700.
        @discardableResult
        func mode(_ path: String, dir: Bool) -> Bool {
            var st = stat()
            guard lstat(path, &st) == 0 else { return true }
            if (st.st_mode & S_IFMT) == S_IFLNK {
                problems.append(StoreProblem(path: path, reason: "is a symbolic link; rapport does not follow links"))
                return false
            }
            let perms = st.st_mode & 0o777
            let expected: mode_t = dir ? 0o700 : 0o600
            if perms & ~expected != 0 {
                problems.append(.permissions(path: path, mode: perms, expected: expected))
            }
            return true
        }
        /// Reads and decodes `path`, or decodes `bytes` already read from it.
        func check<T: Decodable>(_ type: T.Type, _ path: String, bytes: Data? = nil) -> T? {
            files += 1
            guard mode(path, dir: false) else { return nil }
            do {
                let data: Data
                if let bytes { data = bytes } else { data = try store.fs.read(path) }
                return try store.decodeFromDisk(type, from: data, path: path)
            } catch {
                // Sealed to a key this process does not hold: its envelope was checked, not its content.
                if case .sealed = error {
                    unopened += 1
                    return nil
                }
                problems.append(StoreProblem(error, path: path))
                return nil
            }
        }
        mode(layout.root, dir: true)
        mode(layout.clients, dir: true)
        _ = check(ClinicConfig.self, layout.config)
        for name in try store.fs.list(layout.instruments).sorted() where name.hasSuffix(".json") {
            files += 1
            let path = layout.instruments + "/" + name
            guard mode(path, dir: false) else { continue }
            do {
                _ = try InstrumentLoader.load(file: URL(fileURLWithPath: path))
            } catch {
                problems.append(StoreProblem(path: path, reason: "\(error)"))
            }
        }
        let entries = try store.fs.list(layout.clients).sorted()
        for (index, name) in entries.enumerated() {
            progress?(index, entries.count)
            let dir = layout.clients + "/" + name
            if name.hasPrefix(".new-") {
                problems.append(
                    StoreProblem(path: dir, reason: "unfinished client creation (safe to delete)", isWarning: true))
                continue
            }
            guard let id = try? ClientID(name) else {
                problems.append(StoreProblem(path: dir, reason: "not a valid client directory name"))
                continue
            }
            do throws(StoreError) {
                try store.requireRealDirectory(dir)
            } catch {
                problems.append(StoreProblem(error, path: dir))
                continue
            }
            mode(dir, dir: true)
            let clientRecord = check(ClientRecord.self, layout.clientFile(id))
            problems += sealingProblems(id, therapist: clientRecord?.therapist)
            if store.fs.exists(layout.notes(id)) { _ = check(NotesFile.self, layout.notes(id)) }
            if store.fs.exists(layout.acknowledgements(id)) {
                _ = check(AcknowledgementsFile.self, layout.acknowledgements(id))
            }
            mode(layout.records(id), dir: true)
            var names = Set<String>()
            for file in try store.fs.list(layout.records(id)).sorted() {
                let path = layout.records(id) + "/" + file
                if file.hasPrefix(".") {
                    if file.contains(".tmp-") {
                        problems.append(
                            StoreProblem(
                                path: path, reason: "leftover temporary file of an interrupted write (safe to delete)",
                                isWarning: true))
                    }
                    continue
                }
                guard file.hasSuffix(".json"), RecordName(id: String(file.dropLast(5))) != nil else {
                    problems.append(StoreProblem(path: path, reason: "not a record file name"))
                    continue
                }
                guard let record = check(AdministrationRecord.self, path) else { continue }
                names.insert(record.id)
                if record.id + ".json" != file || record.clientId != id {
                    problems.append(StoreProblem(path: path, reason: "record id or client does not match its file"))
                }
                if let catalog {
                    if let inst = try? catalog.instrument(record.instrument.id) {
                        if inst.version != record.instrument.version {
                            problems.append(
                                StoreProblem(
                                    path: path,
                                    reason:
                                        "instrument \(record.instrument.id) version \(record.instrument.version) is not the installed version \(inst.version)"
                                ))
                        } else if record.answers.count != inst.items.count {
                            problems.append(
                                StoreProblem(
                                    path: path,
                                    reason:
                                        "has \(record.answers.count) answers; \(inst.id) has \(inst.items.count) items")
                            )
                        }
                    } else {
                        problems.append(StoreProblem(path: path, reason: "unknown instrument \(record.instrument.id)"))
                    }
                }
            }
            if store.fs.exists(layout.summary(id)) {
                let bytes = try? store.fs.read(layout.summary(id))
                if let bytes, DataStore.isTornDerived(bytes) {
                    files += 1
                    mode(layout.summary(id), dir: false)
                    problems.append(
                        StoreProblem(
                            path: layout.summary(id),
                            reason: "torn by an interrupted rewrite (rebuilt automatically on the next save)",
                            isWarning: true))
                } else if let summary = check(ClientSummary.self, layout.summary(id), bytes: bytes) {
                    if try summary.recordCount != store.recordFileCount(id)
                        || summary.generation != FileLock.peekCounter(path: layout.lock(id))
                        || !summary.isCurrentFormat
                    {
                        problems.append(
                            StoreProblem(
                                path: layout.summary(id), reason: "stale (rebuilt automatically on the next save)",
                                isWarning: true))
                    }
                }
            }
            for file in try store.fs.list(layout.drafts(id)).sorted()
            where file.hasSuffix(".json") && !file.hasPrefix(".") {
                _ = check(Draft.self, layout.drafts(id) + "/" + file)
            }
        }
        progress?(entries.count, entries.count)
        problems += auditProblems()
        problems += permissionProblems(
            alreadyReported: Set(problems.filter { $0.kind == .permissions }.map(\.path)))
        return Report(problems: problems, filesChecked: files, filesNotOpened: unopened)
    }
}
