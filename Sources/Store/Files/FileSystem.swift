import CFileOps
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The file operations the store needs: the seam where tests inject failures (disk full, read-only).
public protocol FileSystem: Sendable {
    /// Replaces `path` atomically with `data` (temp file in the same directory, fsync, rename,
    /// fsync of the directory when `durable`). The file ends up 0600.
    func writeAtomically(_ data: Data, to path: String, durable: Bool) throws(StoreError)
    /// As ``writeAtomically(_:to:durable:)``; with `syncDirectory` false the directory is not
    /// fsynced after the rename (the file itself still is, before it, when `durable`): the caller
    /// makes the new name durable with ``syncDirectory(_:)`` together with later changes.
    func writeAtomically(_ data: Data, to path: String, durable: Bool, syncDirectory: Bool) throws(StoreError)
    /// As ``writeAtomically(_:to:durable:syncDirectory:)``, with other files that must be on disk
    /// before the new name is (a save's change counters): their syncs run together with the new
    /// file's, and the rename waits for all of them; when one fails, nothing is renamed.
    func writeAtomically(
        _ data: Data, to path: String, durable: Bool, syncDirectory: Bool, alongside: [FileSync]
    ) throws(StoreError)
    /// The first step of ``beginAtomicWrite(_:to:durable:syncDirectory:alongside:)``: the new
    /// file is written under a temporary name, nothing synced or renamed yet, so that a caller
    /// can make it while another thread prepares what must be synced with it;
    /// ``PreparedWrite/begin(durable:syncDirectory:alongside:)`` starts the syncs. A prepared
    /// write never begun is removed.
    func prepareAtomicWrite(_ data: Data, to path: String) throws(StoreError) -> PreparedWrite
    /// Replaces derived data (a summary) atomically, not fsynced: a reader sees the old file or
    /// the new one, never neither. Unlike a rename over the old file, it does not make ext4 start
    /// writing the new file's data at once (its `auto_da_alloc` heuristic, 0.3–3 ms per save on a
    /// busy disk); after a power cut the file may be empty or hold zeros (torn), which readers
    /// rebuild. It may keep the previous contents in a spare beside the file
    /// (``PosixFileSystem/spareName(for:)``), which nothing reads; ``removeSpare(of:)`` removes it.
    func replaceDerived(_ data: Data, at path: String) throws(StoreError)
    /// ``replaceDerived(_:at:)`` in two steps: `data` is written into the spare now (nothing reads
    /// it), and the returned value's `commit()` exchanges the names later (a save writes its new
    /// summary while its record syncs, and puts it in place once the record is durable). Nil when
    /// there is no spare to write into; the caller then calls ``replaceDerived(_:at:)``.
    func stageDerived(_ data: Data, at path: String) -> StagedReplace?
    /// Starts other files' syncs now, on worker threads (``FileSync/start(_:)``): a save starts
    /// each change counter's as soon as it is written and waits for them before its record's name
    /// appears. A failure is thrown by ``StartedSyncs/wait()``.
    func startSyncs(_ syncs: [FileSync]) -> StartedSyncs
    /// fsyncs a directory: the names created, renamed or removed in it are on disk.
    func syncDirectory(_ dir: String) throws(StoreError)
    /// Reads a regular file; a symlink or other non-regular file is refused.
    func read(_ path: String) throws(StoreError) -> Data
    /// Creates a directory 0700 (and its parents). Succeeds when it exists.
    func makeDirectory(_ path: String) throws(StoreError)
    /// Names in a directory (no "." or ".."); empty when the directory does not exist.
    func list(_ path: String) throws(StoreError) -> [String]
    /// Whether something exists at `path` (without following a final symlink).
    func exists(_ path: String) -> Bool
    /// Renames atomically.
    func rename(_ from: String, to: String) throws(StoreError)
    /// Removes a file.
    func remove(_ path: String) throws(StoreError)
    /// Flushes everything written so far to disk (used after bulk writes).
    func syncAll()
    /// Appends to a file (created 0600), in one write, not fsynced (derived data only).
    func append(_ data: Data, to path: String) throws(StoreError)
}

