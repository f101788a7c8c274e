import Foundation
import Instruments

// Drafts: a battery left unfinished ("finish later").

extension DataStore {
    // MARK: Drafts

    /// Saves (replaces) the draft of a client's session and rater.
    public func saveDraft(_ draft: Draft) throws(StoreError) {
        _ = try client(draft.clientId)
        try fs.makeDirectory(layout.drafts(draft.clientId))
        try writeReplacingDamaged(draft, to: layout.draft(draft.clientId, session: draft.session, rater: draft.rater))
    }

    /// The draft of a client's session and rater, nil when there is none.
    public func loadDraft(_ id: ClientID, session: Int, rater: Rater) throws(StoreError) -> Draft? {
        let path = layout.draft(id, session: session, rater: rater)
        guard fs.exists(path) else { return nil }
        return try decodeFromDisk(Draft.self, from: fs.read(path), path: path)
    }

    /// The client's draft of a rater's battery dated `date` (the newest, if several), whatever
    /// session number it was saved under.
    public func draft(_ id: ClientID, on date: SessionDate, rater: Rater) throws(StoreError) -> Draft? {
        try drafts(id).filter { $0.sessionDate == date && $0.rater == rater }.max { $0.updatedAt < $1.updatedAt }
    }

    /// Every draft of a client (unreadable ones are skipped; `check` reports them).
    public func drafts(_ id: ClientID) throws(StoreError) -> [Draft] {
        let dir = layout.drafts(id)
        return try fs.list(dir).sorted().compactMap { name in
            guard name.hasSuffix(".json"), !name.hasPrefix(".") else { return nil }
            let path = dir + "/" + name
            return try? decodeFromDisk(Draft.self, from: fs.read(path), path: path)
        }
    }

    /// Removes the draft of a client's session and rater (nothing when there is none).
    public func deleteDraft(_ id: ClientID, session: Int, rater: Rater) throws(StoreError) {
        try fs.remove(layout.draft(id, session: session, rater: rater))
        if durable { try? syncDirectory(layout.drafts(id)) }
    }
}
