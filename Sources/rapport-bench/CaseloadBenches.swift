import Analytics
import AppCore
import AppUI
import ArgumentParser
import Crypto
import Dispatch
import Formats
import Foundation
import Instruments
import ScreenKit
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// Where the data and the instruments are, for the benchmarks that read a caseload.
struct BenchData: ParsableArguments {
    @Option(help: "The data directory.") var dataDir: String
    @Option(help: "The assets directory (default: RAPPORT_ASSETS, else ./assets).") var assets: String?
    @Option(help: "A sealed bench caseload's key file (written by `caseload --sealed`).") var keyFile: String?
    @Option(
        name: .customLong("as"),
        help:
            "Sign in as this account (its passphrase on the first line of standard input); the caseload is filtered as the account sees it."
    )
    var account: String?

    func store() throws -> DataStore { try signedIn().store }

    /// The store with the signed-in account's keys (or the bench key file's), and what it sees.
    func signedIn() throws -> (store: DataStore, visibility: Visibility) {
        var store = DataStore(root: dataDir)
        if let keyFile { store.keyring = try BenchKeys.read(keyFile) }
        guard let account else { return (store, .everyone) }
        guard let passphrase = readLine(strippingNewline: true) else {
            throw ValidationError("--as: no passphrase on standard input")
        }
        let signedIn = try Accounts(store: store).signIn(try AccountID(account), passphrase: passphrase)
        store.keyring = signedIn.keyring
        return (store, signedIn.visibility)
    }

    func catalog() throws -> InstrumentCatalog {
        let root = assets ?? ProcessInfo.processInfo.environment["RAPPORT_ASSETS"] ?? "assets"
        let clinic = dataDir + "/instruments"
        return try InstrumentCatalog.loadSkippingDamaged(
            bundled: URL(fileURLWithPath: root).appendingPathComponent("instruments"),
            clinic: FileManager.default.fileExists(atPath: clinic) ? URL(fileURLWithPath: clinic) : nil
        ).catalog
    }
}

func ms(_ d: Duration) -> Double { Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) / 1e15 }

