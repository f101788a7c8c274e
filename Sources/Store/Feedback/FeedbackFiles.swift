import Foundation

extension DataLayout {
    /// `clients/<id>/alert-responses.json`.
    public func alertResponses(_ id: ClientID) -> String { client(id) + "/alert-responses.json" }
    /// `clients/<id>/obstacles.json`.
    public func obstacles(_ id: ClientID) -> String { client(id) + "/obstacles.json" }
    /// `clients/<id>/baseline.json`.
    public func baselineChoices(_ id: ClientID) -> String { client(id) + "/baseline.json" }
}

/// An append-only client file with its own `schemaVersion`.
protocol AppendOnlyFile: Codable {
    associatedtype Entry: Codable
    static var currentSchemaVersion: Int { get }
    var schemaVersion: Int { get }
    var entries: [Entry] { get }
    init(entries: [Entry])
}

extension DataStore {
    /// The entries of an optional append-only client file (none when absent).
    func readAppendOnly<F: AppendOnlyFile>(_ type: F.Type, at path: String) throws(StoreError) -> [F.Entry] {
        guard fs.exists(path) else { return [] }
        let file = try decodeFromDisk(F.self, from: fs.read(path), path: path)
        if file.schemaVersion > F.currentSchemaVersion {
            throw .newerSchema(path: path, version: file.schemaVersion, supported: F.currentSchemaVersion)
        }
        return file.entries
    }

    /// Appends one entry durably under the caller's lock, then the audit line; when the audit
    /// line cannot be written the previous file is put back (nothing is kept unless audited).
    func appendAudited<F: AppendOnlyFile>(
        _ type: F.Type, entry: F.Entry, at path: String, audit facts: AuditFacts
    ) throws(StoreError) {
        let previous = try readAppendOnly(F.self, at: path)
        // The caseload index keeps the client's feedback files (CaseloadIndex.swift).
        try followingIndex(facts.client) { () throws(StoreError) in
            try write(F(entries: previous + [entry]), to: path)
            do throws(StoreError) {
                try audit.append(facts)
            } catch {
                if previous.isEmpty {
                    try? fs.remove(path)
                } else {
                    try? write(F(entries: previous), to: path)
                }
                throw error
            }
        }
    }
}
