import Dispatch
import Foundation
import Store

/// Reads every client's summary for the caseload, spread over the available cores (the same
/// result as `DataStore.summaries()`, in client-id order, with the same problems).
public enum CaseloadReader {
    /// Below this many clients the summaries are read on one thread.
    static let parallelFrom = 64

    /// Every readable summary, sorted by client id, and the problems met.
    public static func summaries(_ store: DataStore) throws(StoreError) -> (
        summaries: [ClientSummary], problems: [StoreProblem]
    ) {
        let (ids, idProblems) = try store.clientIDs()
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        guard ids.count >= parallelFrom, workers > 1 else { return try store.summaries() }
        let slots = ResultSlots<Result<ClientSummary, StoreError>>(count: ids.count)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < ids.count {
                let id = ids[i]
                do throws(StoreError) {
                    slots.set(i, .success(try store.summary(id)))
                } catch {
                    slots.set(i, .failure(error))
                }
                i += workers
            }
        }
        var summaries: [ClientSummary] = []
        summaries.reserveCapacity(ids.count)
        var problems = idProblems
        for (i, result) in slots.values().enumerated() {
            switch result {
            case .success(let s): summaries.append(s)
            case .failure(let error):
                problems.append(StoreProblem(path: store.layout.client(ids[i]), reason: error.description))
            }
        }
        return (summaries, problems)
    }
}
