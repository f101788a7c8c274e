import Foundation

/// Which clients a signed-in account may see: the one filtering point of need-to-know access.
///
/// A client the account may not see is reported exactly like an unknown one
/// (`StoreError.noSuchClient`, after the same reads).
public enum Visibility: Sendable, Equatable {
    /// Every client (an admin; a directory without accounts).
    case everyone
    /// The clients of these therapists (account ids as stored in `client.json`).
    case therapists(Set<String>)

    /// Whether a client with this record is visible.
    public func allows(_ record: ClientRecord) -> Bool { allows(therapist: record.therapist) }

    /// Whether a client of this therapist (as `client.json` names it; nil: none) is visible.
    public func allows(therapist: String?) -> Bool {
        switch self {
        case .everyone: return true
        case .therapists(let ids): return therapist.map(ids.contains) ?? false
        }
    }

    /// The visible ones of `ids` (one `client.json` read per client unless everyone is visible).
    public func filter(_ ids: [ClientID], in store: DataStore) -> [ClientID] {
        if case .everyone = self { return ids }
        return ids.filter { (try? store.client($0)).map(allows) ?? false }
    }

    /// The visible ones of `ids`, in order: by the therapist `recorded` gives for a client (the
    /// caseload a sealed caseload index records for it), else by its `client.json` (one read per
    /// client not in `recorded`).
    public func filter(
        _ ids: [ClientID], recorded: [ClientID: AccountID], in store: DataStore
    ) -> [ClientID] {
        if case .everyone = self { return ids }
        let byFile = Set(filter(ids.filter { recorded[$0] == nil }, in: store))
        return ids.filter { id in recorded[id].map { allows(therapist: $0.rawValue) } ?? byFile.contains(id) }
    }

    /// The visible ones of `summaries`.
    public func filter(_ summaries: [ClientSummary], in store: DataStore) -> [ClientSummary] {
        if case .everyone = self { return summaries }
        let visible = Set(filter(summaries.map(\.clientId), in: store))
        return summaries.filter { visible.contains($0.clientId) }
    }

    /// The client's record when it is visible; `.noSuchClient` (the unknown client's error) when
    /// it is not.
    @discardableResult
    public func require(_ id: ClientID, in store: DataStore) throws(StoreError) -> ClientRecord {
        let record = try store.client(id)
        guard allows(record) else { throw .noSuchClient(id.rawValue) }
        return record
    }
}
