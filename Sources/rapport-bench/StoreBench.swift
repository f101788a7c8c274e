import ArgumentParser
import Foundation
import Instruments
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// `store`: the median durable save (score, locks, record, audit, summary, caseload index line)
/// next to a durable atomic write of a record-sized file and a bare write+fsync, in the same run.
/// With `--caseload DIR`, the saves go to a new client of that data directory (its index as it
/// is, e.g. 10,000 clients), else to a fresh store in SCRATCH.
struct StoreBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store", abstract: "Durable save vs bare durable write.")
    @Argument(help: "Scratch directory (removed first and at the end).") var scratch: String
    @Argument(help: "The assets directory (its instruments folder is read).") var assets: String
    @Argument(help: "Samples of each kind.") var count: Int = 200
    @Option(help: "Save into a new client of this data directory instead of a fresh store.") var caseload: String?

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
                store = DataStore(root: caseload)
                id = try ClientID("ZB\(getpid())")
                _ = try store.caseload()  // the index fresh first, as in use
            } else {
                store = DataStore(root: scratch + "/data")
                try store.initialize()
                id = try ClientID("BENCH")
            }
            try store.addClient(id)
            var saves: [Double] = []
            for n in 0..<count {
                let day = SessionDate(date: Date(timeIntervalSince1970: 1_700_000_000 + Double(n) * 86_400))
                let new = NewAdministration(
                    clientId: id, sessionDate: day, rater: .client, instrument: wai,
                    answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4], administeredAt: Date(), source: .cli)
                saves.append(try microseconds { try store.save(new) })
            }
            let indexFresh = try !store.caseload().rebuilt
            let sample = try store.records(id).records[0]
            let recordBytes = try StoreCoding.encode(sample, path: "x").count

            let fs = PosixFileSystem()
            let payload = Data(repeating: 0x61, count: recordBytes)
            var atomics: [Double] = []
            for n in 0..<count {
                atomics.append(
                    try microseconds {
                        try fs.writeAtomically(payload, to: scratch + "/atomic-\(n % 8).bin", durable: true)
                    })
            }
            let fd = open(scratch + "/bare.bin", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            var bares: [Double] = []
            for _ in 0..<count {
                bares.append(
                    microseconds {
                        _ = payload.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
                        fsync(fd)
                    })
            }
            close(fd)
            let clients = try store.clientIDs().ids.count
            print(
                String(
                    format: "record size: %d bytes, %d samples each, %d clients in the store", recordBytes, count,
                    clients))
            print(String(format: "bare write+fsync (same size):                        median %8.1f µs", median(bares)))
            print(
                String(format: "durable atomic write (tmp+fsync+rename+dir fsync):  median %8.1f µs", median(atomics)))
            print(
                String(
                    format:
                        "full durable save (record+audit+summary+index):     median %8.1f µs (index fresh after: %@)",
                    median(saves), indexFresh ? "yes" : "NO"))
            print(String(format: "save / durable atomic write ratio: %.2f", median(saves) / median(atomics)))
            try? FileManager.default.removeItem(atPath: scratch)
        }
    }
}
