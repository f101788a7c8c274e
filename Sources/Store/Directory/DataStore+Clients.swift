import Foundation
import Instruments

// Clients: adding, changing and listing the client directories.

extension DataStore {
    // MARK: Clients

    /// Adds a client. The client directory appears complete or not at all (built aside, then renamed).
    @discardableResult
    public func addClient(
        _ id: ClientID, therapist: String? = nil, battery: [String]? = nil
    ) throws(StoreError)
        -> ClientRecord
    {
        try requireInitialized()
        if fs.exists(layout.client(id)) { throw .clientExists(id.rawValue) }
        if isSealed(), (try? AccountID(therapist ?? "")) == nil {
            throw .invalid("in a sealed data directory a client needs a therapist account id")
        }
        let record = ClientRecord(id: id, therapist: therapist, battery: battery, createdAt: clock.now())
        let staging = layout.clients + "/.new-\(id.rawValue)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try fs.makeDirectory(staging)
        do throws(StoreError) {
            try fs.makeDirectory(staging + "/records")
            try fs.makeDirectory(staging + "/drafts")
            // The lock file exists from the start, so that taking the lock never changes the directory.
            try fs.writeAtomically(Data(), to: staging + "/.lock", durable: durable)
            try fs.writeAtomically(
                StoreCoding.encode(record, path: layout.clientFile(id)), to: staging + "/client.json", durable: durable)
            let summary = ClientSummary(clientId: id, recordCount: 0, sessions: [], series: [:], risk: [], notes: [])
            let sealTo = isSealed() ? try AccountID(therapist ?? "") : nil
            try fs.writeAtomically(
                encodeForDisk(summary, path: layout.summary(id), therapist: sealTo), to: staging + "/summary.json",
                durable: durable)
            if fs.exists(layout.client(id)) { throw StoreError.clientExists(id.rawValue) }
            let index = try beginIndexUpdate()
            try fs.rename(staging, to: layout.client(id))
            index.commit(old: nil, new: summary)
        } catch {
            removeTree(staging)
            if case let .io(_, operation, code) = error, operation == "rename", code == ENOTEMPTY || code == EEXIST {
                throw .clientExists(id.rawValue)
            }
            throw error
        }
        if durable { try syncDirectory(layout.clients) }
        return record
    }

    /// Changes a client's record under the client's lock.
    @discardableResult
    public func updateClient(_ id: ClientID, _ change: (inout ClientRecord) -> Void) throws(StoreError) -> ClientRecord
    {
        let lock = try lockClient(id)
        defer { lock.unlock() }
        var record = try client(id)
        change(&record)
        try write(record, to: layout.clientFile(id))
        return record
    }

    /// The client's `client.json`; `.noSuchClient` when there is no such client directory.
    public func client(_ id: ClientID) throws(StoreError) -> ClientRecord {
        let path = layout.clientFile(id)
        if !fs.exists(layout.client(id)) { throw .noSuchClient(id.rawValue) }
        try requireRealDirectory(layout.client(id))
        return try StoreCoding.decode(ClientRecord.self, from: fs.read(path), path: path)
    }

    /// Every client id, sorted; entries that are not valid client directories are problems.
    public func clientIDs() throws(StoreError) -> (ids: [ClientID], problems: [StoreProblem]) {
        try requireInitialized()
        var ids: [ClientID] = []
        var problems: [StoreProblem] = []
        for name in try fs.list(layout.clients).sorted() where !name.hasPrefix(".") {
            if let id = try? ClientID(name) {
                ids.append(id)
            } else {
                problems.append(
                    StoreProblem(path: layout.clients + "/" + name, reason: "not a valid client directory name"))
            }
        }
        return (ids, problems)
    }
}