extension FileSystem {
    /// A plain atomic replace (a file system without an exchange).
    public func replaceDerived(_ data: Data, at path: String) throws(StoreError) {
        try writeAtomically(data, to: path, durable: false)
    }

    /// Nothing staged (a file system without a spare).
    public func stageDerived(_ data: Data, at path: String) -> StagedReplace? { nil }

    /// The syncs started on worker threads (``FileSync/start(_:)``).
    public func startSyncs(_ syncs: [FileSync]) -> StartedSyncs { FileSync.start(syncs) }

    /// Removes the spare that ``replaceDerived(_:at:)`` keeps beside `path`, if there is one: it
    /// holds an earlier version of the file, to be dropped when the file's format or keys change.
    public func removeSpare(of path: String) throws(StoreError) {
        let spare = PosixFileSystem.spareName(for: path)
        if exists(spare) { try remove(spare) }
    }

    /// Syncs the directory as well (a file system that cannot defer it).
    public func writeAtomically(
        _ data: Data, to path: String, durable: Bool, syncDirectory: Bool
    ) throws(StoreError) {
        try writeAtomically(data, to: path, durable: durable)
    }

    /// The other files' syncs first, then the write (a file system that cannot run them together).
    public func writeAtomically(
        _ data: Data, to path: String, durable: Bool, syncDirectory: Bool, alongside: [FileSync]
    ) throws(StoreError) {
        try FileSync.run(alongside)
        try writeAtomically(data, to: path, durable: durable, syncDirectory: syncDirectory)
    }

    /// Everything at `finish()` (a file system that cannot write or sync ahead).
    public func prepareAtomicWrite(_ data: Data, to path: String) throws(StoreError) -> PreparedWrite {
        PreparedWrite(
            start: { durable, syncDirectory, alongside in
                PendingWrite(
                    finish: { () throws(StoreError) in
                        try writeAtomically(
                            data, to: path, durable: durable, syncDirectory: syncDirectory, alongside: alongside)
                    }, discard: {})
            }, discard: {})
    }

    /// Starts ``writeAtomically(_:to:durable:syncDirectory:alongside:)``: the new file is written
    /// and the syncs started; the caller goes on (computing what it writes next) and calls
    /// ``PendingWrite/finish()``, which waits for them and renames the file into place.
    public func beginAtomicWrite(
        _ data: Data, to path: String, durable: Bool, syncDirectory: Bool, alongside: [FileSync]
    ) throws(StoreError) -> PendingWrite {
        try prepareAtomicWrite(data, to: path).begin(
            durable: durable, syncDirectory: syncDirectory, alongside: alongside)
    }

    public func syncDirectory(_ dir: String) throws(StoreError) {
        try PosixFileSystem.syncDirectory(dir)
    }

    public func append(_ data: Data, to path: String) throws(StoreError) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd < 0 { throw .io(path: path, operation: "open for append", errno: errno) }
        defer { close(fd) }
        if let failed = PosixFileSystem.writeAll(data, to: fd) {
            throw .io(path: path, operation: "append", errno: failed)
        }
    }
}

/// The real file system, through POSIX calls.
public struct PosixFileSystem: FileSystem {
    /// The real file system.
    public init() {}

    /// Writes `data` to a temporary file (0600) beside `path` and renames it over `path`; with
    /// `durable`, the file is fsynced before the rename and its directory after it.
    public func writeAtomically(_ data: Data, to path: String, durable: Bool) throws(StoreError) {
        try writeAtomically(data, to: path, durable: durable, syncDirectory: durable)
    }

    /// As ``writeAtomically(_:to:durable:)``; the directory is fsynced only with `syncDirectory`.
    public func writeAtomically(
        _ data: Data, to path: String, durable: Bool, syncDirectory: Bool
    ) throws(StoreError) {
        try writeAtomically(data, to: path, durable: durable, syncDirectory: syncDirectory, alongside: [])
    }

