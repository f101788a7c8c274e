import Dispatch
import Foundation

extension DemoGenerator {
    /// Generates every demo client and writes it into `store`: the client, its records, and its
    /// older risk flags acknowledged (``acknowledgeOlderRisk(_:_:)``).
    ///
    /// Clients are shared out over `workers` threads (at least 1; client `i` goes to worker
    /// `i % workers`), so the files are the same whatever the number of workers. The first error
    /// stops every worker before its next client and is thrown; clients already written stay.
    /// `progress` is called, one call at a time, with the number of clients done so far.
    /// `therapist` chooses the therapist of client `i` (default: the generated display name; with
    /// demo accounts, an account id).
    /// - Returns: the number of records written.
    public func write(
        into store: DataStore, workers: Int,
        therapist: @escaping @Sendable (_ index: Int, _ generated: String?) -> String? = { $1 },
        progress: @escaping @Sendable (Int) -> Void = { _ in }
    ) throws -> Int {
        let total = options.clients
        let workers = max(1, workers)
        let state = DemoWriteState()
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var index = worker
            while index < total, !state.failed {
                do {
                    let c = try client(index)
                    try store.addClient(c.id, therapist: therapist(index, c.therapist))
                    let written = try store.importRecords(c.id, c.administrations)
                    try DemoGenerator.acknowledgeOlderRisk(store, c.id)
                    state.add(records: written.count, progress: progress)
                } catch {
                    state.fail(error)
                }
                index += workers
            }
        }
        if let error = state.error { throw error }
        return state.records
    }
}

/// Records written and the first error, shared by the demo workers (every access under the lock).
final class DemoWriteState: @unchecked Sendable {
    private let lock = NSLock()
    private var recordCount = 0
    private var clientsDone = 0
    private var firstError: (any Error)?

    var failed: Bool { lock.withLock { firstError != nil } }
    var error: (any Error)? { lock.withLock { firstError } }
    var records: Int { lock.withLock { recordCount } }

    /// One client done with `n` records; `progress` gets the clients done so far, under the lock.
    func add(records n: Int, progress: (Int) -> Void) {
        lock.withLock {
            recordCount += n
            clientsDone += 1
            progress(clientsDone)
        }
    }

    /// Keeps the first error only.
    func fail(_ e: any Error) {
        lock.withLock { if firstError == nil { firstError = e } }
    }
}
