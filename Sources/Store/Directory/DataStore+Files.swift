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

    /// ``writeRecord(_:alongside:)`` started: the caller computes meanwhile and then calls
    /// `finish()`, which waits for the syncs and gives the record its name.
    func beginWriteRecord(_ record: AdministrationRecord, alongside: [FileSync]) throws(StoreError) -> PendingWrite {
        let path = layout.record(record.clientId, record.id)
        return try fs.beginAtomicWrite(
            encodeForDisk(record, path: path), to: path, durable: durable, syncDirectory: false, alongside: alongside)
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