    /// As ``writeAtomically(_:to:durable:syncDirectory:)``; the new file's fsync and the syncs
    /// `alongside` run at once (the disk serves them together: 2 fdatasyncs of counters and a new
    /// file's fsync took 0.68 ms so, 0.80 ms one after another, on this project's machine).
    public func writeAtomically(
        _ data: Data, to path: String, durable: Bool, syncDirectory: Bool, alongside: [FileSync]
    ) throws(StoreError) {
        let (tmp, fd) = try createTemporary(data, beside: path)
        var failed: StoreError?
        do throws(StoreError) {
            try FileSync.run((durable ? [FileSync(fd: fd, path: path, full: true)] : []) + alongside)
        } catch {
            failed = error
        }
        try place(tmp, fd: fd, failed: failed, at: path, syncDirectory: durable && syncDirectory)
    }

    /// Writes the temporary file at once; its `begin` starts the file's fsync and the syncs
    /// `alongside` on the worker threads, and `finish()` waits for them, then renames (or removes
    /// the file when one failed).
    public func prepareAtomicWrite(_ data: Data, to path: String) throws(StoreError) -> PreparedWrite {
        let (tmp, fd) = try createTemporary(data, beside: path)
        return PreparedWrite(
            start: { durable, syncDirectory, alongside in
                let syncs = (durable ? [FileSync(fd: fd, path: path, full: true)] : []) + alongside
                let failures = EntrySlots<StoreError>(count: syncs.count)
                let group = DispatchGroup()
                for (i, sync) in syncs.enumerated() {
                    DispatchQueue.global().async(group: group) {
                        do throws(StoreError) {
                            try sync.run()
                        } catch {
                            failures.set(i, error)
                        }
                    }
                }
                return PendingWrite(
                    finish: { () throws(StoreError) in
                        group.wait()
                        try place(
                            tmp, fd: fd, failed: failures.values().lazy.compactMap { $0 }.first, at: path,
                            syncDirectory: durable && syncDirectory)
                    },
                    discard: {
                        group.wait()
                        close(fd)
                        unlink(tmp)
                    })
            },
            discard: {
                close(fd)
                unlink(tmp)
            })
    }

    /// Replaces `path` with `data` by exchanging names (`renameat2(RENAME_EXCHANGE)`) with the
    /// spare beside it (``spareName(for:)``), which then holds the old contents until the next
    /// replace writes into it again: a save frees no inode (on ext4 without a journal, creating a
    /// file skips every inode freed in the last 60 s, 300 s while its inode block is unwritten, and
    /// grew 5× slower over 200 saves). The spare's old blocks are freed (holes punched) before it is written, so that
    /// it holds the new contents, zeros, or a prefix of the old followed by the new — never a part
    /// of the old after the new — to a reader that opened it while it was `path`, or after a power
    /// cut; readers find zeros undecodable and rebuild. Where there is no spare yet, or the file
    /// system cannot punch holes, a new temporary file is written and exchanged (it becomes the
    /// spare); where there is nothing to exchange with (no file yet, not a regular file) or the
    /// file system cannot exchange, a plain rename.
    public func replaceDerived(_ data: Data, at path: String) throws(StoreError) {
        let spare = PosixFileSystem.spareName(for: path)
        if try replaceThroughSpare(data, at: path, spare: spare) { return }
        let (tmp, fd) = try createTemporary(data, beside: path)
        if close(fd) != 0 {
            let code = errno
            unlink(tmp)
            throw .io(path: path, operation: "close", errno: code)
        }
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, cfo_rename_exchange(tmp, path) == 0 {
            // The old contents become the spare; a name left behind (a kill just here) holds them
            // too, and `check` reports it.
            if Glibc.rename(tmp, spare) != 0 { unlink(tmp) }
            return
        }
        if Glibc.rename(tmp, path) != 0 {
            let code = errno
            unlink(tmp)
            throw .io(path: path, operation: "rename", errno: code)
        }
    }

