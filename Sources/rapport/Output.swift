import Foundation
import ScreenKit

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
