import Foundation

/// A therapist's acknowledgement of one risk flag (a risk item answered above its threshold or left
/// unanswered). Keyed by record id and item, so it stays right when a backdated form renumbers the
/// sessions; a correction (`--replace`) is a new record and needs its own acknowledgement, and the
/// corrected record's flags stay until acknowledged (``RiskFlag/corrected``).
public struct RiskAcknowledgement: Codable, Sendable, Equatable {
    /// The record whose risk item was acknowledged.
    public var recordId: String
    /// The risk item number.
    public var item: Int
    /// The instrument id of the record.
    public var instrument: String
    /// The session's date (the number may change; the date does not).
    public var sessionDate: SessionDate
    /// When the therapist acknowledged it.
    public var acknowledgedAt: Date
    /// Who acknowledged it.
    public var role: AuditRole

    /// An acknowledgement of `item` in record `recordId`.
    public init(
        recordId: String, item: Int, instrument: String, sessionDate: SessionDate, acknowledgedAt: Date,
        role: AuditRole
    ) {
        self.recordId = recordId
        self.item = item
        self.instrument = instrument
        self.sessionDate = sessionDate
        self.acknowledgedAt = acknowledgedAt
        self.role = role
    }

    /// "record-id#item".
    public static func key(recordId: String, item: Int) -> String { "\(recordId)#\(item)" }

    /// The key that identifies the acknowledged alert: record id and item.
    public var key: String { RiskAcknowledgement.key(recordId: recordId, item: item) }
}

/// `clients/<id>/acknowledgements.json`.
struct AcknowledgementsFile: Codable {
    var schemaVersion: Int = currentSchemaVersion
    var acknowledgements: [RiskAcknowledgement]
    init(acknowledgements: [RiskAcknowledgement]) { self.acknowledgements = acknowledgements }
}
