import Foundation
import Instruments

/// Decodes an administration record file as this version of rapport writes it, without
/// Foundation's JSONDecoder (the hot path of a large export: one decode per record file). It is
/// strict: anything it does not expect — an unknown or repeated key, an explicit null for an
/// optional field, an escape in a string, a number with an exponent, a date that is not
/// `YYYY-MM-DDTHH:MM:SSZ`, a header that is not the plain current one — makes it return nil, and
/// the caller uses `JSONDecoder`, which decides (and words any error) as before. What it accepts,
/// it decodes to the same value as `JSONDecoder` (tests compare the two on seeded records and
/// seeded damage). It reads with `JSONScanner` in its strict mode (over the bytes in place).
enum RecordDecoder {
    /// The record in `data`; nil for anything the fast path does not take. `supported` is the
    /// newest schemaVersion accepted; a file of schemaVersion `sealed` (an envelope) is not taken.
    static func decode(_ data: Data, supported: Int, sealed: Int?) -> AdministrationRecord? {
        do throws(JSONScanner.Failure) {
            return try JSONScanner.scanStrict(data) { s throws(JSONScanner.Failure) in
                let record = try Self.record(&s, supported: supported, sealed: sealed)
                guard s.atEnd() else { throw .init() }
                return record
            }
        } catch {
            return nil
        }
    }

    private static func record(
        _ s: inout JSONScanner, supported: Int, sealed: Int?
    ) throws(JSONScanner.Failure) -> AdministrationRecord {
        var schemaVersion: Int?
        var id: String?
        var clientId: ClientID?
        var session: Int?
        var sessionDate: SessionDate?
        var rater: Rater?
        var instrument: InstrumentRef?
        var answers: [Int?]?
        var result: ScoreResult?
        var administeredAt: Date?
        var savedAt: Date?
        var source: RecordSource?
        var supersedes: String?
        var language: String?
        try s.object { s, key throws(JSONScanner.Failure) in
            switch key {
            case "schemaVersion": schemaVersion = try s.int()
            case "id": id = try s.string()
            case "clientId":
                let raw = try s.string()
                guard ClientID.isValid(raw) else { throw .init() }
                clientId = try? ClientID(raw)
            case "session": session = try s.int()
            case "sessionDate":
                let raw = try s.string()
                guard SessionDate.isValid(raw) else { throw .init() }
                sessionDate = try? SessionDate(raw)
            case "rater":
                guard let r = Rater(rawValue: try s.string()) else { throw .init() }
                rater = r
            case "instrument": instrument = try Self.instrument(&s)
            case "answers":
                var list: [Int?] = []
                try s.array { s throws(JSONScanner.Failure) in
                    if s.null() { list.append(nil) } else { list.append(try s.int()) }
                }
                answers = list
            case "result": result = try Self.result(&s)
            case "administeredAt": administeredAt = try s.date()
            case "savedAt": savedAt = try s.date()
            case "source":
                guard let r = RecordSource(rawValue: try s.string()) else { throw .init() }
                source = r
            case "supersedes": supersedes = try s.string()
            case "language": language = try s.string()
            default: throw .init()
            }
        }
        // The header as `StoreCoding.decodeVersioned` checks it: present, not an envelope, not newer.
        guard let schemaVersion, schemaVersion >= 1, schemaVersion <= supported, schemaVersion != sealed,
            let id, let clientId, let session, let sessionDate, let rater, let instrument, let answers, let result,
            let administeredAt, let savedAt, let source
        else { throw .init() }
        var record = AdministrationRecord(
            id: id, clientId: clientId, session: session, sessionDate: sessionDate, rater: rater,
            instrument: instrument, answers: answers, result: result, administeredAt: administeredAt, savedAt: savedAt,
            source: source, supersedes: supersedes, language: language)
        record.schemaVersion = schemaVersion
        return record
    }

    private static func instrument(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> InstrumentRef {
        var id: String?
        var version: String?
        try s.object { s, key throws(JSONScanner.Failure) in
            switch key {
            case "id": id = try s.string()
            case "version": version = try s.string()
            default: throw .init()
            }
        }
        guard let id, let version else { throw .init() }
        return InstrumentRef(id: id, version: version)
    }

    private static func result(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> ScoreResult {
        var instrument: String?
        var version: String?
        var scales: [ScaleScore]?
        var primaryScale: String?
        var band: String?
        var missing: [Int]?
        var prorated: Bool?
        var valid: Bool?
        var risk: [Int]?
        var riskUnanswered: [Int] = []
        try s.object { s, key throws(JSONScanner.Failure) in
            switch key {
            case "instrument": instrument = try s.string()
            case "version": version = try s.string()
            case "scales":
                var list: [ScaleScore] = []
                try s.array { s throws(JSONScanner.Failure) in list.append(try Self.scale(&s)) }
                scales = list
            case "primaryScale": primaryScale = try s.string()
            case "band": band = try s.string()
            case "missing": missing = try s.ints()
            case "prorated": prorated = try s.bool()
            case "valid": valid = try s.bool()
            case "risk": risk = try s.ints()
            case "riskUnanswered": riskUnanswered = try s.ints()
            default: throw .init()
            }
        }
        guard let instrument, let version, let scales, let primaryScale, let missing, let prorated, let valid,
            let risk
        else { throw .init() }
        return ScoreResult(
            instrument: instrument, version: version, scales: scales, primaryScale: primaryScale, band: band,
            missing: missing, prorated: prorated, valid: valid, risk: risk, riskUnanswered: riskUnanswered)
    }

    private static func scale(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> ScaleScore {
        var id: String?
        var score: Double?
        var valid: Bool?
        var missing: [Int]?
        var prorated: Bool?
        var answered: Int?
        try s.object { s, key throws(JSONScanner.Failure) in
            switch key {
            case "id": id = try s.string()
            case "score": score = try s.double()
            case "valid": valid = try s.bool()
            case "missing": missing = try s.ints()
            case "prorated": prorated = try s.bool()
            case "answered": answered = try s.int()
            default: throw .init()
            }
        }
        guard let id, let valid, let missing, let prorated, let answered else { throw .init() }
        return ScaleScore(id: id, score: score, valid: valid, missing: missing, prorated: prorated, answered: answered)
    }
}
