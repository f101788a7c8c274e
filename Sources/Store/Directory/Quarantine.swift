import Foundation
import Instruments

#if canImport(Glibc)
    import Glibc
#endif

/// Moves damaged files out of the way, into `<data-dir>/quarantine/<UTC time>/<relative path>`,
/// each with one atomic `rename` (same file system), under the client's lock, logged in the audit
/// log. Nothing is deleted: a quarantined file can be inspected and moved back by hand.
///
/// Only files that cannot be read are moved: empty, truncated or invalid JSON, wrong field types,
/// symbolic links, non-regular files, foreign files among the records. Files that are readable but
/// questioned (a newer `schemaVersion`, an instrument version this rapport does not have) stay, as
/// do `rapport.json` and the audit log, which rapport needs in place.
public struct Quarantine {
    /// The data directory to clean up.
    public let store: DataStore
    /// The audit role of whoever runs it.
    public var role: AuditRole

    /// A quarantine run on `store`, logged under `role`.
    public init(store: DataStore, role: AuditRole = .admin) {
        self.store = store
        self.role = role
    }

    /// A file moved aside.
    public struct Move: Sendable, Equatable {
        /// Where the file was, relative to the data directory.
        public var from: String
        /// Where it is now, inside the dated quarantine folder.
        public var to: String
    }

    /// What `run` did.
    public struct Outcome: Sendable {
        /// The dated folder the files went to (nil when nothing was moved).
        public var folder: String?
        /// The files moved aside.
        public var moved: [Move]
        /// Problems left in place, with the reason they were not moved.
        public var kept: [StoreProblem]
    }

    /// `<data-dir>/quarantine`.
    public var directory: String { store.layout.root + "/quarantine" }

    /// Moves aside every damaged file among the report's errors.
    public func run(_ report: StoreChecker.Report) throws(StoreError) -> Outcome {
        let root = store.layout.root
        var seen = Set<String>()
        var moved: [Move] = []
        var kept: [StoreProblem] = []
        var folder: String?
        for problem in report.errors where seen.insert(problem.path).inserted {
            guard problem.path.hasPrefix(root + "/") else {
                kept.append(StoreProblem(path: problem.path, reason: "outside the data directory; not moved"))
                continue
            }
            let relative = String(problem.path.dropFirst(root.count + 1))
            if let why = reasonToKeep(relative: relative) {
                kept.append(StoreProblem(path: problem.path, reason: why))
                continue
            }
            let target: String
            if let folder {
                target = folder
            } else {
                target = try makeFolder()
                folder = target
            }
            let lock = try clientLock(for: relative)
            defer { lock?.unlock() }
            // The file may have changed since the check; look again under the lock.
            if reasonToKeep(relative: relative) != nil { continue }
            moved.append(try move(relative: relative, into: target))
        }
        return Outcome(folder: folder, moved: moved, kept: kept)
    }

    /// Moves one entry aside, without taking any lock (the caller holds the client's), into a new
    /// dated folder; logged in the audit log. Used by the store before it replaces a damaged file
    /// it manages itself (a summary, a draft), so that not even those are overwritten.
    @discardableResult
    public func moveAside(_ path: String) throws(StoreError) -> Move {
        let root = store.layout.root
        guard path.hasPrefix(root + "/") else { throw .invalid("\(path) is outside the data directory") }
        return try move(relative: String(path.dropFirst(root.count + 1)), into: try makeFolder())
    }

    private func move(relative: String, into folder: String) throws(StoreError) -> Move {
        let source = store.layout.root + "/" + relative
        let destination = folder + "/" + relative
        try store.fs.makeDirectory((destination as NSString).deletingLastPathComponent)
        try store.fs.rename(source, to: destination)
        // The caseload index may hold what the moved file said: make the next read rebuild it.
        try? store.invalidateCaseloadIndex()
        // Quarantined files are still clinical data: private, whatever mode they arrived with.
        var st = stat()
        if lstat(destination, &st) == 0 {
            switch st.st_mode & S_IFMT {
            case S_IFREG: _ = chmod(destination, 0o600)
            case S_IFDIR: _ = chmod(destination, 0o700)
            default: break
            }
        }
        if store.durable {
            try PosixFileSystem().syncDirectory((source as NSString).deletingLastPathComponent)
            try PosixFileSystem().syncDirectory((destination as NSString).deletingLastPathComponent)
        }
        try store.audit.append(.fileQuarantined, role: role, path: relative)
        return Move(from: source, to: destination)
    }

