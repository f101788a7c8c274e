import Foundation

extension DataStore {
    /// Copies client `id` of `source` into this store as `newID`, for bench data
    /// (`rapport-bench caseload`): `client.json` (naming `therapist` when given), the lock
    /// counter, the summary, the notes and the acknowledgements, without records. Clinical files
    /// are read with `source`'s keys and, when this directory is sealed, sealed to the client's
    /// therapist with this store's keyring (which must hold that caseload's public key). Not
    /// durable, not logged, not followed by the caseload index: the caller rebuilds the index
    /// once every client is in place.
    public func cloneClient(
        _ id: ClientID, from source: DataStore, as newID: ClientID, therapist: AccountID? = nil
    ) throws(StoreError) {
        var record = try source.client(id)
        record.id = newID
        if let therapist { record.therapist = therapist.rawValue }
        let sealTo: AccountID?
        if isSealed() {
            guard let t = record.therapist.flatMap({ try? AccountID($0) }) else {
                throw .invalid("in a sealed data directory a client needs a therapist account id")
            }
            sealTo = t
        } else {
            sealTo = nil
        }
        var summary = try source.summary(id)
        summary.clientId = newID
        // No record file is copied: the summary counts none, or every read would rebuild it.
        summary.recordCount = 0
        let dir = layout.client(newID)
        try fs.makeDirectory(dir)
        try fs.makeDirectory(layout.records(newID))
        try fs.makeDirectory(layout.drafts(newID))
        try fs.writeAtomically(try source.fs.read(source.layout.lock(id)), to: layout.lock(newID), durable: false)
        try fs.writeAtomically(
            StoreCoding.encode(record, path: layout.clientFile(newID)), to: layout.clientFile(newID), durable: false)
        try fs.writeAtomically(
            encodeForDisk(summary, path: layout.summary(newID), therapist: sealTo), to: layout.summary(newID),
            durable: false)
        for (from, to) in [
            (source.layout.notes(id), layout.notes(newID)),
            (source.layout.acknowledgements(id), layout.acknowledgements(newID)),
        ] where source.fs.exists(from) {
            var bytes = try source.plaintext(of: try source.fs.read(from), path: from)
            if let sealTo, let (client, kind) = ClinicalKind.of(to, in: layout) {
                bytes = try seal(bytes, client: client, kind: kind, path: to, therapist: sealTo)
            }
            try fs.writeAtomically(bytes, to: to, durable: false)
        }
    }
}
