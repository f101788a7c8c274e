import Crypto
import Foundation

/// The schemaVersion of a sealed data directory (`rapport.json`) and of every sealed file.
public let sealedSchemaVersion = 3

/// A clinical file of a sealed directory as stored (docs/data-format.md, "Sealed files"):
///
///     {"payload":{"ct":"…","enc":"…"},"schemaVersion":3,"sealedTo":"t1"}
///
/// `sealedTo` names the therapist account whose caseload key opens `payload` (HPKE). A draft is
/// instead `{"box":"…","schemaVersion":3,"sealedWith":"draft-key"}`: ChaCha20-Poly1305 under a key
/// derived from the clinic key, so that a kiosk can resume a client's unfinished battery without
/// holding any caseload key (docs/reliability.md, "Threat model").
public struct SealedEnvelope: Codable, Sendable, Equatable {
    /// Always `sealedSchemaVersion`.
    public var schemaVersion: Int
    /// The therapist account whose caseload key opens `payload` (HPKE-sealed files).
    public var sealedTo: AccountID?
    /// The HPKE payload.
    public var payload: SealedPayload?
    /// "draft-key" for a draft sealed with the clinic-derived draft key.
    public var sealedWith: String?
    /// The ChaCha20-Poly1305 combined box (nonce, ciphertext, tag) of a draft.
    public var box: Data?
    /// A record's session date, in clear: a kiosk numbers a new session by the dates of the
    /// client's records without opening them (dates are visible by design; docs/data-format.md).
    public var date: SessionDate?

    /// An HPKE envelope.
    public init(sealedTo: AccountID, payload: SealedPayload, date: SessionDate? = nil) {
        schemaVersion = sealedSchemaVersion
        self.sealedTo = sealedTo
        self.payload = payload
        self.date = date
    }

    /// A draft-key envelope.
    public init(draftBox: Data) {
        schemaVersion = sealedSchemaVersion
        sealedWith = SealedEnvelope.draftKeyName
        box = draftBox
    }

    /// The `sealedWith` value of drafts.
    public static let draftKeyName = "draft-key"
}

/// What a clinical file is, from its path: the `info` its payload is bound to.
public enum ClinicalKind: String, Sendable, CaseIterable {
    case record, summary, notes, acknowledgements, draft, episodes
    case alertResponses = "alert-responses"
    case obstacles, baseline

    /// The HPKE `info` (or draft-key derivation info): "rapport/<kind>/<clientId>".
    public func info(_ client: ClientID) -> String { "rapport/\(rawValue)/\(client.rawValue)" }

    /// The HPKE `info` of a sealed file: a record's clear date is bound too ("…/<date>"), so that
    /// changing it makes the record fail to open.
    public func info(_ client: ClientID, date: SessionDate?) -> String {
        info(client) + (date.map { "/\($0)" } ?? "")
    }

    /// The file's kind and client when `path` is a clinical file of `layout` (every file of a
    /// client directory but `client.json` and the lock file); nil otherwise.
    public static func of(_ path: String, in layout: DataLayout) -> (ClientID, ClinicalKind)? {
        let prefix = layout.clients + "/"
        guard path.hasPrefix(prefix) else { return nil }
        let parts = path.dropFirst(prefix.count).split(separator: "/", omittingEmptySubsequences: false).map(
            String.init)
        guard parts.count >= 2, let id = try? ClientID(parts[0]) else { return nil }
        let name = parts[parts.count - 1]
        if parts.count == 3 {
            switch parts[1] {
            case "records": return (id, .record)
            case "drafts": return (id, .draft)
            default: return nil
            }
        }
        guard parts.count == 2 else { return nil }
        switch name {
        case "summary.json": return (id, .summary)
        case "notes.json": return (id, .notes)
        case "acknowledgements.json": return (id, .acknowledgements)
        case "episodes.json": return (id, .episodes)
        case "alert-responses.json": return (id, .alertResponses)
        case "obstacles.json": return (id, .obstacles)
        case "baseline.json": return (id, .baseline)
        default: return nil
        }
    }
}

/// The draft key of a client: HKDF-SHA256 of the clinic key with info "rapport/draft/<client>".
enum DraftKey {
    static func key(clinic: SymmetricKey, client: ClientID) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: clinic, info: Data(ClinicalKind.draft.info(client).utf8), outputByteCount: 32)
    }
}
