import Foundation
import Store

/// A `FileSystem` that behaves like the real one until told to fail: a full disk (ENOSPC) or a
/// read-only file system (EROFS), for every write or only after some writes succeeded, optionally
/// leaving a half-written temporary file behind as an interrupted write would.
public final class FailingFileSystem: FileSystem, @unchecked Sendable {
    /// How writes fail.
    public enum Failure: Sendable, Equatable {
        /// ENOSPC while writing; a half-written temporary file is left beside the target.
        case diskFull
        /// EROFS: nothing can be created, renamed or removed.
        case readOnly
    }

    private let real = PosixFileSystem()
    private let lock = NSLock()
    private var failure: Failure?
    private var allowedWrites = 0
    private var writes = 0
    private var directorySyncErrno: Int32?
    private var failingAppends: String?
    private var alongsideCounts: [Int] = []
    private var alongsideErrno: Int32?
    private var startedCount = 0
    private var failingStart: Int?

    public init() {}

    /// From now on, let `after` more writes succeed, then fail every change with `failure`.
    public func fail(_ failure: Failure, after: Int = 0) {
        lock.withLock {
            self.failure = failure
            allowedWrites = after
        }
    }

    /// Behave like the real file system again.
    public func heal() {
        lock.withLock {
            failure = nil
            directorySyncErrno = nil
            failingAppends = nil
            alongsideErrno = nil
            failingStart = nil
        }
    }

    /// How many other files' syncs each new file written by
    /// ``writeAtomically(_:to:durable:syncDirectory:alongside:)`` was given to run with its own.
    public var syncsAlongside: [Int] { lock.withLock { alongsideCounts } }

    /// From now on, fail the syncs given to run alongside a new file's, or started ahead of it
    /// (a save's change counters), with `code`, until `heal()`: the file is not written.
    public func failSyncsAlongside(_ code: Int32 = EIO) { lock.withLock { alongsideErrno = code } }

    /// How many other files' syncs were started ahead (``startSyncs(_:)``; a save's caseload index counter).
    public var syncsStarted: Int { lock.withLock { startedCount } }

    /// Fail (with EIO) only the `n`th sync started ahead from now (1: the next), once.
    public func failStartedSync(_ n: Int) { lock.withLock { failingStart = startedCount + n } }

    public func startSyncs(_ syncs: [FileSync]) -> StartedSyncs {
        let code = lock.withLock { () -> Int32? in
            defer { startedCount += syncs.count }
            if let n = failingStart, n > startedCount, n <= startedCount + syncs.count {
                failingStart = nil
                return EIO
            }
            return syncs.isEmpty ? nil : alongsideErrno
        }
        if let code { return .failed(.io(path: "lock file", operation: "sync counter", errno: code)) }
        return FileSync.start(syncs)
    }

    public func writeAtomically(
        _ data: Data, to path: String, durable: Bool, syncDirectory: Bool, alongside: [FileSync]
    ) throws(StoreError) {
        let code = lock.withLock { () -> Int32? in
            alongsideCounts.append(alongside.count)
            return alongside.isEmpty ? nil : alongsideErrno
        }
        if let code { throw .io(path: "lock file", operation: "sync counter", errno: code) }
        try FileSync.run(alongside)
        try writeAtomically(data, to: path, durable: durable, syncDirectory: syncDirectory)
    }

    /// From now on, fail every ``syncDirectory(_:)`` with `code` (an I/O error by default), until `heal()`.
    public func failDirectorySyncs(_ code: Int32 = EIO) { lock.withLock { directorySyncErrno = code } }

    public func syncDirectory(_ dir: String) throws(StoreError) {
        if let code = lock.withLock({ directorySyncErrno }) {
            throw .io(path: dir, operation: "fsync directory", errno: code)
        }
        try real.syncDirectory(dir)
    }

    /// Writes that reached the real file system.
    public var successfulWrites: Int { lock.withLock { writes } }