    /// Nil when the file at `relative` is damaged and may be moved; else why it stays.
    func reasonToKeep(relative: String) -> String? {
        let path = store.layout.root + "/" + relative
        let parts = relative.split(separator: "/").map(String.init)
        if ["rapport.json", "audit.log", "audit.head"].contains(relative) {
            return "rapport needs this file in place; repair or restore it by hand"
        }
        if parts.first == "quarantine" { return "already in quarantine" }
        var st = stat()
        guard lstat(path, &st) == 0 else { return "no longer there" }
        switch st.st_mode & S_IFMT {
        case S_IFLNK:
            return nil
        case S_IFDIR:
            // Only foreign directories among the clients (bad names) are moved whole.
            if parts.count == 2, parts[0] == "clients", !ClientID.isValid(parts[1]), !parts[1].hasPrefix(".") {
                return nil
            }
            return "a directory; not moved"
        case S_IFREG:
            break
        default:
            return nil
        }
        do {
            let data = try store.fs.read(path)
            switch parts.count {
            case 2 where parts[0] == "instruments":
                do {
                    _ = try InstrumentLoader.load(data: data, file: path)
                } catch {
                    if case .newerFormat = error { return "written for a newer rapport; upgrade instead" }
                    return nil
                }
            case 3 where parts[0] == "clients" && parts[2] == "client.json":
                _ = try StoreCoding.decode(ClientRecord.self, from: data, path: path)
            case 3 where parts[0] == "clients" && parts[2] == "summary.json":
                _ = try store.decodeFromDisk(ClientSummary.self, from: data, path: path)
            case 3 where parts[0] == "clients" && parts[2] == "notes.json":
                _ = try store.decodeFromDisk(NotesFile.self, from: data, path: path)
            case 4 where parts[0] == "clients" && parts[2] == "drafts":
                _ = try store.decodeFromDisk(Draft.self, from: data, path: path)
            case 4 where parts[0] == "clients" && parts[2] == "records":
                let name = parts[3]
                guard name.hasSuffix(".json"), RecordName(id: String(name.dropLast(5))) != nil else { return nil }
                let record = try store.decodeFromDisk(AdministrationRecord.self, from: data, path: path)
                if record.id + ".json" != name || record.clientId.rawValue != parts[1] { return nil }
            default:
                return "not a file rapport manages; not moved"
            }
        } catch {
            if case .newerSchema = error { return "written by a newer rapport; upgrade instead of moving it" }
            if case .io = error { return "cannot be read: \(error)" }
            if case .sealed = error { return "sealed, and this process holds no key to check it; not moved" }
            return nil
        }
        return "readable; the problem is in its content, so it stays in place"
    }

    private func makeFolder() throws(StoreError) -> String {
        let format = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC") ?? .current)
        let stamp = store.clock.now().formatted(format).replacingOccurrences(of: ":", with: "")
        var candidate = directory + "/" + stamp
        var n = 1
        while store.fs.exists(candidate) {
            n += 1
            candidate = directory + "/" + stamp + "-\(n)"
        }
        try store.fs.makeDirectory(candidate)
        return candidate
    }

    private func clientLock(for relative: String) throws(StoreError) -> FileLock? {
        let parts = relative.split(separator: "/")
        guard parts.count >= 3, parts[0] == "clients", let id = try? ClientID(String(parts[1])) else { return nil }
        var st = stat()
        guard lstat(store.layout.client(id), &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return nil }
        return try store.lockClient(id)
    }
}
