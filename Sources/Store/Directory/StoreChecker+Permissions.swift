import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension StoreChecker {
    /// Permission warnings for every file and directory of the data directory the main pass did not
    /// look at (drafts and instruments folders, kiosk codes, quarantine, lock files …), so that
    /// nothing clinical is group- or world-accessible unnoticed. Symbolic links are not followed.
    func permissionProblems(alreadyReported: Set<String>) -> [StoreProblem] {
        var problems: [StoreProblem] = []
        var pending = [store.layout.root]
        var visited = 0
        while let dir = pending.popLast(), visited < 1_000_000 {
            visited += 1
            guard let names = try? store.fs.list(dir) else { continue }
            for name in names.sorted() {
                let path = dir + "/" + name
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                let type = st.st_mode & S_IFMT
                if type == S_IFDIR { pending.append(path) }
                guard type == S_IFDIR || type == S_IFREG, !alreadyReported.contains(path) else { continue }
                let expected: mode_t = type == S_IFDIR ? 0o700 : 0o600
                let perms = st.st_mode & 0o777
                if perms & ~expected != 0 {
                    problems.append(.permissions(path: path, mode: perms, expected: expected))
                }
            }
        }
        return problems.sorted { $0.path < $1.path }
    }
}