    private func shouldFail() -> Failure? {
        lock.withLock {
            guard let failure else { return nil }
            if allowedWrites > 0 {
                allowedWrites -= 1
                return nil
            }
            return failure
        }
    }

    private func currentFailure() -> Failure? { lock.withLock { allowedWrites > 0 ? nil : failure } }

    public func writeAtomically(_ data: Data, to path: String, durable: Bool) throws(StoreError) {
        switch shouldFail() {
        case .diskFull:
            let dir = (path as NSString).deletingLastPathComponent
            let tmp = dir + "/." + (path as NSString).lastPathComponent + ".tmp-failing"
            _ = FileManager.default.createFile(atPath: tmp, contents: data.prefix(data.count / 2))
            throw .io(path: path, operation: "write", errno: ENOSPC)
        case .readOnly:
            throw .io(path: path, operation: "create", errno: EROFS)
        case nil:
            try real.writeAtomically(data, to: path, durable: durable)
            lock.withLock { writes += 1 }
        }
    }

    /// From now on, fail every ``append(_:to:)`` to a path containing `part` (ENOSPC), until `heal()`.
    public func failAppends(containing part: String) { lock.withLock { failingAppends = part } }

    public func append(_ data: Data, to path: String) throws(StoreError) {
        if let part = lock.withLock({ failingAppends }), path.contains(part) {
            throw .io(path: path, operation: "append", errno: ENOSPC)
        }
        try real.append(data, to: path)
    }

    public func read(_ path: String) throws(StoreError) -> Data { try real.read(path) }

    public func makeDirectory(_ path: String) throws(StoreError) {
        if currentFailure() != nil, !real.exists(path) {
            throw .io(path: path, operation: "mkdir", errno: currentFailure() == .readOnly ? EROFS : ENOSPC)
        }
        try real.makeDirectory(path)
    }

    public func list(_ path: String) throws(StoreError) -> [String] { try real.list(path) }

    public func exists(_ path: String) -> Bool { real.exists(path) }

    public func rename(_ from: String, to: String) throws(StoreError) {
        if currentFailure() == .readOnly { throw .io(path: to, operation: "rename", errno: EROFS) }
        try real.rename(from, to: to)
    }

    public func remove(_ path: String) throws(StoreError) {
        if currentFailure() == .readOnly { throw .io(path: path, operation: "remove", errno: EROFS) }
        try real.remove(path)
    }

    public func syncAll() { real.syncAll() }
}

/// A snapshot of every file and directory under a path (relative path → kind, mode and contents),
/// for asserting that something left a directory byte-for-byte unchanged. The contents of the
/// clients' `.lock` files (the lock and its change counter, not data) are left out unless asked for.
public struct TreeSnapshot: Equatable, Sendable, CustomStringConvertible {
    public var entries: [String: String]

    public init(_ root: String, lockContents: Bool = false) {
        var entries: [String: String] = [:]
        let fm = FileManager.default
        let paths = (try? fm.subpathsOfDirectory(atPath: root)) ?? []
        for relative in paths.sorted() {
            let path = root + "/" + relative
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            let mode = String(st.st_mode, radix: 8)
            switch st.st_mode & S_IFMT {
            case S_IFREG where !lockContents && relative.hasSuffix("/.lock"):
                entries[relative] = "lock \(mode)"
            case S_IFREG:
                let data = fm.contents(atPath: path) ?? Data()
                entries[relative] = "file \(mode) \(data.count) \(data.base64EncodedString())"
            case S_IFLNK:
                entries[relative] = "link \((try? fm.destinationOfSymbolicLink(atPath: path)) ?? "?")"
            default:
                entries[relative] = "other \(mode)"
            }
        }
        self.entries = entries
    }

    /// Paths whose entry differs between two snapshots.
    public func differences(from other: TreeSnapshot) -> [String] {
        Set(entries.keys).union(other.entries.keys).filter { entries[$0] != other.entries[$0] }.sorted()
    }

    public var description: String { entries.keys.sorted().joined(separator: "\n") }
}
