import Analytics
import Crypto
import Foundation
import Instruments
import Store

/// The caseload rows as last computed, `caseload/rows.bin` (derived data, like the index it
/// follows; docs/data-format.md): a header line (JSON: where the caseload index stood, the
/// caseload SDs and the options/instruments the rows were computed with), then a binary body
/// (`CaseloadRowsCodec`: a string table, the expected-recovery reference, the rows), after a
/// first line with the SHA-256 of the rest. Opening the caseload then reads this file and only the
/// index lines appended since (`DataStore.caseloadIndexTail(since:)`), and analyses only the
/// clients changed since.
///
/// The rows of unchanged clients are kept while every caseload SD stays within
/// `sdTolerance` (relative) of the SDs they were computed with and no changed client has a
/// discharge (the reference would change); otherwise the whole caseload is read and analysed
/// again. In a sealed directory the cache holds the rows of the caseloads this process holds
/// keys for, in a file per set of caseloads, sealed with a key derived from their index keys.
enum CaseloadRowsCache {
    /// 3: the body carries each row's therapist account (`CaseloadRowsCodec`); 4: rows made from
    /// summaries that keep a corrected record's risk flags (their alerts say so). Older versions
    /// (1: JSON rows, 2: binary rows without therapists, 3) are ignored and rebuilt.
    static let version = 4
    /// How far (relative) a caseload SD may move before every row is computed again.
    static let sdTolerance = 0.01

    struct Header: Codable {
        var v: Int
        var position: CaseloadIndexPosition
        var fingerprint: String
        /// The caseload SDs the rows were computed with (the base the tolerance is measured from).
        var sds: [String: Double]
        /// Clients with a discharge (their closed episodes make the reference).
        var discharged: [String]
        /// Index lines appended since the caseload was last read whole (the next whole read compacts it).
        var appended: Int
        /// How many rows the body holds.
        var rows: Int
    }

    struct ReferenceEntry: Codable {
        var c: String
        var i: String
        var b: Double
        var s: [TrackScore]
        var k: EpisodeClassification?
    }

    struct Loaded {
        var header: Header
        var rows: [CaseloadEntry]
        var reference: TrackReference
        /// The therapist account of each row's client (a sealed directory's; empty in a plaintext one).
        var therapists: [ClientID: AccountID]
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }

    /// Where the cache lives and, in a sealed directory, how it is sealed.
    struct Place: @unchecked Sendable {
        var path: String
        /// ChaCha20-Poly1305 key and associated data of a sealed directory's cache (nil: plaintext).
        var key: SymmetricKey?
        var info = Data()
    }

    /// The cache of this process: `rows.bin` in a plaintext directory; in a sealed one a file
    /// per set of caseloads held, sealed (`DataStore.sealedRowsCache()`); nil when there is none.
    static func place(_ store: DataStore) -> Place? {
        if store.isSealed() {
            return store.sealedRowsCache().map { Place(path: $0.path, key: $0.key, info: $0.info) }
        }
        return Place(path: store.layout.caseload + "/rows.bin")
    }

    /// The plaintext cache of version 1 (JSON Lines), removed when the new one is written.
    static func legacyPath(_ store: DataStore) -> String { store.layout.caseload + "/rows.jsonl" }

    /// What the rows depend on besides the data: the analysis options and every instrument.
    static func fingerprint(catalog: InstrumentCatalog, options: AnalysisOptions) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var hash = SHA256()
        hash.update(data: Data("v\(version)".utf8))
        if let o = try? encoder.encode(options) { hash.update(data: o) }
        for instrument in catalog.instruments {
            if let i = try? encoder.encode(instrument) { hash.update(data: i) }
        }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// The cache's file for this process (tests).
    static func path(_ store: DataStore) -> String { place(store)?.path ?? store.layout.caseload + "/rows.bin" }

    /// The cache of this process, when there is one that reads (tests).
    static func read(_ store: DataStore) -> Loaded? { place(store).flatMap { read(store, at: $0) } }

    static func read(_ store: DataStore, at place: Place) -> Loaded? {
        guard let (header, body) = opened(store, at: place),
            let decoded = CaseloadRowsCodec.decode(body), decoded.rows.count == header.rows,
            let reference = reference(decoded.reference)
        else { return nil }
        return Loaded(header: header, rows: decoded.rows, reference: reference, therapists: decoded.therapists)
    }

    /// The cache's header and reference only (its rows not decoded): for one client's chart.
    static func readReference(_ store: DataStore, at place: Place) -> (header: Header, reference: TrackReference)? {
        guard let (header, body) = opened(store, at: place), let bytes = CaseloadRowsCodec.reference(body),
            let reference = reference(bytes)
        else { return nil }
        return (header, reference)
    }

    private static func reference(_ bytes: Data) -> TrackReference? {
        guard let entries = try? JSONDecoder().decode([ReferenceEntry].self, from: bytes) else { return nil }
        return TrackReference(
            entries: entries.map {
                TrackReference.Entry(
                    clientID: $0.c, instrument: $0.i, baseline: $0.b, scores: $0.s, classification: $0.k)
            })
    }

    /// The cache file opened (in a sealed directory), its digest checked: its header and body.
    private static func opened(_ store: DataStore, at place: Place) -> (Header, Data)? {
        guard var data = try? store.fs.read(place.path) else { return nil }
        if let key = place.key {
            guard let box = try? ChaChaPoly.SealedBox(combined: data),
                let plain = try? ChaChaPoly.open(box, using: key, authenticating: place.info)
            else { return nil }
            data = plain
        }
        // The SHA-256 (hex) of the rest, the header line (JSON), then the body (binary,
        // `CaseloadRowsCodec`). A version-1 file (a JSON header first) does not match.
        let start = data.startIndex
        guard data.count > 65, data[start + 64] == 0x0A,
            let digest = String(bytes: data[start..<(start + 64)], encoding: .ascii),
            hex(SHA256.hash(data: data[(start + 65)...])) == digest,
            let newline = data[(start + 65)...].firstIndex(of: 0x0A),
            let header = try? JSONDecoder().decode(Header.self, from: data[(start + 65)..<newline]),
            header.v == version
        else { return nil }
        return (header, Data(data[(newline + 1)...]))
    }

