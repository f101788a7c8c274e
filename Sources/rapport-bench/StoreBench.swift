import ArgumentParser
import Foundation
import Instruments
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `store`: the median durable save (score, locks, record, audit, summary, caseload index line)
/// next to a durable atomic write of a record-sized new file and a bare write+fsync, interleaved
/// in the same run.
/// With `--caseload DIR`, the saves go to a new client of that data directory (its index as it
/// is, e.g. 10,000 clients), else to a fresh store in SCRATCH. With `--without-syncs`, the saves
/// skip every fsync (the store not durable): what a save costs besides the disk's syncs.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Durable save vs bare durable write.")
    @Argument(help: "Scratch directory (removed first and at the end).") var scratch: String
    @Argument(help: "The assets directory (its instruments folder is read).") var assets: String
    @Argument(help: "Samples of each kind.") var count: Int = 200
    @Option(help: "Save into a new client of this data directory instead of a fresh store.") var caseload: String?
    @Flag(help: "Saves without fsyncs (not durable): the save's cost besides the syncs.") var withoutSyncs = false

    func run() throws {
        try benchReporting {
            try? FileManager.default.removeItem(atPath: scratch)
            try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
            let catalog = try InstrumentCatalog.load(
                bundled: URL(fileURLWithPath: assets).appendingPathComponent("instruments"), clinic: nil)
            let wai = try catalog.instrument("wai-sr")
            let store: DataStore
            let id: ClientID
            if let caseload {
                store = DataStore(root: caseload, durable: !withoutSyncs)
                id = try ClientID("ZB\(getpid())")
                _ = try store.caseload()  // the index fresh first, as in use
            } else {
                store = DataStore(root: scratch + "/data", durable: !withoutSyncs)
                try store.initialize()
                id = try ClientID("BENCH")
            }
            try store.addClient(id)
            // Each save is followed by a durable atomic write of a record-sized new file and a
            // bare write+fsync, so that the disk's swings (2× within a minute here) reach all three
            // alike. The atomic writes make new names in their own directory, as a save's record
            // does: nothing is freed during the run (on ext4 without a journal, inodes freed in the
            // last minutes slow every later file creation; rewriting one name would free one each).
            let fs = PosixFileSystem()
            let atomicDir = scratch + "/atomic"
            try fs.makeDirectory(atomicDir)
            let fd = open(scratch + "/bare.bin", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            defer { close(fd) }
            var payload = Data()
            var saves: [Double] = []
            var atomics: [Double] = []
            var bares: [Double] = []
            for n in 0..<count {
                let day = SessionDate(date: Date(timeIntervalSince1970: 1_700_000_000 + Double(n) * 86_400))
                let new = NewAdministration(
                    clientId: id, sessionDate: day, rater: .client, instrument: wai,
                    answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4], administeredAt: Date(), source: .cli)
                var saved: AdministrationRecord?
                saves.append(try microseconds { saved = try store.save(new) })
                if payload.isEmpty, let saved {
                    payload = Data(repeating: 0x61, count: try StoreCoding.encode(saved, path: "x").count)
                }
                atomics.append(
                    try microseconds {
                        try fs.writeAtomically(payload, to: atomicDir + "/\(n).bin", durable: true)
                    })
                bares.append(
                    microseconds {
                        _ = payload.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
                        fsync(fd)
                    })
            }
            let indexFresh = try !store.caseload().rebuilt
            let recordBytes = payload.count
            let clients = try store.clientIDs().ids.count
            print(
                String(
                    format: "record size: %d bytes, %d samples each, %d clients in the store", recordBytes, count,
                    clients))
            print(String(format: "bare write+fsync (same size):                        median %8.1f µs", median(bares)))
            print(
                String(
                    format: "durable atomic write (tmp+fsync+rename+dir fsync):  median %8.1f µs (new files)",
                    median(atomics)))
            print(
                String(
                    format:
                        "%@ median %8.1f µs (index fresh after: %@)",
                    withoutSyncs
                        ? "save WITHOUT syncs (not durable):                   "
                        : "full durable save (record+audit+summary+index):    ", median(saves),
                    indexFresh ? "yes" : "NO"))
            print(String(format: "save / durable atomic write ratio: %.2f", median(saves) / median(atomics)))
            try? FileManager.default.removeItem(atPath: scratch)
        }
    }
}