/// `open` (was `rapport review --bench-open`): the review's caseload open as `ReviewEffects`
/// does it (`CaseloadReader.rows`: the rows cache and the index lines appended since, else the
/// whole index, analytics, discharges, answers to alerts and the reference from the index) and
/// its first frame (100×30, no terminal), N times; the median, the fastest, the first run, CPU
/// time and the peak memory. `--no-cache` drops the rows cache before each run (the index read
/// whole and every client analysed); `--save-between` saves one record before each run (the open
/// after a save: the clients changed since are analysed again); `--per-client` is the baseline
/// before the index (a summary, a lock, an episodes and an alert-responses file per client).
struct OpenBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "The review caseload open, in-process.")
    @Option(help: "Runs.") var runs: Int = 15
    @Flag(help: "Baseline: read every client's files (summary, lock, episodes, alert answers), in parallel.")
    var perClient = false
    @Flag(help: "Drop the rows cache before each run (the whole index read and analysed).") var noCache = false
    @Flag(help: "Save one record (a bench client's) before each run, not timed.") var saveBetween = false
    @Flag(
        help:
            "Baseline with --as: filter the rows by each client's client.json (one file per row), as before the rows carried their therapist."
    )
    var filterByFiles = false
    @OptionGroup var data: BenchData

    /// The caseload as read before the index: one summary (and one lock) per client, in parallel.
    static func perClientRead(_ store: DataStore) throws -> CaseloadIndexRead {
        let (ids, problems) = try store.clientIDs()
        final class Slots: @unchecked Sendable {
            let lock = NSLock()
            var values: [ClientSummary?]
            var feedback: [ClientID: CaseloadFeedback] = [:]
            init(_ n: Int) { values = Array(repeating: nil, count: n) }
        }
        let slots = Slots(ids.count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < ids.count {
                let s = try? store.summary(ids[i])
                let f = CaseloadFeedback(
                    discharges: (try? store.discharges(ids[i])) ?? [],
                    responses: (try? store.alertResponses(ids[i])) ?? [])
                slots.lock.withLock {
                    slots.values[i] = s
                    if !f.isEmpty { slots.feedback[ids[i]] = f }
                }
                i += workers
            }
        }
        let summaries = slots.values.compactMap { $0 }
        return CaseloadIndexRead(
            summaries: summaries, stats: CaseloadStats(summaries: summaries), problems: problems, rebuilt: false,
            feedback: slots.feedback)
    }

    func run() throws {
        try benchReporting {
            let (signedInStore, visibility) = try data.signedIn()
            var effects = ReviewEffects(store: signedInStore, catalog: try data.catalog(), passphrase: nil)
            effects.visibility = filterByFiles ? .everyone : visibility
            let store = effects.store
            var total: [Double] = []
            var draw: [Double] = []
            var cpu: [Double] = []
            var clients = 0
            var alerts = 0
            let clock = ContinuousClock()
            let saver = try saveBetween ? BenchSaver(store: store, catalog: effects.catalog) : nil
            let cache = store.sealedRowsCache()?.path ?? store.layout.caseload + "/rows.bin"
            for _ in 0..<max(runs, 1) {
                if noCache { try? FileManager.default.removeItem(atPath: cache) }
                try saver?.save()
                let c0 = cpuMilliseconds()
                let t0 = clock.now
                let state: CaseloadState
                if perClient {
                    let read = try Self.perClientRead(store)
                    let sds = CaseloadReader.caseloadSDs(
                        stats: read.stats, catalog: effects.catalog, options: effects.options)
                    let reference = TrackReferenceLoader.reference(
                        summaries: read.summaries, discharges: read.discharges, catalog: effects.catalog,
                        options: effects.options)
                    state = CaseloadState(
                        entries: CaseloadEntry.caseload(
                            summaries: read.summaries, catalog: effects.catalog, options: effects.options,
                            caseloadSDs: sds, discharges: read.discharges, reference: reference,
                            responses: read.responses),
                        caseloadSDs: sds, problems: read.problems.count)
                } else if filterByFiles {
                    let all = try effects.loadCaseload()
                    let allowed = Set(visibility.filter(all.entries.map(\.client), in: store))
                    state = CaseloadState(
                        entries: all.entries.filter { allowed.contains($0.client) }, caseloadSDs: all.caseloadSDs,
                        problems: all.problems)
                } else {
                    state = try effects.loadCaseload()
                }
                var review = ReviewState(now: Date())
                review.caseload = state
                review.screen = .caseload
                let t1 = clock.now
                let screen = ReviewAppView.render(review, size: Size(width: 100, height: 30))
                let t2 = clock.now
                cpu.append(cpuMilliseconds() - c0)
                clients = review.caseload.entries.count
                alerts = review.caseload.entries.filter { !$0.alerts.isEmpty }.count
                if screen.width != 100 { throw ValidationError("unexpected frame") }
                total.append(ms(t2 - t0))
                draw.append(ms(t2 - t1))
            }
            let first = total[0]
            let steady = total.count > 1 ? Array(total.dropFirst()) : total
            let signedIn =
                data.account.map { " as \($0)" + (filterByFiles ? ", filtered by client.json files (baseline)" : "") }
                ?? ""
            let mode =
                perClient
                ? "caseload open, per-client files (baseline)"
                : noCache
                    ? "caseload open, index read whole (no rows cache)"
                    : saveBetween
                        ? "caseload open after one save (rows cache + index tail)" : "caseload open (rows cache)"
            print(
                String(
                    format:
                        "%@: median %.1f ms (min %.1f ms, %d runs after the first; first %.1f ms; %d clients, %d with alerts), first frame %.1f ms; CPU %.1f ms (all threads, %d cores); peak RSS %.1f MiB",
                    mode + signedIn, median(steady), steady.min() ?? 0, steady.count, first, clients, alerts,
                    median(Array(draw.dropFirst())), median(cpu), ProcessInfo.processInfo.activeProcessorCount,
                    peakMiB()))
        }
    }
}

