import AppCore
import ArgumentParser
import Foundation
import Store

/// `rapport kiosk`: the shared waiting-room terminal.
struct KioskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk", abstract: "Run the waiting-room loop: a one-time code opens a client's questionnaires.",
        discussion: """
            Make a code with 'rapport session code --client ID'. After each battery (or an idle \
            timeout) the screen and scrollback are cleared and the welcome screen returns. Ctrl-C, \
            Ctrl-Z and Ctrl-\\ do not reach a shell; q or Ctrl-C on the welcome screen asks for the \
            therapist passphrase (set by 'rapport init') to leave.
            """)

    @OptionGroup var interactive: InteractiveOptions
    @OptionGroup var language: LanguageOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let (effects, config, _) = try Interactive.effects(data, signIn: signIn)
            var settings = interactive.settings(config)
            settings.hasPassphrase = effects.passphrase != nil
            try language.apply(to: &settings)
            try Interactive.kiosk(effects, config: config, options: interactive, settings: settings)
            // For the therapist who left the kiosk (never on a client's screen): texts shown in
            // English for want of a verified translation.
            for note in LanguageOptions.fallbackNotes(effects.catalog, languages: settings.strings.languages) {
                writeStderr("rapport: note: \(note)")
            }
        }
    }
}
