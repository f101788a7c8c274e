import Foundation
import Store

/// The rows cache's body (version 3; docs/data-format.md): a string table (every client id,
/// date, label, alert wording and therapist account id once), the expected-recovery reference
/// (JSON), then the rows as fixed-width little-endian fields that name strings by their index in
/// the table, then each row's therapist account (a sealed index's caseload of the client; "no
/// string" when not known), so that need-to-know filtering reads no file per client. It decodes
/// with one bounds-checked pass and no JSON per row, and equal strings share one copy in memory.
/// Any field out of range or a string that is not a valid value reads as damage (nil).
enum CaseloadRowsCodec {
    /// "No string" (an absent optional).
    static let none = UInt32.max

    struct Writer {
        var table: [String] = []
        var index: [String: UInt32] = [:]
        var rows: [UInt8] = []

        mutating func string(_ s: String?) -> UInt32 {
            guard let s else { return CaseloadRowsCodec.none }
            if let i = index[s] { return i }
            let i = UInt32(table.count)
            table.append(s)
            index[s] = i
            return i
        }

        mutating func u8(_ v: UInt8) { rows.append(v) }
        mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { rows.append(contentsOf: $0) } }
        mutating func i64(_ v: Int) { withUnsafeBytes(of: Int64(v).littleEndian) { rows.append(contentsOf: $0) } }
        mutating func f64(_ v: Double?) {
            withUnsafeBytes(of: (v ?? 0).bitPattern.littleEndian) { rows.append(contentsOf: $0) }
        }

