import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One file's pending sync: an fdatasync (or a full fsync) of an open descriptor, which the
/// owner keeps open until the sync has run. A save makes several files durable before the new
/// record's name appears (the change counters, the record's contents): ``run(_:)`` issues them
/// together, so that the disk serves them as one batch instead of one after another.
public struct FileSync: Sendable {
    let fd: Int32
    /// What the file is, for the error.
    let path: String
    /// fsync instead of fdatasync (a new file: its size and place are metadata too).
    let full: Bool
    /// The operation named by a failure.
    let operation: String

    init(fd: Int32, path: String, full: Bool = false, operation: String? = nil) {
        self.fd = fd
        self.path = path
        self.full = full
        self.operation = operation ?? (full ? "fsync" : "fdatasync")
    }

    /// Syncs the file; a failure names it.
    public func run() throws(StoreError) {
        let failed = full ? fsync(fd) != 0 : fdatasync(fd) != 0
        if failed { throw .io(path: path, operation: operation, errno: errno) }
    }

    /// Runs every sync at once on the worker threads, returning when all have ended; the first
    /// failure (in the order given) is thrown. One sync runs on the calling thread.
    public static func run(_ syncs: [FileSync]) throws(StoreError) {
        if syncs.count <= 1 {
            try syncs.first?.run()
            return
        }
        try run(syncs, first: nil)
    }

    /// Runs `first` (a sync through the file-system seam, such as a directory's) at the same time
    /// as `syncs`; the first failure — `first`'s, then the syncs' in order — is thrown.
    public static func run(
        _ syncs: [FileSync], with first: @escaping @Sendable () throws(StoreError) -> Void
    ) throws(StoreError) {
        try run(syncs, first: first)
    }

    private static func run(
        _ syncs: [FileSync], first: (@Sendable () throws(StoreError) -> Void)?
    ) throws(StoreError) {
        let offset = first == nil ? 0 : 1
        let failures = EntrySlots<StoreError>(count: syncs.count + offset)
        DispatchQueue.concurrentPerform(iterations: syncs.count + offset) { i in
            do throws(StoreError) {
                if i < offset { try first?() } else { try syncs[i - offset].run() }
            } catch {
                failures.set(i, error)
            }
        }
        if let failure = failures.values().lazy.compactMap({ $0 }).first { throw failure }
    }
}

/// Syncs started ahead (``FileSync/start(_:)``): each runs on a worker thread on its own duplicate
/// of the descriptor, so the owner may close its descriptor (or release its lock) at any time;
/// `wait()` returns once all have ended and throws the first failure, in the order given. A save
/// starts a change counter's sync as soon as the counter is written, so that it runs while the
/// record is encoded and written instead of after; the save waits for it before the record's name
/// appears. Never waited for (the caller threw first), the syncs still end and close their
/// descriptors.
public final class StartedSyncs: Sendable {
    private let group = DispatchGroup()
    private let failures: EntrySlots<StoreError>
    /// A failure known before any sync ran (``failed(_:)``).
    private let preset = EntrySlots<StoreError>(count: 1)

    fileprivate init(_ syncs: [FileSync]) {
        failures = EntrySlots(count: syncs.count)
        for (i, sync) in syncs.enumerated() {
            let own = dup(sync.fd)
            if own < 0 {
                failures.set(i, .io(path: sync.path, operation: sync.operation, errno: errno))
                continue
            }
            let mine = FileSync(fd: own, path: sync.path, full: sync.full, operation: sync.operation)
            let failures = failures
            DispatchQueue.global().async(group: group) {
                do throws(StoreError) {
                    try mine.run()
                } catch {
                    failures.set(i, error)
                }
                close(own)
            }
        }
    }

    /// Syncs that have already failed with `error` (a file system that simulates a failure).
    public static func failed(_ error: StoreError) -> StartedSyncs {
        let out = StartedSyncs([])
        out.preset.set(0, error)
        return out
    }

    /// Waits for every sync; the first failure (in the order given) is thrown.
    public func wait() throws(StoreError) {
        group.wait()
        if let failure = (preset.values() + failures.values()).lazy.compactMap({ $0 }).first { throw failure }
    }
}

extension FileSync {
    /// Starts `syncs` now, on the worker threads (``StartedSyncs``).
    public static func start(_ syncs: [FileSync]) -> StartedSyncs { StartedSyncs(syncs) }
}

/// A new file written under a temporary name (``FileSystem/prepareAtomicWrite(_:to:)``), not yet
/// synced: `begin` starts its syncs; a prepared write never begun (the caller threw in between)
/// is removed.
public final class PreparedWrite: @unchecked Sendable {
    private let start: (_ durable: Bool, _ syncDirectory: Bool, _ alongside: [FileSync]) -> PendingWrite
    private let cancel: () -> Void
    private var begun = false

    init(
        start: @escaping (_ durable: Bool, _ syncDirectory: Bool, _ alongside: [FileSync]) -> PendingWrite,
        discard: @escaping () -> Void
    ) {
        self.start = start
        cancel = discard
    }

    /// Starts the file's fsync (when `durable`) and the syncs `alongside`; the returned write's
    /// `finish()` waits for them and renames the file into place (its directory synced after
    /// the rename when `syncDirectory`).
    public func begin(durable: Bool, syncDirectory: Bool, alongside: [FileSync]) -> PendingWrite {
        precondition(!begun, "a prepared write begun twice")
        begun = true
        return start(durable, syncDirectory, alongside)
    }

    deinit {
        if !begun { cancel() }
    }
}

/// A new file being synced (``FileSystem/beginAtomicWrite(_:to:durable:syncDirectory:alongside:)``):
/// `finish()` waits for the syncs and puts the file in place; a write never finished (the caller
/// threw in between) is removed, never renamed.
public final class PendingWrite: @unchecked Sendable {
    private let complete: () throws(StoreError) -> Void
    private let cancel: () -> Void
    private var done = false

    init(finish: @escaping () throws(StoreError) -> Void, discard: @escaping () -> Void) {
        complete = finish
        cancel = discard
    }

    /// Waits for the syncs and renames the file into place; a failed sync is thrown and the
    /// file removed.
    public func finish() throws(StoreError) {
        precondition(!done, "a pending write finished twice")
        done = true
        try complete()
    }

    deinit {
        if !done { cancel() }
    }
}

/// New contents of a derived file written into its spare (``FileSystem/stageDerived(_:at:)``),
/// waiting to be put in place. Never committed, it stays a spare, which nothing reads.
public final class StagedReplace: Sendable {
    private let exchange: @Sendable () -> Bool

    init(exchange: @escaping @Sendable () -> Bool) {
        self.exchange = exchange
    }

    /// Puts the staged contents in place (exchanging names with the spare); false when that
    /// failed and the file is unchanged — the caller then replaces it the ordinary way.
    public func commit() -> Bool { exchange() }
}
