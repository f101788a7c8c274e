import Foundation

extension DataStore {
    /// The data directory's audit log (same clock and durability as the store); MAC-chained when
    /// the keyring holds the clinic key; its lines name the keyring's signed-in account.
    public var audit: AuditLog {
        AuditLog(
            root: layout.root, clock: clock, durable: durable, clinicKey: keyring?.clinicKey, actor: keyring?.actor)
    }

    /// Logs a just-written record (``writeRecord(_:)``): `recordCorrected` when it supersedes
    /// another, else `recordSaved`; the record's directory is fsynced after the line's write, at
    /// the same time as its fdatasync (one journal commit for both on ext4). When the log cannot
    /// be written the record file is removed again (and the line cut off), so that a save either
    /// completes (record + audit line) or leaves the data directory as it was. `ready` is the line
    /// ``prepareAuditSaved(_:)`` made while the record was being synced (written if still valid).
    func auditSaved(_ record: AdministrationRecord, ready: PreparedAuditLine? = nil) throws(StoreError) {
        let directory = layout.records(record.clientId)
        let fs = self.fs
        do {
            try audit.append(
                savedFacts(record), alsoSync: { () throws(StoreError) in try fs.syncDirectory(directory) },
                ready: ready)
        } catch {
            let path = layout.record(record.clientId, record.id)
            try? fs.remove(path)
            if durable { try? syncDirectory(layout.records(record.clientId)) }
            throw error
        }
    }

    /// The audit line of a record about to be saved, made from the log as it stands (a save makes
    /// it while the record syncs; ``auditSaved(_:ready:)`` writes it if the log is unchanged by then).
    func prepareAuditSaved(_ record: AdministrationRecord) -> PreparedAuditLine? {
        audit.prepare(savedFacts(record))
    }

    /// What the audit log says of a saved record: `recordCorrected` when it supersedes another,
    /// else `recordSaved`; the role from the record's source.
    private func savedFacts(_ record: AdministrationRecord) -> AuditFacts {
        let role: AuditRole
        switch record.source {
        case .kiosk: role = .client
        case .rate, .cli, .paper: role = .therapist
        case .demo, .import: role = .system
        }
        return AuditFacts(
            record.supersedes == nil ? .recordSaved : .recordCorrected, role: role, client: record.clientId,
            session: record.session, record: record.id, supersedes: record.supersedes)
    }
}
