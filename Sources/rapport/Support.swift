import ArgumentParser
import Foundation
import Instruments
import Numbers
import ScreenKit
import Store

/// sysexits-style exit codes.
enum Exit {
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let software: Int32 = 70
    static let ioError: Int32 = 74
    /// EX_NOPERM: a wrong current passphrase.
    static let noPermission: Int32 = 77
}

/// An error the CLI reports as one line on stderr with an exit code.
struct CLIError: Error {
    var message: String
    var code: Int32
    init(_ message: String, code: Int32) {
        self.message = message
        self.code = code
    }
}

/// Maps library errors to one-line messages and exit codes.
func cliError(_ error: any Error) -> CLIError {
    switch error {
    case let e as CLIError: return e
    case let e as StoreError:
        switch e {
        case .invalidClientID, .invalid: return CLIError(e.description, code: Exit.usage)
        case .noSuchClient, .notInitialized: return CLIError(e.description, code: Exit.noInput)
        case .io, .locked: return CLIError(e.description, code: Exit.ioError)
        case .corrupt, .newerSchema, .conflict, .clientExists, .tampered:
            return CLIError(e.description, code: Exit.dataError)
        case .duplicateRecord:
            return CLIError(e.description + "; use --replace to correct it", code: Exit.dataError)
        case .signInFailed, .notPermitted, .sealed: return CLIError(e.description, code: Exit.noPermission)
        }
    case let e as InstrumentError:
        switch e {
        case .unknown: return CLIError(e.description, code: Exit.usage)
        case .unreadable: return CLIError(e.description, code: Exit.noInput)
        default: return CLIError(e.description, code: Exit.dataError)
        }
    case let e as AnswerError: return CLIError(e.description, code: Exit.dataError)
    default: return CLIError("\(error)", code: Exit.software)
    }
}

/// Runs a command body, turning any error into a one-line message and an exit code.
func reporting(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        let e = cliError(error)
        writeStderr("rapport: \(e.message)")
        throw ExitCode(e.code)
    }
}

/// One line of text for people on stderr, in the glyph set of the locale (ASCII under LANG=C).
func writeStderr(_ line: String) {
    FileHandle.standardError.write(Data(Glyphs.text(line + "\n").utf8))
}

/// Text for people on stdout, in the glyph set of the locale (ASCII under LANG=C: "→" is ">",
/// "—" is "-"). Data (JSON) goes through ``writeData(_:)`` and is never changed.
func writeStdout(_ text: String) {
    FileHandle.standardOutput.write(Data(Glyphs.text(text).utf8))
}

/// Data on stdout exactly as given (JSON, CSV), whatever the locale.
func writeData(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// The `--data-dir` option shared by every command that uses the data directory.
struct DataOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: "Data directory (default: $RAPPORT_DATA_DIR, else ${XDG_DATA_HOME:-~/.local/share}/rapport).")
    var dataDir: String?

    var path: String {
        DataLayout.resolve(explicit: dataDir, environment: ProcessInfo.processInfo.environment)
    }

    /// The store for an existing data directory.
    func store(durable: Bool = true) throws -> DataStore {
        var store = DataStore(root: path, durable: durable)
        try store.requireInitialized()
        // Records of schemaVersion 1 do not say which risk items were skipped; the instrument
        // definitions do (loaded only if such a record is met while a summary is rebuilt).
        let clinic = path + "/instruments"
        let lazy = LazyCatalog { try? Assets.catalog(clinic: clinic, warn: false) }
        store.instrumentsForOldRecords = { lazy.value }
        return store
    }

    /// The instrument catalog: shipped instruments plus the clinic's own.
    func catalog(warn: Bool = true) throws -> InstrumentCatalog {
        try Assets.catalog(clinic: path + "/instruments", warn: warn)
    }
}

/// A catalog loaded on first use, once.
final class LazyCatalog: @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: InstrumentCatalog??
    private let load: @Sendable () -> InstrumentCatalog?
    init(_ load: @escaping @Sendable () -> InstrumentCatalog?) { self.load = load }
    var value: InstrumentCatalog? {
        lock.withLock {
            if let loaded { return loaded }
            let value = load()
            loaded = .some(value)
            return value
        }
    }
}

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

/// A progress line on stderr, shown only when stderr is a terminal.
final class ProgressLine: @unchecked Sendable {
    let label: String
    let enabled: Bool
    var lastShown = -1

    init(_ label: String) {
        self.label = label
        enabled = isatty(2) == 1
    }

    func update(_ done: Int, of total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        if percent != lastShown {
            lastShown = percent
            FileHandle.standardError.write(Data("\r\(label): \(done)/\(total) (\(percent)%)".utf8))
        }
    }

    func finish() {
        guard enabled, lastShown >= 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Number formatting for people: up to two decimals, no trailing zeros (`NumberText.compact`); `—` for none.
func fmt(_ value: Double?) -> String {
    guard let value else { return "—" }
    return NumberText.compact(value)
}

/// Parses a comma-separated instrument list and checks every id exists.
func parseBattery(_ text: String, catalog: InstrumentCatalog) throws -> [String] {
    let ids = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    if ids.isEmpty { throw CLIError("--battery needs at least one instrument id", code: Exit.usage) }
    for id in ids where !catalog.contains(id) {
        throw CLIError("unknown instrument '\(id)' in --battery", code: Exit.usage)
    }
    if Set(ids).count != ids.count { throw CLIError("--battery lists an instrument twice", code: Exit.usage) }
    return ids
}

/// Parses a client id from the command line with the store's message on failure.
func clientID(_ raw: String) throws -> ClientID {
    try ClientID(raw)
}
