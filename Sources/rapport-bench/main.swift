// rapport-bench: store figures for Scripts/bench.sh. Prints medians; never used by the app.
import Foundation
import Instruments
import Store

#if canImport(Glibc)
    import Glibc
#endif

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func microseconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000
}

let args = CommandLine.arguments
if args.count > 1 && args[1] == "keys" { exit(KeysBenchmark.main(Array(args.dropFirst(2)))) }
guard args.count >= 4 else {
    FileHandle.standardError.write(Data("usage: rapport-bench SCRATCH_DIR ASSETS_DIR COUNT\n".utf8))
    exit(64)
}
let scratch = args[1]
let assets = URL(fileURLWithPath: args[2]).appendingPathComponent("instruments")
let count = Int(args[3]) ?? 200

do {
    try? FileManager.default.removeItem(atPath: scratch)
    let catalog = try InstrumentCatalog.load(bundled: assets, clinic: nil)
    let wai = try catalog.instrument("wai-sr")
    let store = DataStore(root: scratch)
    try store.initialize()
    let id = try ClientID("BENCH")
    try store.addClient(id)

    // 1. Full durable save (score, lock, session lookup, record write, summary write).
    var saves: [Double] = []
    for n in 0..<count {
        let day = SessionDate(date: Date(timeIntervalSince1970: 1_700_000_000 + Double(n) * 86_400))
        let new = NewAdministration(
            clientId: id, sessionDate: day, rater: .client, instrument: wai,
            answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4], administeredAt: Date(), source: .cli)
        saves.append(try microseconds { try store.save(new) })
    }
    let sample = try store.records(id).records[0]
    let recordBytes = try StoreCoding.encode(sample, path: "x").count

    // 2. Durable atomic write of a record-sized file alone (temp, fsync, rename, fsync dir).
    let fs = PosixFileSystem()
    let payload = Data(repeating: 0x61, count: recordBytes)
    var atomics: [Double] = []
    for n in 0..<count {
        atomics.append(try microseconds { try fs.writeAtomically(payload, to: scratch + "/atomic-\(n % 8).bin", durable: true) })
    }

    // 3. Bare write + fsync of the same size to one open file.
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

    print(String(format: "record size: %d bytes, %d samples each", recordBytes, count))
    print(String(format: "bare write+fsync (same size):     median %8.1f µs", median(bares)))
    print(String(format: "durable atomic write (tmp+fsync+rename+dir fsync): median %8.1f µs", median(atomics)))
    print(String(format: "full durable save (score+lock+record+summary):     median %8.1f µs", median(saves)))
    print(String(format: "save / bare fsync ratio: %.2f", median(saves) / median(bares)))
    try? FileManager.default.removeItem(atPath: scratch)
} catch {
    FileHandle.standardError.write(Data("rapport-bench: \(error)\n".utf8))
    exit(1)
}