/// Saves one record per call into a bench client of its own (made on first use), one day apart.
final class BenchSaver {
    let store: DataStore
    let wai: Instrument
    let id: ClientID
    var n = 0

    init(store: DataStore, catalog: InstrumentCatalog) throws {
        self.store = store
        wai = try catalog.instrument("wai-sr")
        id = try ClientID("ZO\(getpid())")
        // In a sealed bench caseload the client joins a caseload this process holds (t1's in the
        // bench caseload without accounts; the signed-in account's first with accounts).
        let caseload = store.keyring?.readableCaseloads.first?.rawValue ?? "t1"
        try store.addClient(id, therapist: store.isSealed() ? caseload : nil)
    }

    func save() throws {
        let day = SessionDate(date: Date(timeIntervalSince1970: 1_700_000_000 + Double(n) * 86_400))
        n += 1
        _ = try store.save(
            NewAdministration(
                clientId: id, sessionDate: day, rater: .client, instrument: wai,
                answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, n % 5 + 1], administeredAt: Date(), source: .cli))
    }
}

/// `client`: opening one client as `chart --client` does (its summary and episodes, the caseload
/// SDs from the index's statistics, the expected-recovery reference, the analysis and the
/// dashboard's chart), N times.
struct ClientBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "client", abstract: "Opening one client, in-process.")
    @Option(help: "Client id.") var client: String
    @Option(help: "Runs.") var runs: Int = 15
    @OptionGroup var data: BenchData

    func run() throws {
        try benchReporting {
            let store = try data.store()
            let catalog = try data.catalog()
            let id = try ClientID(client)
            var times: [Double] = []
            var sessions = 0
            let clock = ContinuousClock()
            for _ in 0..<max(runs, 1) {
                let t0 = clock.now
                let sds = try CaseloadReader.caseloadSDs(store, catalog: catalog)
                // The expected-recovery band as `chart --client` draws it: the client's episodes
                // and the caseload's closed episodes (from the rows cache when it is current).
                let reference = try CaseloadReader.reference(store, catalog: catalog)
                let dashboard = ClientDashboard.build(
                    summary: try store.summary(id), catalog: catalog, caseloadSDs: sds,
                    discharges: try store.discharges(id), reference: reference)
                var screen = Screen(width: 100, height: 30)
                let chart = try dashboard.charts.trend(
                    "wai-sr", scales: ["total"], raters: [.client], colorMode: .none)
                chart.render(into: &screen, in: screen.bounds)
                times.append(ms(clock.now - t0))
                sessions = dashboard.summary.sessions.count
            }
            print(
                String(
                    format:
                        "open one client (%@, %d sessions): median %.2f ms (min %.2f, %d runs; first %.2f ms); peak RSS %.1f MiB",
                    client, sessions, median(times), times.min() ?? 0, times.count, times[0], peakMiB()))
        }
    }
}

/// `render` (was `rapport chart --bench-render`): renders a chart of a series CSV N times.
struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", abstract: "A chart's render time.")
    @Option(help: "A series CSV (as for `rapport chart --csv`).") var csv: String
    @Option(help: "Width in columns.") var width: Int = 80
    @Option(help: "Height in rows.") var height: Int = 20
    @Option(help: "Lowest value on the y axis.") var yMin: Double?
    @Option(help: "Highest value on the y axis.") var yMax: Double?
    @Option(help: "Runs.") var runs: Int = 200

    func run() throws {
        try benchReporting {
            let table = try SeriesFile.load(csv)
            // The chart `rapport chart --csv` draws (without its sentence, drawn once per process).
            let chart = SeriesChart(table, options: .init(yMin: yMin, yMax: yMax, width: width, height: height))
                .lineChart
            var times: [Double] = []
            times.reserveCapacity(runs)
            var checksum = 0
            let clock = ContinuousClock()
            for _ in 0..<max(runs, 1) {
                let start = clock.now
                var s = Screen(width: width, height: height)
                chart.render(into: &s, in: s.bounds)
                let elapsed = clock.now - start
                checksum &+= s[width - 1, height - 2].text.utf8.count
                times.append(ms(elapsed) * 1000)
            }
            print(
                String(
                    format: "render median %.1f µs (min %.1f, %d runs, %d×%d, %d sessions, %d series) [%d]",
                    median(times), times.min() ?? 0, times.count, width, height, chart.sessionCount,
                    chart.series.count, checksum % 10))
        }
    }
}

