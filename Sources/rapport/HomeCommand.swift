import AppCore
import ArgumentParser
import Foundation
import Store

/// `rapport` without a subcommand: the home menu (start rating, kiosk, review, quit).
struct HomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "home", abstract: "The home menu (what 'rapport' alone opens on a terminal).")

    @OptionGroup var interactive: InteractiveOptions
    @OptionGroup var language: LanguageOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            if !interactive.plain && !(isatty(0) == 1 && isatty(1) == 1) {
                throw CLIError(
                    "the home menu needs a terminal (or --plain); see 'rapport --help' for the commands",
                    code: Exit.usage)
            }
            // First run: the home menu sets up an empty data directory (0700) so `rapport` works at once;
            // `rapport init` adds the therapist passphrase that kiosk and review need.
            let store = DataStore(root: data.path)
            if !store.isInitialized { try store.initialize() }
            let (effects, config, signed) = try Interactive.effects(data, signIn: signIn)
            try Interactive.requireWritable(effects.store)
            var settings = interactive.settings(config)
            settings.hasPassphrase = effects.passphrase != nil
            // The language clients see in a rating or the kiosk started from the menu.
            try language.apply(to: &settings)
            // The hint names this data directory: a plain `rapport init` would set up the default one.
            if let dir = data.dataDir { settings.initCommand = "rapport init --data-dir \(shellQuoted(dir))" }
            // The review reads: the signed-in store (its private keys), its visible caseload.
            var review = ReviewEffects(store: signed.store, catalog: effects.catalog, passphrase: effects.passphrase)
            review.visibility = signed.visibility
            review.prompts = try Assets.prompts()
            // One run: the kiosk and the review are entered from the menu and come back to it
            // (RootProgram). Locked keys throughout: the menu hands the terminal to clients, and the
            // review turns to the client (Ctrl-C, Ctrl-Z never reach a shell).
            let state = RootState(
                .home, settings: settings, reviewIdleSeconds: interactive.idle ?? config.idleSeconds ?? 300,
                now: effects.store.clock.now())
            _ = try Interactive.runRoot(
                state, effects: RootEffects(app: effects, review: review), plain: interactive.plain)
        }
    }
}

/// `text` as one shell word (single-quoted unless it is plain).
func shellQuoted(_ text: String) -> String {
    let plain =
        !text.isEmpty
        && text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "/._-+:@%".unicodeScalars.contains($0)
        }
    return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
