// rapport-bench: benchmarks for Scripts/bench*.sh. Prints medians; never used by the app.
// Subcommands: store (durable save vs a bare durable write), open (the review caseload open,
// in-process), client (opening one client), render (a chart's render), caseload (bench data).
import ArgumentParser
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The one median of the benchmarks (the mean of the middle two for an even count).
func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func microseconds(_ body: () throws -> Void) rethrows -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1000
}

/// The process's peak resident set so far (getrusage: kilobytes on Linux), in MiB.
func peakMiB() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// CPU time of the process so far (all threads), in ms.
func cpuMilliseconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) * 1e3 + Double(t.tv_nsec) / 1e6
}

struct RapportBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport-bench",
        abstract: "Benchmarks for Scripts/bench*.sh (not part of rapport).",
        subcommands: [
            StoreBench.self, OpenBench.self, ClientBench.self, RenderBench.self, CaseloadBench.self, KeysBench.self,
        ])
}

/// Errors as one line and exit 1.
func benchReporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("rapport-bench: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

RapportBench.main()
