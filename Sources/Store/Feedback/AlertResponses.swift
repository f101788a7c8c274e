import Foundation

/// A therapist's answer to an alert.
public enum AlertResponseKind: String, Codable, Sendable, Equatable, CaseIterable {
    /// Seen; nothing else yet.
    case seen
    /// Discussed with the client.
    case discussed
    /// The plan of care was changed.
    case planChanged = "plan-changed"
    /// The therapist disagrees with the alert (a reason is required).
    case disagree

    /// The words on screen.
    public var label: String {
        switch self {
        case .seen: "seen"
        case .discussed: "discussed with the client"
        case .planChanged: "plan changed"
        case .disagree: "disagree"
        }
    }
}

/// One answer to one alert. `evidenceDate` is the date of the latest session behind the alert
/// when it was answered: the alert stays quiet until a later session triggers it again.
public struct AlertResponse: Codable, Sendable, Equatable {
    /// The alert id (`FeedbackAlert.id`, e.g. "not-on-track:phq-9:e1").
    public var alert: String
    public var response: AlertResponseKind
    /// Required for `disagree`, optional otherwise; therapist-only.
    public var reason: String?
    public var evidenceDate: SessionDate
    public var recordedAt: Date
    public var role: AuditRole

    public init(
        alert: String, response: AlertResponseKind, reason: String?, evidenceDate: SessionDate, recordedAt: Date,
        role: AuditRole = .therapist
    ) {
        self.alert = alert
        self.response = response
        self.reason = reason
        self.evidenceDate = evidenceDate
        self.recordedAt = recordedAt
        self.role = role
    }
}

/// `clients/<id>/alert-responses.json`: every answer, in the order given (append-only).
public struct AlertResponsesFile: Codable, Sendable, Equatable, AppendOnlyFile {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var responses: [AlertResponse]
    var entries: [AlertResponse] { responses }
    init(entries: [AlertResponse]) {
        schemaVersion = AlertResponsesFile.currentSchemaVersion
        responses = entries
    }
}

extension DataStore {
    /// Longest reason.
    public static let maxAlertReason = 500

    /// The client's alert responses, in the order given.
    public func alertResponses(_ id: ClientID) throws(StoreError) -> [AlertResponse] {
        try readAppendOnly(AlertResponsesFile.self, at: layout.alertResponses(id))
    }

    /// Records an answer to an alert: written durably under the client's lock with an
    /// `alertAnswered` audit line (the alert's session number, never the reason). The caller
    /// says which alert and the date of its latest evidence (the alert must exist: see
    /// `FeedbackAlerts` in Analytics). A `disagree` needs a reason; a reason is one line of at
    /// most `maxAlertReason` characters; the evidence date must be a session of the client.
    @discardableResult
    public func answerAlert(
        _ id: ClientID, alert: String, response: AlertResponseKind, reason: String?, evidenceDate: SessionDate,
        role: AuditRole = .therapist
    ) throws(StoreError) -> AlertResponse {
        let reason = reason?.trimmingCharacters(in: .whitespaces)
        if response == .disagree, reason?.isEmpty ?? true {
            throw .invalid("'disagree' needs a reason (--reason)")
        }
        if let reason {
            if reason.count > DataStore.maxAlertReason {
                throw .invalid("the reason is longer than \(DataStore.maxAlertReason) characters")
            }
            if reason.contains(where: \.isNewline) { throw .invalid("the reason must be one line") }
        }
        guard !alert.isEmpty, alert.count <= 200, !alert.contains(where: \.isNewline) else {
            throw .invalid("an alert id must be one line of 1 to 200 characters")
        }
        _ = try client(id)
        let lock = try lockClient(id)
        defer { lock.unlock() }
        let summary = try freshSummary(id)
        guard let session = summary.sessions.first(where: { $0.date == evidenceDate }) else {
            throw .invalid("client \(id) has no session on \(evidenceDate)")
        }
        let answer = AlertResponse(
            alert: alert, response: response, reason: reason.flatMap { $0.isEmpty ? nil : $0 },
            evidenceDate: evidenceDate, recordedAt: clock.now(), role: role)
        try appendAudited(
            AlertResponsesFile.self, entry: answer, at: layout.alertResponses(id),
            audit: AuditFacts(.alertAnswered, role: role, client: id, session: session.session))
        return answer
    }
}
