import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An advisory `flock` on a lock file; serialises writers from several processes.
/// The lock is released by `unlock()` or when the process exits.
public final class FileLock {
    private var fd: Int32

    /// Blocks until the exclusive lock on `path` is held. The lock file is created 0600.
    public init(path: String) throws(StoreError) {
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 { throw .io(path: path, operation: "open lock", errno: errno) }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            throw .io(path: path, operation: "lock", errno: code)
        }
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
