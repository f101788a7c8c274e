import Foundation
import Instruments

/// Finds the shipped instrument files.
enum Assets {
    /// `$RAPPORT_ASSETS`, else `<prefix>/share/rapport` next to an installed binary, else the
    /// `assets` folder of the source checkout the binary was built in.
    static func directory() throws -> URL {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["RAPPORT_ASSETS"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        let exe = executableURL()
        var candidates: [URL] = []
        let binDir = exe.deletingLastPathComponent()
        candidates.append(binDir.deletingLastPathComponent().appendingPathComponent("share/rapport"))
        var dir = binDir
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("assets"))
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("assets"))
        for candidate in candidates
        where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("instruments/wai-sr.json").path) {
            return candidate
        }
        throw CLIError(
            "cannot find the shipped instrument files (set RAPPORT_ASSETS to the assets folder)", code: Exit.noInput)
    }

    /// The running binary, whatever the working directory and however it was started (by name
    /// through PATH, a relative path or a symlink): `/proc/self/exe` on Linux, else Foundation's
    /// idea of the main executable; `argv[0]` only as a last resort.
    static func executableURL() -> URL {
        if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            return URL(fileURLWithPath: target).resolvingSymlinksInPath()
        }
        if let url = Bundle.main.executableURL { return url.resolvingSymlinksInPath() }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    }

    /// Shipped instruments plus the clinic's own; a damaged clinic file is skipped with a warning on
    /// stderr (`rapport check` reports it as an error) so that the other commands keep working.
    static func catalog(clinic: String?, warn: Bool = true) throws -> InstrumentCatalog {
        let bundled = try directory().appendingPathComponent("instruments")
        let clinicURL = clinic.flatMap { FileManager.default.fileExists(atPath: $0) ? URL(fileURLWithPath: $0) : nil }
        let (catalog, skipped) = try InstrumentCatalog.loadSkippingDamaged(bundled: bundled, clinic: clinicURL)
        if warn {
            for problem in skipped { writeStderr("rapport: warning: skipped instrument: \(problem)") }
        }
        return catalog
    }
}