    /// The name of the spare beside derived file `path` (`.<name>.spare`, hidden like every name
    /// that is not the data itself): it holds an earlier version of `path`, which nothing reads.
    public static func spareName(for path: String) -> String {
        (path as NSString).deletingLastPathComponent + "/." + (path as NSString).lastPathComponent + ".spare"
    }

    /// Writes `data` into the spare of `path` now; `commit()` exchanges the two names. Nil when
    /// there is no spare to use or writing into it failed (`path` is unchanged either way).
    public func stageDerived(_ data: Data, at path: String) -> StagedReplace? {
        let spare = PosixFileSystem.spareName(for: path)
        guard (try? fillSpare(data, at: path, spare: spare)) == true else { return nil }
        return StagedReplace { PosixFileSystem.exchange(spare, with: path) }
    }

    /// ``replaceDerived(_:at:)`` through the spare: false when there is none to use (none yet, not
    /// a regular file of one link, holes not punched) or nothing to exchange it with; the caller
    /// then writes a new file. Throws when writing into the spare fails (`path` is unchanged).
    private func replaceThroughSpare(_ data: Data, at path: String, spare: String) throws(StoreError) -> Bool {
        try fillSpare(data, at: path, spare: spare) && PosixFileSystem.exchange(spare, with: path)
    }

    /// Exchanges the names of the filled spare and `path` (a regular file); false when there is
    /// nothing to exchange with or the file system cannot.
    private static func exchange(_ spare: String, with path: String) -> Bool {
        var current = stat()
        return lstat(path, &current) == 0 && (current.st_mode & S_IFMT) == S_IFREG
            && cfo_rename_exchange(spare, path) == 0
    }

