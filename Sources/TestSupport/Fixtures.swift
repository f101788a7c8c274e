import Foundation
import Instruments
import Store

/// Shared test fixtures: the shipped instruments, temporary data directories, a fixed clock.
public enum Fixtures {
    /// The repository root (found from this file's path).
    public static let repositoryRoot: URL = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }()

    /// `assets/instruments` of the checkout.
    public static var instrumentsDirectory: URL {
        repositoryRoot.appendingPathComponent("assets/instruments")
    }

    /// The reference item texts the shipped instruments must match, kept in the checkout
    /// (`Tests/InstrumentsTests/Reference`, copied with their source headers from the project's
    /// reference folder) so a fresh clone tests with nothing beside it.
    public static var referenceDirectory: URL {
        repositoryRoot.appendingPathComponent("Tests/InstrumentsTests/Reference")
    }

    /// The shipped instrument catalog.
    public static func catalog() throws -> InstrumentCatalog {
        try InstrumentCatalog.load(bundled: instrumentsDirectory, clinic: nil)
    }

    /// A shipped instrument by id.
    public static func instrument(_ id: String) throws -> Instrument {
        try catalog().instrument(id)
    }

    /// 2026-11-24 09:00:00 UTC.
    public static let referenceDate = Date(timeIntervalSince1970: 1_795_510_800)

    /// The built `rapport` binary next to the test bundle (`.build/<config>/rapport`).
    public static var rapportBinary: URL {
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("rapport")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDir), !isDir.boolValue {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/rapport")
    }
}

/// A temporary directory removed on `remove()`.
public struct TemporaryDirectory: Sendable {
    public let path: String

    public init(_ label: String = "rapport-test") throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "\(label)-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    /// A path inside the directory.
    public func appending(_ component: String) -> String { path + "/" + component }

    public func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Result of running the `rapport` binary.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `rapport` binary with arguments, optional stdin and extra environment.
public func runRapport(
    _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]
) throws -> CommandResult {
    var env = ProcessInfo.processInfo.environment
    env["RAPPORT_ASSETS"] = Fixtures.repositoryRoot.appendingPathComponent("assets").path
    env["SWIFT_BACKTRACE"] = "enable=no"
    // A UTF-8 locale unless a test asks for another (the glyph set follows it, see Glyphs).
    env["LC_ALL"] = "C.UTF-8"
    env["RAPPORT_GLYPHS"] = nil
    for (k, v) in environment { env[k] = v }
    return try ProcessRunner.run(Fixtures.rapportBinary, arguments: arguments, stdin: stdin, environment: env)
}