    static func write(
        _ store: DataStore, at place: Place, header: Header, rows: [CaseloadEntry], reference: TrackReference,
        therapists: [ClientID: AccountID]
    ) {
        var header = header
        header.rows = rows.count
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        do {
            let body = CaseloadRowsCodec.encode(
                rows,
                reference: try encoder.encode(
                    reference.entries.map {
                        ReferenceEntry(
                            c: $0.clientID, i: $0.instrument, b: $0.baseline, s: $0.scores, k: $0.classification)
                    }), therapists: therapists)
            var rest = try encoder.encode(header)
            rest.append(0x0A)
            rest.append(body)
            var out = Data(hex(SHA256.hash(data: rest)).utf8)
            out.append(0x0A)
            out.append(rest)
            if let key = place.key { out = try ChaChaPoly.seal(out, using: key, authenticating: place.info).combined }
            // Derived data: atomic, not fsynced (a lost or torn file is recomputed).
            try store.fs.writeAtomically(out, to: place.path, durable: false)
            if place.key == nil, store.fs.exists(legacyPath(store)) { try? store.fs.remove(legacyPath(store)) }
        } catch {
            // A cache that cannot be written is only a slower next open.
        }
    }

    /// The rows brought up to date with the index lines appended since the cache was written, or
    /// nil when that cannot be done exactly enough (the caller reads the whole caseload).
    static func updated(
        _ store: DataStore, at place: Place, catalog: InstrumentCatalog, options: AnalysisOptions, fingerprint: String
    ) -> (
        rows: [CaseloadEntry], sds: [String: Double], reference: TrackReference, problems: [StoreProblem],
        therapists: [ClientID: AccountID]
    )? {
        guard let cache = read(store, at: place), cache.header.fingerprint == fingerprint,
            let tail = store.caseloadIndexTail(since: cache.header.position),
            let (ids, problems) = try? store.clientIDs()
        else { return nil }
        if tail.changed.isEmpty {
            // (A sealed index's rows are those of the caseloads held: a client moved or removed
            // rewrites the index, so the cache's set of clients stands while the tail reads.)
            guard tail.sealed || (ids.count == cache.rows.count && Set(ids) == Set(cache.rows.map(\.client))) else {
                return nil
            }
            return (cache.rows, cache.header.sds, cache.reference, problems, cache.therapists)
        }
        guard let stats = tail.stats, let clients = tail.clients, clients == ids.count,
            cache.header.appended + tail.changed.count <= cache.rows.count / 2 + 64
        else { return nil }
        let sds = CaseloadReader.caseloadSDs(stats: stats, catalog: catalog, options: options)
        guard sds.keys.sorted() == cache.header.sds.keys.sorted(),
            sds.allSatisfy({ key, sd in
                let base = cache.header.sds[key] ?? 0
                return abs(sd - base) <= sdTolerance * abs(base)
            })
        else { return nil }
        let discharged = Set(cache.header.discharged)
        for change in tail.changed {
            let id = change.summary.clientId.rawValue
            if discharged.contains(id) || !(change.feedback?.discharges.isEmpty ?? true) { return nil }
        }
        var feedback: [String: [AlertResponse]] = [:]
        for change in tail.changed {
            if let r = change.feedback?.responses, !r.isEmpty { feedback[change.summary.clientId.rawValue] = r }
        }
        let fresh = CaseloadEntry.caseload(
            summaries: tail.changed.map(\.summary), catalog: catalog, options: options, caseloadSDs: sds,
            reference: cache.reference, responses: feedback)
        var byClient: [ClientID: CaseloadEntry] = [:]
        byClient.reserveCapacity(cache.rows.count + fresh.count)
        for row in cache.rows { byClient[row.client] = row }
        for row in fresh { byClient[row.client] = row }
        guard tail.sealed || (byClient.count == ids.count && ids.allSatisfy({ byClient[$0] != nil })) else {
            return nil
        }
        var rows = Array(byClient.values)
        rows.sort(by: CaseloadEntry.inCaseloadOrder)
        // (A client's therapist changes only with a move, which rewrites the index: the tail
        // then does not read. A changed client's line names its caseload all the same.)
        var therapists = cache.therapists
        therapists.merge(tail.therapists) { _, new in new }
        var header = cache.header
        header.position = tail.position
        header.appended += tail.changed.count
        write(store, at: place, header: header, rows: rows, reference: cache.reference, therapists: therapists)
        return (rows, sds, cache.reference, problems, therapists)
    }
}

extension CaseloadEntry {
    /// A row as cached.
    init(
        client: ClientID, sessions: Int, lastSession: SessionDate?, allianceClient: Double?,
        allianceTherapist: Double?, trend: AllianceTrend.Direction, outcome: String?, outcomeScore: Double?,
        outcomeBand: String?, risk: Bool, alerts: [ReviewAlert]
    ) {
        self.client = client
        self.sessions = sessions
        self.lastSession = lastSession
        self.allianceClient = allianceClient
        self.allianceTherapist = allianceTherapist
        self.trend = trend
        self.outcome = outcome
        self.outcomeScore = outcomeScore
        self.outcomeBand = outcomeBand
        self.risk = risk
        self.alerts = alerts
    }
}
