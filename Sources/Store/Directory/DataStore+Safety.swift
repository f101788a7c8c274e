import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension DataStore {
    /// Refuses a client directory that is a symbolic link (or not a directory): following it would
    /// read or write outside the data directory.
    func requireRealDirectory(_ path: String) throws(StoreError) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: return
        case S_IFLNK: throw .corrupt(path: path, reason: "is a symbolic link; rapport does not follow links")
        default: throw .corrupt(path: path, reason: "is not a directory")
        }
    }

    /// Writes a file the store manages itself (a summary, a draft) over whatever is there; when the
    /// existing file cannot be read (damaged, a link, a newer format) it is first moved into
    /// `quarantine/`, so that a damaged file is never overwritten.
    /// Derived data (`durable` false: a summary) is replaced without a flush
    /// (``FileSystem/replaceDerived(_:at:)``), and a torn derived file, which such a replace can
    /// leave after a power cut (``isTornDerived(_:)``), holds nothing to keep.
    func writeReplacingDamaged<T: Codable>(_ value: T, to path: String, durable: Bool? = nil) throws(StoreError) {
        let derived = durable == false
        if fs.exists(path) {
            var damaged = false
            do {
                let stored = try fs.read(path)
                if !(derived && Self.isTornDerived(stored)) { _ = try decodeFromDisk(T.self, from: stored, path: path) }
            } catch {
                // A file this process cannot open (a kiosk's draft of another key) is not damaged.
                switch error {
                case .io, .sealed: break
                default: damaged = true
                }
            }
            if damaged { try Quarantine(store: self, role: .system).moveAside(path) }
        }
        if derived {
            try fs.replaceDerived(encodeForDisk(value, path: path), at: path)
        } else {
            try fs.writeAtomically(encodeForDisk(value, path: path), to: path, durable: durable ?? self.durable)
        }
    }

    /// Whether derived data as read is what a power cut (or a reader racing a replace) can leave
    /// of ``FileSystem/replaceDerived(_:at:)``: empty, or holding zero bytes where blocks were
    /// freed and not yet written again. rapport's JSON and sealed envelopes never hold a zero byte.
    static func isTornDerived(_ data: Data) -> Bool {
        data.isEmpty || data.contains(0)
    }
}
