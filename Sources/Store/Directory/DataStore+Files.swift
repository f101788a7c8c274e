import Foundation
import Instruments

// File helpers: every write of the directory, the client lock, directory syncs.

extension DataStore {
    // MARK: Helpers

    func write<T: Encodable>(_ value: T, to path: String) throws(StoreError) {
        try fs.writeAtomically(encodeForDisk(value, path: path), to: path, durable: durable)
    }

    /// Writes a new record file: fsynced before its rename, but its directory is not synced here:
    /// ``auditSaved(_:)`` does it together with the audit line, which must follow at once. The
    /// syncs `alongside` (the change counters bumped for it) run with the record's fsync, and the
    /// record's name appears only after all of them.
    func writeRecord(_ record: AdministrationRecord, alongside: [FileSync] = []) throws(StoreError) {
        let path = layout.record(record.clientId, record.id)
        try fs.writeAtomically(
            encodeForDisk(record, path: path), to: path, durable: durable, syncDirectory: false, alongside: alongside)
    }

    /// ``writeRecord(_:alongside:)`` prepared: the record is encoded and written under a
    /// temporary name; its `begin(…)` starts the syncs (the caller computes meanwhile) and the
    /// pending write's `finish()` waits for them and gives the record its name.
    func prepareRecord(_ record: AdministrationRecord) throws(StoreError) -> PreparedWrite {
        let path = layout.record(record.clientId, record.id)
        return try fs.prepareAtomicWrite(encodeForDisk(record, path: path), to: path)
    }

    /// Writes derived data (summaries): atomic, not fsynced nor flushed; rebuilt when found stale.
    func writeDerived<T: Encodable>(_ value: T, to path: String) throws(StoreError) {
        try fs.replaceDerived(encodeForDisk(value, path: path), at: path)
    }

    /// Takes the client's advisory lock (blocks until free).
    public func lockClient(_ id: ClientID) throws(StoreError) -> FileLock {
        if !fs.exists(layout.client(id)) { throw .noSuchClient(id.rawValue) }
        try requireRealDirectory(layout.client(id))
        return try FileLock(path: layout.lock(id))
    }

    /// Runs `first` and `second` at the same time (a save's independent steps on two cores) and
    /// returns both results. `first` starts at once on the calling thread, `second` on a worker
    /// that starts 20–90 µs later on this project's machine: the longer step goes first. When
    /// either throws, `first`'s error is thrown if it has one, else `second`'s, and the other's
    /// result is dropped (a ``PreparedWrite`` removes its file, a lock is released).
    func atOnce<A, B>(
        _ first: @Sendable () throws(StoreError) -> A, _ second: @Sendable () throws(StoreError) -> B
    ) throws(StoreError) -> (A, B) {
        let a = EntrySlots<Result<A, StoreError>>(count: 1)
        let b = EntrySlots<Result<B, StoreError>>(count: 1)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                a.set(0, Result { () throws(StoreError) in try first() })
            } else {
                b.set(0, Result { () throws(StoreError) in try second() })
            }
        }
        guard let ra = a.values()[0], let rb = b.values()[0] else { preconditionFailure("a step did not run") }
        return (try ra.get(), try rb.get())
    }

    func syncDirectory(_ dir: String) throws(StoreError) {
        let fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw .io(path: dir, operation: "open directory", errno: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .io(path: dir, operation: "fsync directory", errno: errno) }
    }

    func removeTree(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