/// `caseload`: bench data for a large caseload without writing millions of record files: copies
/// each client of a source data directory (made by `rapport demo`) COPIES times under new ids
/// (`<id>x<k>`), with its summary, lock counter, notes and acknowledgements but no records, then
/// rebuilds the caseload index. For the caseload benchmarks only (open, list, one client).
///
/// A source with accounts (a sealed `rapport demo`) gives a sealed destination with the same
/// accounts, keys and passphrases: its admin signs in (`--as`, the passphrase on standard input),
/// every clone keeps its source client's therapist and is sealed to that caseload as it is
/// written (`DataStore.cloneClient`), in parallel; the admin then rebuilds the sealed index.
struct CaseloadBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "caseload", abstract: "Clone a demo caseload's summaries into a large bench caseload.")
    @Option(help: "Source data directory (a demo).") var from: String
    @Option(help: "Destination data directory (created; must not exist).") var to: String
    @Option(help: "Clients in the destination.") var clients: Int = 10_000
    @Flag(help: "Seal the destination (one therapist account, t1, holds every client; `migrate` as a library).")
    var sealed = false
    @Option(help: "With --sealed: where to write t1's caseload private key (0600) for `--key-file`.")
    var keyFile: String?
    @Option(
        name: .customLong("as"),
        help: "A source with accounts: its admin account (the passphrase on the first line of standard input).")
    var admin: String?

    func run() throws {
        try benchReporting {
            if Accounts(store: DataStore(root: from)).exist {
                try cloneWithAccounts()
                return
            }
            let source = DataStore(root: from)
            let (ids, _) = try source.clientIDs()
            guard !ids.isEmpty else { throw ValidationError("no clients in \(from)") }
            if FileManager.default.fileExists(atPath: to) { throw ValidationError("\(to) exists") }
            let dest = DataStore(root: to, durable: false)
            try FileManager.default.createDirectory(atPath: to, withIntermediateDirectories: true)
            for name in ["rapport.json", "audit.log", "audit.head"]
            where FileManager.default.fileExists(atPath: from + "/" + name) {
                try FileManager.default.copyItem(atPath: from + "/" + name, toPath: to + "/" + name)
            }
            try dest.initialize()
            let fs = PosixFileSystem()
            let t0 = ContinuousClock.now
            var made = 0
            var copy = 0
            while made < clients {
                for id in ids where made < clients {
                    let newID = try ClientID(copy == 0 ? id.rawValue : "\(id.rawValue)x\(copy)")
                    try dest.cloneClient(id, from: source, as: newID)
                    made += 1
                }
                copy += 1
            }
            var written = ContinuousClock.now
            var reader = dest
            if sealed {
                guard let keyFile else { throw ValidationError("--sealed needs --key-file") }
                let t1 = try AccountID("t1")
                let key = Curve25519.KeyAgreement.PrivateKey()
                let keyring = StaticKeyring(privateKeys: [t1: key], clinicKey: SymmetricKey(size: .bits256))
                try BenchKeys.write(keyFile, therapist: t1, key: key)
                reader.keyring = keyring
                try Migration(store: reader, assign: { _ in t1 }).run()
                print(String(format: "bench caseload: sealed in %.1f s", ms(ContinuousClock.now - written) / 1000))
                written = ContinuousClock.now
            }
            let index = try reader.rebuildCaseloadIndex()
            fs.syncAll()
            print(
                String(
                    format:
                        "bench caseload: %d clients (%d copies of %d) in %.1f s; index rebuilt from the summaries in %.1f s (%d problems)",
                    made, copy, ids.count, ms(written - t0) / 1000, ms(ContinuousClock.now - written) / 1000,
                    index.problems.count))
        }
    }
}