        mutating func row(_ e: CaseloadEntry) {
            u32(string(e.client.rawValue))
            i64(e.sessions)
            u32(string(e.lastSession?.rawValue))
            var flags: UInt8 = 0
            if e.allianceClient != nil { flags |= 1 }
            if e.allianceTherapist != nil { flags |= 2 }
            if e.outcomeScore != nil { flags |= 4 }
            if e.risk { flags |= 8 }
            u8(flags)
            f64(e.allianceClient)
            f64(e.allianceTherapist)
            f64(e.outcomeScore)
            u32(string(e.trend.rawValue))
            u32(string(e.outcome))
            u32(string(e.outcomeBand))
            u32(UInt32(e.alerts.count))
            for a in e.alerts {
                u32(string(a.kind.rawValue))
                u8(a.session == nil ? 0 : 1)
                i64(a.session ?? 0)
                u32(string(a.wording))
                u32(string(a.raters))
                u32(string(a.measure))
            }
        }
    }

    /// The body: string table, reference, rows, the rows' therapists.
    static func encode(
        _ rows: [CaseloadEntry], reference: Data, therapists: [ClientID: AccountID] = [:]
    ) -> Data {
        var w = Writer()
        w.u32(UInt32(rows.count))
        for row in rows { w.row(row) }
        for row in rows { w.u32(w.string(therapists[row.client]?.rawValue)) }
        var out = Data()
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        u32(UInt32(w.table.count))
        for s in w.table {
            let bytes = Array(s.utf8)
            u32(UInt32(bytes.count))
            out.append(contentsOf: bytes)
        }
        u32(UInt32(reference.count))
        out.append(reference)
        out.append(contentsOf: w.rows)
        return out
    }

    /// A bounds-checked little-endian reader.
    struct Reader {
        let bytes: UnsafeRawBufferPointer
        var at = 0

        struct Damage: Error {}

        mutating func take(_ n: Int) throws(Damage) -> Int {
            guard n >= 0, n <= bytes.count - at else { throw Damage() }
            defer { at += n }
            return at
        }
        mutating func u8() throws(Damage) -> UInt8 { bytes[try take(1)] }
        mutating func u32() throws(Damage) -> UInt32 {
            UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(4), as: UInt32.self))
        }
        mutating func i64() throws(Damage) -> Int {
            let v = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8), as: Int64.self))
            guard let i = Int(exactly: v) else { throw Damage() }
            return i
        }
        mutating func f64() throws(Damage) -> Double {
            Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: try take(8), as: UInt64.self)))
        }
    }

    /// The reference's bytes alone (the string table passed over, the rows not read); nil when
    /// the body does not reach that far.
    static func reference(_ body: Data) -> Data? {
        body.withUnsafeBytes { raw -> Data? in
            var r = Reader(bytes: raw)
            do throws(Reader.Damage) {
                let count = Int(try r.u32())
                guard count <= raw.count / 4 else { throw Reader.Damage() }
                for _ in 0..<count { _ = try r.take(Int(try r.u32())) }
                let n = Int(try r.u32())
                let start = try r.take(n)
                return Data(raw[start..<(start + n)])
            } catch {
                return nil
            }
        }
    }

    /// The rows, the reference's bytes and the rows' therapists; nil when anything does not read.
    static func decode(
        _ body: Data
    ) -> (rows: [CaseloadEntry], reference: Data, therapists: [ClientID: AccountID])? {
        body.withUnsafeBytes { raw -> (rows: [CaseloadEntry], reference: Data, therapists: [ClientID: AccountID])? in
            var r = Reader(bytes: raw)
            do throws(Reader.Damage) {
                let count = Int(try r.u32())
                guard count <= raw.count / 4 else { throw Reader.Damage() }
                var table: [String] = []
                table.reserveCapacity(count)
                for _ in 0..<count {
                    let n = Int(try r.u32())
                    let start = try r.take(n)
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start..<(start + n)])
                    guard let s = String(validating: slice, as: UTF8.self) else {
                        throw Reader.Damage()
                    }
                    table.append(s)
                }
                let referenceCount = Int(try r.u32())
                let referenceStart = try r.take(referenceCount)
                let reference = Data(raw[referenceStart..<(referenceStart + referenceCount)])
                // Table entries as values, converted once each.
                var clients = [ClientID?](repeating: nil, count: table.count)
                var dates = [SessionDate?](repeating: nil, count: table.count)
                func string(_ i: UInt32) throws(Reader.Damage) -> String {
                    guard Int(i) < table.count else { throw Reader.Damage() }
                    return table[Int(i)]
                }
                func optional(_ i: UInt32) throws(Reader.Damage) -> String? {
                    i == CaseloadRowsCodec.none ? nil : try string(i)
                }
                func client(_ i: UInt32) throws(Reader.Damage) -> ClientID {
                    guard Int(i) < table.count else { throw Reader.Damage() }
                    if let c = clients[Int(i)] { return c }
                    guard let c = try? ClientID(table[Int(i)]) else { throw Reader.Damage() }
                    clients[Int(i)] = c
                    return c
                }
                func date(_ i: UInt32) throws(Reader.Damage) -> SessionDate? {
                    if i == CaseloadRowsCodec.none { return nil }
                    guard Int(i) < table.count else { throw Reader.Damage() }
                    if let d = dates[Int(i)] { return d }
                    guard let d = try? SessionDate(table[Int(i)]) else { throw Reader.Damage() }
                    dates[Int(i)] = d
                    return d
                }
                let rowCount = Int(try r.u32())
                guard rowCount <= raw.count / 40 else { throw Reader.Damage() }
                var rows: [CaseloadEntry] = []
                rows.reserveCapacity(rowCount)
                for _ in 0..<rowCount {
                    let id = try client(try r.u32())
                    let sessions = try r.i64()
                    let last = try date(try r.u32())
                    let flags = try r.u8()
                    guard flags & ~0x0F == 0 else { throw Reader.Damage() }
                    let ac = try r.f64()
                    let tr = try r.f64()
                    let os = try r.f64()
                    guard let trend = AllianceTrend.Direction(rawValue: try string(try r.u32())) else {
                        throw Reader.Damage()
                    }
                    let outcome = try optional(try r.u32())
                    let band = try optional(try r.u32())
                    let alertCount = Int(try r.u32())
                    guard alertCount <= (raw.count - r.at) / 25 else { throw Reader.Damage() }
                    var alerts: [ReviewAlert] = []
                    alerts.reserveCapacity(alertCount)
                    for _ in 0..<alertCount {
                        guard let kind = ReviewAlert.Kind(rawValue: try string(try r.u32())) else {
                            throw Reader.Damage()
                        }
                        let hasSession = try r.u8()
                        guard hasSession <= 1 else { throw Reader.Damage() }
                        let session = try r.i64()
                        alerts.append(
                            ReviewAlert(
                                kind: kind, session: hasSession == 1 ? session : nil, wording: try string(try r.u32()),
                                raters: try optional(try r.u32()), measure: try optional(try r.u32())))
                    }
                    rows.append(
                        CaseloadEntry(
                            client: id, sessions: sessions, lastSession: last,
                            allianceClient: flags & 1 != 0 ? ac : nil, allianceTherapist: flags & 2 != 0 ? tr : nil,
                            trend: trend, outcome: outcome, outcomeScore: flags & 4 != 0 ? os : nil,
                            outcomeBand: band, risk: flags & 8 != 0, alerts: alerts))
                }
                var accounts = [AccountID?](repeating: nil, count: table.count)
                var therapists: [ClientID: AccountID] = [:]
                for row in rows {
                    let i = try r.u32()
                    if i == CaseloadRowsCodec.none { continue }
                    guard Int(i) < table.count else { throw Reader.Damage() }
                    if accounts[Int(i)] == nil {
                        guard let a = try? AccountID(table[Int(i)]) else { throw Reader.Damage() }
                        accounts[Int(i)] = a
                    }
                    therapists[row.client] = accounts[Int(i)]
                }
                guard r.at == raw.count else { throw Reader.Damage() }
                return (rows, reference, therapists)
            } catch {
                return nil
            }
        }
    }
}
