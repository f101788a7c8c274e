import ArgumentParser
import Foundation
import ScreenKit
import Store
import TerminalPlatform

@main
struct Rapport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Measurement-based care of the therapeutic alliance.",
        discussion: """
            Without a subcommand on a terminal, opens the home menu (rate, kiosk, review, quit).

            Data directory: --data-dir, else $RAPPORT_DATA_DIR, else ${XDG_DATA_HOME:-~/.local/share}/rapport.

            Exit codes: 0 ok, 64 usage, 65 bad data, 66 no input, 70 internal error, 74 I/O error, 77 wrong \
            passphrase.
            """,
        version: RapportVersion.string,
        subcommands: [
            InitCommand.self,
            MigrateCommand.self,
            TherapistCommand.self,
            NoteCommand.self,
            ClientCommand.self,
            ScoreCommand.self,
            RecordCommand.self,
            ExportCommand.self,
            ImportCommand.self,
            ReportCommand.self,
            InstrumentsCommand.self,
            CheckCommand.self,
            DemoCommand.self,
            AnalyzeCommand.self,
            ChartCommand.self,
            ReviewCommand.self,
            RateCommand.self,
            KioskCommand.self,
            SessionCommand.self,
            RiskCommand.self,
            AlertCommand.self,
            ObstaclesCommand.self,
            PromptsCommand.self,
            HomeCommand.self,
            DebugCommand.self,
        ],
        defaultSubcommand: HomeCommand.self
    )

    /// Every file and directory rapport creates is private (0600/0700), whatever the caller's umask.
    /// Crash output never shows memory (see `CrashGuard`).
    static func main() {
        umask(0o077)
        CrashGuard.install()
        // The glyph set, once: ASCII stand-ins when the locale is not UTF-8 (LANG=C).
        Glyphs.chooseFromLocale()
        do {
            var command = try parseAsRoot(nil)
            try command.run()
        } catch {
            // As ArgumentParser's own exit(withError:) (help and --version on stdout, the rest on
            // stderr), but in the locale's glyph set: under LANG=C the help is ASCII too.
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if !message.isEmpty {
                let text = Data(Glyphs.text(message + "\n").utf8)
                if code == .success {
                    FileHandle.standardOutput.write(text)
                } else {
                    FileHandle.standardError.write(text)
                }
            }
            Glibc.exit(code.rawValue)
        }
    }
}
