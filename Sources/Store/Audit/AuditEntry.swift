import Foundation

/// What happened, as recorded in the audit log.
public enum AuditEvent: String, Codable, Sendable, CaseIterable {
    /// A new administration record was saved.
    case recordSaved
    /// A correction was saved: a new record that supersedes an older one (both kept).
    case recordCorrected
    /// An unfinished battery was picked up again from its draft.
    case draftResumed
    /// Data left the data directory (`rapport export`).
    case exportRun
    /// A therapist opened the review of a client.
    case reviewOpened
    /// A one-time kiosk code was issued.
    case kioskCodeIssued
    /// A kiosk code was used (and so spent).
    case kioskCodeUsed
    /// A therapist acknowledged a risk flag (a risk item answered or left unanswered).
    case riskAcknowledged
    /// A therapist closed a client's episode of care (`rapport client discharge`).
    case episodeClosed
    /// A therapist answered an alert (seen, discussed, plan changed, disagree).
    case alertAnswered
    /// A therapist recorded an obstacle check with a session.
    case obstaclesRecorded
    /// A therapist chose another baseline for an episode or marked one invalid (the original stays).
    case baselineChanged
    /// A wrong therapist passphrase was entered.
    case passphraseFailed
    /// A damaged file was moved aside by `rapport check --quarantine`.
    case fileQuarantined
    /// Completed forms were entered in bulk (`rapport import`); `count` is the number of forms.
    case importRun
    /// An account signed in (the account id is never a name).
    case signIn
    /// A sign-in failed (unknown account, disabled account or wrong passphrase: not told apart).
    case signInFailed
    /// A signed-in account opened one client (review, chart, report, session).
    case clientViewed
    /// An admin added an account (`rapport therapist add`).
    case therapistAdded
    /// An admin disabled an account.
    case therapistDisabled
    /// An account's passphrase was changed (by its owner, who gave the old one).
    case passphraseChanged
    /// An admin re-issued an account's key with the recovery key (a lost passphrase).
    case keyReissued
    /// A client was moved to another therapist (`rapport client assign`).
    case clientAssigned
    /// A plaintext data directory was sealed (`rapport migrate`); the first line keyed by the clinic key.
    case directorySealed
}

/// Who acted.
public enum AuditRole: String, Codable, Sendable, CaseIterable {
    /// A client, at the kiosk.
    case client
    /// A therapist (rate and review screens, entering a paper form).
    case therapist
    /// Someone running maintenance or data commands (export, check).
    case admin
    /// rapport itself (imports, demo data).
    case system
}

/// One line of the audit log. It holds ids, counts and times only: never answers, scores,
/// names, passphrases or kiosk codes.
public struct AuditEntry: Codable, Sendable, Equatable {
    /// 1 for the first line, then +1 per line; a gap means a deleted line.
    public var seq: Int
    /// When it happened.
    public var time: Date
    /// What happened.
    public var event: AuditEvent
    /// Who acted.
    public var role: AuditRole
    /// The account signed in to the process that acted (its id, never a name); nil when nobody
    /// signed in (a directory without accounts, recovery, migration). For `signInFailed`, the
    /// account tried when it exists (an unknown id is left out: it may be a mistyped secret).
    public var account: AccountID?
    /// The client it is about, if any.
    public var client: ClientID?
    /// The session it is about, if any.
    public var session: Int?
    /// The record id an event is about.
    public var record: String?
    /// For a correction: the id of the record it supersedes.
    public var supersedes: String?
    /// A number of items (records exported, attempts …).
    public var count: Int?
    /// A path relative to the data directory (quarantined files) — never outside it.
    public var path: String?
    /// Lower-case hex SHA-256 of the previous line (without its newline); 64 zeros on the first line.
    public var prev: String
    /// In a sealed data directory: lower-case hex HMAC-SHA256, keyed by the audit key derived from
    /// the clinic key, over the previous line's MAC (its 32 bytes; nothing when it has none) and
    /// this line without its `mac` key (`AuditLog.macSuffix`). Always the line's last key.
    /// Nil in a plaintext directory (the SHA-256 chain only).
    public var mac: String?

    /// An entry as written to the log (the log sets `seq` and `prev`).
    public init(
        seq: Int, time: Date, event: AuditEvent, role: AuditRole, account: AccountID? = nil, client: ClientID? = nil,
        session: Int? = nil, record: String? = nil, supersedes: String? = nil, count: Int? = nil, path: String? = nil,
        prev: String, mac: String? = nil
    ) {
        self.seq = seq
        self.time = time
        self.event = event
        self.role = role
        self.account = account
        self.client = client
        self.session = session
        self.record = record
        self.supersedes = supersedes
        self.count = count
        self.path = path
        self.prev = prev
        self.mac = mac
    }
}

/// The ids of an event to log, before the log numbers and chains it.
public struct AuditFacts: Sendable, Equatable {
    /// What happened.
    public var event: AuditEvent
    /// Who acted.
    public var role: AuditRole
    /// The acting account; nil: the log's own (`AuditLog.actor`, the signed-in account).
    public var account: AccountID?
    /// The client it is about, if any.
    public var client: ClientID?
    /// The session it is about, if any.
    public var session: Int?
    /// The record id it is about, if any.
    public var record: String?
    /// For a correction: the id of the record it supersedes.
    public var supersedes: String?
    /// A number of items (records exported, attempts …).
    public var count: Int?
    /// A path relative to the data directory, never outside it.
    public var path: String?

    /// The facts of one event.
    public init(
        _ event: AuditEvent, role: AuditRole, account: AccountID? = nil, client: ClientID? = nil, session: Int? = nil,
        record: String? = nil, supersedes: String? = nil, count: Int? = nil, path: String? = nil
    ) {
        self.event = event
        self.role = role
        self.account = account
        self.client = client
        self.session = session
        self.record = record
        self.supersedes = supersedes
        self.count = count
        self.path = path
    }
}

/// A break in the audit log found by `AuditLog.verify()`.
public struct AuditProblem: Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number in audit.log (0: the file as a whole, or audit.head).
    public var line: Int
    /// What is wrong, in plain words.
    public var reason: String
    /// A problem on line `line` (0: the file as a whole).
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }
    /// `line N: reason`, or the reason alone for the file as a whole.
    public var description: String { line > 0 ? "line \(line): \(reason)" : reason }
}
