import Foundation

extension StoreChecker {
    /// The audit log's chain breaks (errors), interrupted appends and permissions (warnings).
    func auditProblems() -> [StoreProblem] {
        let log = store.audit
        var problems: [StoreProblem] = []
        for path in [log.path, log.headPath] where store.fs.exists(path) {
            var st = stat()
            if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_mode & 0o077 != 0 {
                problems.append(.permissions(path: path, mode: st.st_mode, expected: 0o600))
            }
        }
        do {
            let result = try log.verify()
            problems += result.problems.map { StoreProblem(path: log.path, reason: $0.description) }
            problems += result.warnings.map { StoreProblem(path: log.path, reason: $0.description, isWarning: true) }
        } catch {
            problems.append(StoreProblem(error, path: log.path))
        }
        return problems
    }
}
