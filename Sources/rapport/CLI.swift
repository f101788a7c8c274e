import AppCore
import ArgumentParser
import Foundation
import Store

@main
struct Rapport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Measurement-based care of the therapeutic alliance.",
        discussion: """
            Without a subcommand on a terminal, opens the home menu (rate, kiosk, review, quit).
            Data directory: --data-dir, else $RAPPORT_DATA_DIR, else ${XDG_DATA_HOME:-~/.local/share}/rapport.
            Exit codes: 0 ok, 64 usage, 65 bad data, 66 no input, 74 I/O error.
            """,
        subcommands: [
            InitCommand.self,
            ClientCommand.self,
            ScoreCommand.self,
            RecordCommand.self,
            ExportCommand.self,
            InstrumentsCommand.self,
            CheckCommand.self,
            DemoCommand.self,
            AnalyzeCommand.self,
            ChartCommand.self,
            RateCommand.self,
            KioskCommand.self,
            SessionCommand.self,
        ]
    )

    @OptionGroup var interactive: InteractiveOptions
    @OptionGroup var data: DataOptions

    /// The home menu.
    func run() async throws {
        try reporting {
            if !interactive.plain && !(isatty(0) == 1 && isatty(1) == 1) {
                throw CLIError(
                    "the home menu needs a terminal (or --plain); see 'rapport --help' for the commands", code: Exit.usage)
            }
            let (effects, config) = try Interactive.effects(data)
            let state = AppState.start(.home, settings: interactive.settings(config), now: effects.store.clock.now())
            let exit = try Interactive.run(state, effects: effects, plain: interactive.plain, kiosk: false)
            if exit == .startKiosk {
                try Interactive.kiosk(effects, config: config, options: interactive)
            }
        }
    }
}
