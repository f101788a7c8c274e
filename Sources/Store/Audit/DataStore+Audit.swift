import Foundation

extension DataStore {
    /// The data directory's audit log (same clock and durability as the store).
    public var audit: AuditLog { AuditLog(root: layout.root, clock: clock, durable: durable) }

    /// Logs a saved record: `recordCorrected` when it supersedes another, else `recordSaved`.
    /// The record is already on disk; a failure says so, so nobody enters it twice.
    func auditSaved(_ record: AdministrationRecord) throws(StoreError) {
        let role: AuditRole
        switch record.source {
        case .kiosk: role = .client
        case .rate, .cli: role = .therapist
        case .demo, .import: role = .system
        }
        do {
            try audit.append(
                record.supersedes == nil ? .recordSaved : .recordCorrected, role: role, client: record.clientId,
                session: record.session, record: record.id, supersedes: record.supersedes)
        } catch {
            switch error {
            case let .io(path, operation, code):
                throw .io(path: path, operation: "\(operation) (record \(record.id) was saved)", errno: code)
            default:
                throw .invalid("record \(record.id) was saved, but the audit log could not be written: \(error)")
            }
        }
    }
}
