import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An advisory `flock` on a lock file; serialises writers from several processes.
/// The lock is released by `unlock()` or when the process exits.
public final class FileLock {
    private var fd: Int32

    /// Blocks until the exclusive lock on `path` is held (a shared one when `shared`: readers that
    /// must not see a writer's half-done change). The lock file is created 0600.
    public init(path: String, shared: Bool = false) throws(StoreError) {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 { throw .io(path: path, operation: "open lock", errno: errno) }
        while flock(fd, shared ? LOCK_SH : LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            throw .io(path: path, operation: "lock", errno: code)
        }
    }

    /// The change counter kept in the lock file (0 when never written). A change bumps it before
    /// writing, and the derived file records the value it reflects, so one that missed a write
    /// (crash between the change and the derived file) is recognised as stale with one small read.
    /// (A client's new record is the exception: its summary is checked against the record files.)
    public func readCounter() -> Int {
        FileLock.counter(fd: fd)
    }

    /// Stores a new counter value durably (fdatasync: data only, no metadata; skipped when not
    /// `durable`, for bulk generation that syncs everything at the end).
    public func writeCounter(_ value: Int, durable: Bool = true) throws(StoreError) {
        var v = UInt64(value).littleEndian
        let n = withUnsafeBytes(of: &v) { pwrite(fd, $0.baseAddress, 8, 0) }
        if n != 8 { throw .io(path: "lock file", operation: "write counter", errno: errno) }
        if durable, fdatasync(fd) != 0 { throw .io(path: "lock file", operation: "sync counter", errno: errno) }
    }

    /// The sync of a counter written with `writeCounter(_:durable: false)`, to run together with
    /// other files' (``FileSync/run(_:)``) while the lock is held.
    public var counterSync: FileSync { FileSync(fd: fd, path: "lock file", operation: "sync counter") }

    /// Reads the counter of a lock file without taking the lock (0 when absent).
    public static func peekCounter(path: String) -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { return 0 }
        defer { close(fd) }
        return counter(fd: fd)
    }

    private static func counter(fd: Int32) -> Int {
        var v: UInt64 = 0
        let n = withUnsafeMutableBytes(of: &v) { pread(fd, $0.baseAddress, 8, 0) }
        return n == 8 ? Int(truncatingIfNeeded: UInt64(littleEndian: v)) : 0
    }

    /// Releases the lock.
    public func unlock() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }

    deinit { unlock() }
}