extension CaseloadBench {
    /// A sealed source with accounts: the destination gets its accounts, keys and configuration
    /// (everything but `clients/` and `caseload/`), then the clones, sealed as they are written.
    func cloneWithAccounts() throws {
        guard let admin else { throw ValidationError("\(from) has accounts: give --as ADMIN (passphrase on stdin)") }
        guard let passphrase = readLine(strippingNewline: true) else {
            throw ValidationError("--as: no passphrase on standard input")
        }
        let fm = FileManager.default
        if fm.fileExists(atPath: to) { throw ValidationError("\(to) exists") }
        var source = DataStore(root: from)
        let signedIn = try Accounts(store: source).signIn(try AccountID(admin), passphrase: passphrase)
        guard signedIn.account.role == .admin else { throw ValidationError("--as: \(admin) is not an admin") }
        source.keyring = signedIn.keyring
        let (ids, _) = try source.clientIDs()
        guard !ids.isEmpty else { throw ValidationError("no clients in \(from)") }
        let t0 = ContinuousClock.now
        try PosixFileSystem().makeDirectory(to)
        for name in try fm.contentsOfDirectory(atPath: from).sorted()
        where name != "clients" && name != "caseload" && !name.hasPrefix(".") {
            try fm.copyItem(atPath: from + "/" + name, toPath: to + "/" + name)
        }
        var dest = DataStore(root: to, durable: false)
        dest.keyring = signedIn.keyring
        try dest.initialize()
        guard dest.isSealed() else { throw ValidationError("\(from) has accounts but is not sealed") }
        let (reader, writer) = (source, dest)
        let total = clients
        let failure = BenchFailure()
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            var i = w
            while i < total, !failure.failed {
                do {
                    let id = ids[i % ids.count]
                    let copy = i / ids.count
                    try writer.cloneClient(
                        id, from: reader, as: try ClientID(copy == 0 ? id.rawValue : "\(id.rawValue)x\(copy)"))
                } catch {
                    failure.set(error)
                }
                i += workers
            }
        }
        if let error = failure.error { throw error }
        let written = ContinuousClock.now
        let index = try dest.rebuildCaseloadIndex()
        dest.fs.syncAll()
        var caseloads: [String: Int] = [:]
        for (_, t) in index.therapists { caseloads[t.rawValue, default: 0] += 1 }
        print(
            String(
                format:
                    "bench caseload (sealed, accounts of %@): %d clients (%@) cloned and sealed in %.1f s; sealed index rebuilt by %@ in %.1f s (%d problems)",
                from, total, caseloads.keys.sorted().map { "\($0) \(caseloads[$0]!)" }.joined(separator: ", "),
                ms(written - t0) / 1000, admin, ms(ContinuousClock.now - written) / 1000, index.problems.count))
    }
}

/// The first error of the clone workers.
final class BenchFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: (any Error)?
    var failed: Bool { lock.withLock { first != nil } }
    var error: (any Error)? { lock.withLock { first } }
    func set(_ e: any Error) { lock.withLock { if first == nil { first = e } } }
}

/// The key file of a sealed bench caseload: "<account id> <base64 X25519 private key>" (0600).
/// Bench data only: real keys are wrapped with a passphrase (docs/accounts.md).
enum BenchKeys {
    static func write(_ path: String, therapist: AccountID, key: Curve25519.KeyAgreement.PrivateKey) throws {
        let line = "\(therapist.rawValue) \(key.rawRepresentation.base64EncodedString())\n"
        guard
            FileManager.default.createFile(
                atPath: path, contents: Data(line.utf8), attributes: [.posixPermissions: 0o600])
        else { throw ValidationError("cannot write \(path)") }
    }

    static func read(_ path: String) throws -> StaticKeyring {
        var keys: [AccountID: Curve25519.KeyAgreement.PrivateKey] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let raw = Data(base64Encoded: String(parts[1])) else {
                throw ValidationError("\(path): not a bench key file")
            }
            keys[try AccountID(String(parts[0]))] = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: raw)
        }
        return StaticKeyring(privateKeys: keys)
    }
}
