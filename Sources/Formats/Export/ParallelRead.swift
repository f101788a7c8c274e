import Foundation
import Store

/// Reads clients on the machine's cores (the store's reads are safe from several threads): the
/// outcomes in the order of `ids`. `progress(done, total)` is called on the calling thread before
/// each batch of `batch` clients is read, once per client of the batch.
enum ParallelRead {
    static func map<T>(
        _ ids: [ClientID], batch: Int = 64, progress: (_ done: Int, _ total: Int) -> Void,
        _ read: @Sendable (ClientID) throws(StoreError) -> T
    ) -> [Result<T, StoreError>] {
        let slots = Slots<T>(count: ids.count)
        var start = 0
        while start < ids.count {
            let end = min(start + max(batch, 1), ids.count)
            for index in start..<end { progress(index, ids.count) }
            let first = start
            DispatchQueue.concurrentPerform(iterations: end - first) { offset in
                let index = first + offset
                do throws(StoreError) {
                    slots.set(index, .success(try read(ids[index])))
                } catch {
                    slots.set(index, .failure(error))
                }
            }
            start = end
        }
        return slots.all()
    }
}

/// The outcomes of `ParallelRead.map`, filled from several threads.
private final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Result<T, StoreError>?]
    init(count: Int) { items = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ outcome: Result<T, StoreError>) { lock.withLock { items[index] = outcome } }
    /// Every outcome; each slot was filled by the batch that read it.
    func all() -> [Result<T, StoreError>] {
        lock.withLock { items.map { $0 ?? .failure(.invalid("a client was not read")) } }
    }
}
