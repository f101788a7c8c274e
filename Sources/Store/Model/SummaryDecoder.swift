import Foundation

/// Decodes a `summary.json` written by this version of rapport without Foundation's JSONDecoder
/// (about 20× faster), so that a caseload of 1,000 clients opens quickly. Returns nil for anything
/// unexpected; callers then use `StoreCoding.decode`, which gives a proper error.
enum SummaryDecoder {
    static func decode(_ data: Data) -> ClientSummary? {
        do throws(JSONScanner.Failure) {
            return try JSONScanner.scan(data) { s throws(JSONScanner.Failure) in
                let summary = try scan(&s)
                guard s.atEnd() else { throw .init() }
                return summary
            }
        } catch {
            return nil
        }
    }

    /// Scans one summary object at the scanner's position (also inside a caseload index line).
    static func scan(_ s: inout JSONScanner) throws(JSONScanner.Failure) -> ClientSummary {
        var schemaVersion: Int?
        var clientId: ClientID?
        var recordCount: Int?
        var generation = 0
        var derivation: Int?
        var sessions: [SessionInfo] = []
        var series: [String: [ScorePoint]] = [:]
        var risk: [RiskFlag] = []
        var notes: [EventNote]?
        do {
            try s.object { s, key throws(JSONScanner.Failure) in
                switch key {
                case "schemaVersion": schemaVersion = try s.int()
                case "clientId":
                    guard let id = try? ClientID(try s.string()) else { throw JSONScanner.Failure() }
                    clientId = id
                case "recordCount": recordCount = try s.int()
                case "generation": generation = try s.int()
                case "derivation": derivation = try s.int()
                case "sessions":
                    try s.array { s throws(JSONScanner.Failure) in
                        var number: Int?
                        var date: SessionDate?
                        try s.object { s, k throws(JSONScanner.Failure) in
                            switch k {
                            case "session": number = try s.int()
                            case "date":
                                guard let d = try? SessionDate(try s.string()) else { throw JSONScanner.Failure() }
                                date = d
                            default: throw JSONScanner.Failure()
                            }
                        }
                        guard let number, let date else { throw JSONScanner.Failure() }
                        sessions.append(SessionInfo(session: number, date: date))
                    }
                case "series":
                    try s.object { s, name throws(JSONScanner.Failure) in
                        var points: [ScorePoint] = []
                        try s.array { s throws(JSONScanner.Failure) in
                            try s.expect(0x5B)
                            let session = try s.int()
                            try s.expect(0x2C)
                            let value = try s.double()
                            try s.expect(0x5D)
                            points.append(ScorePoint(session: session, value: value))
                        }
                        series[name] = points
                    }
                case "risk":
                    try s.array { s throws(JSONScanner.Failure) in
                        var session: Int?
                        var instrument: String?
                        var item: Int?
                        var recordId: String?
                        var unanswered = false
                        var acknowledged = false
                        var corrected = false
                        try s.object { s, k throws(JSONScanner.Failure) in
                            switch k {
                            case "session": session = try s.int()
                            case "instrument": instrument = try s.string()
                            case "item": item = try s.int()
                            case "recordId": recordId = try s.string()
                            case "unanswered": unanswered = try s.bool()
                            case "acknowledged": acknowledged = try s.bool()
                            case "corrected": corrected = try s.bool()
                            default: throw JSONScanner.Failure()
                            }
                        }
                        guard let session, let instrument, let item, let recordId else { throw JSONScanner.Failure() }
                        risk.append(
                            RiskFlag(
                                session: session, instrument: instrument, item: item, recordId: recordId,
                                unanswered: unanswered, acknowledged: acknowledged, corrected: corrected))
                    }
                case "notes":
                    // Notes are few and carry dates: a summary with notes goes to the full decoder.
                    try s.expect(0x5B)
                    guard s.consume(0x5D) else { throw JSONScanner.Failure() }
                    notes = []
                default: throw JSONScanner.Failure()
                }
            }
        }
        guard schemaVersion == currentSchemaVersion, let clientId, let recordCount, let notes else {
            throw JSONScanner.Failure()
        }
        var summary = ClientSummary(
            clientId: clientId, recordCount: recordCount, generation: generation, sessions: sessions, series: series,
            risk: risk, notes: notes)
        summary.derivation = derivation
        return summary
    }
}
