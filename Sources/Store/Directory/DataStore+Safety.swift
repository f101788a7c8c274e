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
}
