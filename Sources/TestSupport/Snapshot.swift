import Foundation
import ScreenKit
import Testing

/// Text snapshots of screens, stored next to the tests in `Snapshots/<name>.txt`.
///
/// A snapshot file holds the screen's text (every line `width` columns, trailing spaces kept),
/// then, when styles are included, a `--- styles ---` line and the style runs
/// (`row 3 col 4-20: reverse`). Set `RECORD_SNAPSHOTS=1` to (re)write the files (the recording run fails on purpose).
public enum Snapshot {
    /// A snapshot did not match, or none is stored yet.
    public struct Mismatch: Error, CustomStringConvertible {
        /// A readable explanation with a line diff.
        public var description: String
    }

    /// The file's text for `screen`.
    public static func text(of screen: Screen, includeStyles: Bool = true) -> String {
        var s = screen.textSnapshot() + "\n"
        if includeStyles {
            s += "--- styles ---\n"
            let runs = screen.styleRunsDescription()
            if !runs.isEmpty { s += runs + "\n" }
        }
        return s
    }

    /// Compares `screen` with `Snapshots/<name>.txt` beside the calling test file.
    ///
    /// - Throws: ``Mismatch`` with a line diff when they differ or the file is missing
    ///   (unless `RECORD_SNAPSHOTS=1`, which writes the file instead).
    public static func assert(
        _ screen: Screen, named name: String, includeStyles: Bool = true, filePath: String = #filePath
    ) throws {
        try assert(text: text(of: screen, includeStyles: includeStyles), named: name, filePath: filePath)
    }

    /// Whether this run records snapshots (`RECORD_SNAPSHOTS=1`).
    public static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// Compares arbitrary text with `Snapshots/<name>.txt` beside the calling test file.
    ///
    /// When recording, the file is written and an issue is recorded against the running test (which
    /// goes on, so that every snapshot it checks is recorded in one run): a re-recorded snapshot is
    /// always a visible change to review, never a silent pass.
    public static func assert(
        text actual: String, named name: String, filePath: String = #filePath, record: Bool = isRecording
    ) throws {
        let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let file = dir.appendingPathComponent(name + ".txt")
        if record {
            let previous = FileManager.default.contents(atPath: file.path).map { String(decoding: $0, as: UTF8.self) }
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: file, options: .atomic)
            let change = previous == nil ? "new file" : previous == actual ? "unchanged" : "changed"
            Issue.record(
                "recorded snapshot \(name) (\(change)); review the diff, then run again without RECORD_SNAPSHOTS")
            return
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            throw Mismatch(
                description: "no snapshot \(file.path); run with RECORD_SNAPSHOTS=1 to record it. Actual:\n\(actual)")
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            throw Mismatch(
                description: "snapshot \(name) differs (- expected, + actual):\n"
                    + diff(expected: expected, actual: actual))
        }
    }

    /// A line-by-line diff: differing lines as `-`/`+` pairs with their line numbers, and
    /// line ends made visible with `⏎` so trailing spaces show.
    public static func diff(expected: String, actual: String) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : nil
            let al = i < a.count ? String(a[i]) : nil
            if el == al { continue }
            if let el { out.append(String(format: "-%3d|", i + 1) + el + "⏎") }
            if let al { out.append(String(format: "+%3d|", i + 1) + al + "⏎") }
        }
        return out.joined(separator: "\n")
    }
}