    /// Writes `data` into the spare, its old blocks freed first: false when there is none to use
    /// (none yet, not a regular file of one link — then removed —, holes not punched); throws when
    /// the write fails.
    private func fillSpare(_ data: Data, at path: String, spare: String) throws(StoreError) -> Bool {
        let fd = open(spare, O_WRONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        if fd < 0 { return false }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_nlink == 1,
            st.st_size == 0 || cfo_punch_hole(fd, Int64(st.st_size)) == 0
        else {
            close(fd)
            unlink(spare)
            return false
        }
        var failed = PosixFileSystem.writeAll(data, to: fd).map {
            StoreError.io(path: path, operation: "write", errno: $0)
        }
        if failed == nil, Int(st.st_size) > data.count, ftruncate(fd, off_t(data.count)) != 0 {
            failed = .io(path: path, operation: "truncate", errno: errno)
        }
        if close(fd) != 0, failed == nil { failed = .io(path: path, operation: "close", errno: errno) }
        if let failed { throw failed }
        return true
    }

    /// Writes all of `data` to `fd` from its current offset; the errno of a failed write, or nil.
    static func writeAll(_ data: Data, to fd: Int32) -> Int32? {
        var failed: Int32?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let n = write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                offset += n
            }
        }
        return failed
    }

    /// Closes a written temporary file and renames it to `path` (then fsyncs the directory when
    /// `syncDirectory`); when the write or a sync `failed`, or the close or rename fails, the file
    /// is removed and the error thrown.
    private func place(
        _ tmp: String, fd: Int32, failed: StoreError?, at path: String, syncDirectory: Bool
    ) throws(StoreError) {
        var failed = failed
        if close(fd) != 0, failed == nil { failed = .io(path: path, operation: "close", errno: errno) }
        if let failed {
            unlink(tmp)
            throw failed
        }
        if Glibc.rename(tmp, path) != 0 {
            let code = errno
            unlink(tmp)
            throw .io(path: path, operation: "rename", errno: code)
        }
        if syncDirectory { try PosixFileSystem.syncDirectory((path as NSString).deletingLastPathComponent) }
    }

    /// A new temporary file (0600) in `path`'s directory holding `data`, still open; nothing is
    /// left behind when it fails.
    private func createTemporary(_ data: Data, beside path: String) throws(StoreError) -> (path: String, fd: Int32) {
        let dir = (path as NSString).deletingLastPathComponent
        let base = (path as NSString).lastPathComponent
        let tmp = dir + "/." + base + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 { throw .io(path: path, operation: "create", errno: errno) }
        if let code = PosixFileSystem.writeAll(data, to: fd) {
            close(fd)
            unlink(tmp)
            throw .io(path: path, operation: "write", errno: code)
        }
        return (tmp, fd)
    }

    /// fsyncs the directory `dir`.
    public func syncDirectory(_ dir: String) throws(StoreError) {
        try PosixFileSystem.syncDirectory(dir)
    }

    static func syncDirectory(_ dir: String) throws(StoreError) {
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd < 0 { throw .io(path: dir, operation: "open directory", errno: errno) }
        defer { close(dfd) }
        if fsync(dfd) != 0 { throw .io(path: dir, operation: "fsync directory", errno: errno) }
    }

    /// The whole content of `path`.
    public func read(_ path: String) throws(StoreError) -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 {
            let code = errno
            if code == ELOOP { throw .corrupt(path: path, reason: "is a symbolic link; rapport does not follow links") }
            throw .io(path: path, operation: "open", errno: code)
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw .io(path: path, operation: "stat", errno: errno) }
        if (st.st_mode & S_IFMT) != S_IFREG { throw .corrupt(path: path, reason: "is not a regular file") }
        var data = Data(count: Int(st.st_size))
        var total = 0
        var readError: Int32 = 0
        data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) in
            while total < buffer.count {
                let n = Glibc.read(fd, buffer.baseAddress.map { $0 + total }, buffer.count - total)
                if n < 0 {
                    if errno == EINTR { continue }
                    readError = errno
                    return
                }
                if n == 0 { break }
                total += n
            }
        }
        if readError != 0 { throw .io(path: path, operation: "read", errno: readError) }
        if total < data.count { data.removeSubrange(total...) }
        return data
    }

    /// Creates `path` (0700) when it does not exist.
    public func makeDirectory(_ path: String) throws(StoreError) {
        var st = stat()
        if lstat(path, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return }
            throw .corrupt(path: path, reason: "exists and is not a directory")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path, !exists(parent) { try makeDirectory(parent) }
        if mkdir(path, 0o700) != 0 {
            if errno == EEXIST { return }
            throw .io(path: path, operation: "mkdir", errno: errno)
        }
        chmod(path, 0o700)
    }

    /// The names in directory `path`, without `.` and `..`.
    public func list(_ path: String) throws(StoreError) -> [String] {
        guard let dir = opendir(path) else {
            if errno == ENOENT { return [] }
            throw .io(path: path, operation: "list", errno: errno)
        }
        defer { closedir(dir) }
        var names: [String] = []
        // d_name is read in place, up to its NUL: copying `entry.pointee` would read a whole
        // `struct dirent` (280 bytes), past the end of a short last entry in readdir's buffer, and
        // crashed (SIGSEGV) when that buffer ended at a page boundary (found by the concurrency test).
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
        while let entry = readdir(dir) {
            let name = String(cString: (UnsafeRawPointer(entry) + nameOffset).assumingMemoryBound(to: CChar.self))
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Whether anything exists at `path`.
    public func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Renames `from` to `to` atomically (same file system).
    public func rename(_ from: String, to: String) throws(StoreError) {
        if Glibc.rename(from, to) != 0 { throw .io(path: to, operation: "rename", errno: errno) }
    }

    /// Removes the file at `path`.
    public func remove(_ path: String) throws(StoreError) {
        if unlink(path) != 0, errno != ENOENT { throw .io(path: path, operation: "remove", errno: errno) }
    }

    /// Flushes every file system buffer to disk.
    public func syncAll() { sync() }
}
