import AppCore
import AppUI
import ArgumentParser
import Foundation
import Instruments
import Store

/// `rapport rate`: a client's (or the therapist's) battery for today's session, item by item.
struct RateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rate", abstract: "Fill in today's questionnaires for a client, item by item.",
        discussion: """
            The battery is --battery, else the client's own (rapport client edit --battery), else the \
            clinic default: wai-sr, si-therapist, phq-9, gad-7 (+ ecr-rs at session 1 and every 6th \
            session) for the client; wai-sr-therapist for the therapist. Every answer is saved to a \
            draft at once; running the command again resumes at the first unanswered item.

            Keys: a digit chooses and moves on; ↑/↓ then Enter; ← or Backspace goes back; s skips \
            (where allowed); ? shows the keys; q quits (answers are kept).
            """)

    enum RaterChoice: String, ArgumentChoice {
        case client, therapist
    }

    @Option(help: "Client id.") var client: String
    @Option(help: "Who fills in the questionnaires.") var rater: RaterChoice = .client
    @Option(help: "Comma-separated instrument ids (default: the client's, else the clinic's battery).")
    var battery: String?
    @OptionGroup var interactive: InteractiveOptions
    @OptionGroup var language: LanguageOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let id = try clientID(client)
            let (effects, config, signed) = try Interactive.effects(data, signIn: signIn)
            // Only a client the signed-in account may see (else: the unknown client's error).
            try signed.require(id)
            var settings = interactive.settings(config)
            settings.hasPassphrase = effects.passphrase != nil
            try language.apply(to: &settings)
            let holder: Rater = rater == .client ? .client : .therapist
            let ids = try battery.map { try parseBattery($0, catalog: effects.catalog) }
            let request = BatteryRequest(
                clientId: id, rater: rater == .client ? .client : .therapist, battery: ids, source: .rate)
            let q: Questionnaire
            do {
                q = try effects.open(request)
            } catch let error as StoreError {
                if case .io = error {
                    throw CLIError(
                        "cannot save answers in the data directory (\(error.description)); nothing was asked",
                        code: Exit.ioError)
                }
                throw error
            }
            let now = effects.store.clock.now()
            let state = AppReducer.reduce(
                AppState.start(.rate, settings: settings, now: now), .batteryOpened(q), now: now
            ).0
            // A client's rate is locked like the kiosk: leaving needs the therapist passphrase, so
            // without one it does not start.
            if holder == .client && effects.passphrase == nil {
                throw CLIError(
                    "rating by a client needs a therapist passphrase (leaving the questions asks for it); set one with 'rapport init' on a terminal or 'rapport init --passphrase-stdin'",
                    code: Exit.usage)
            }
            let (_, saveFailed) = try Interactive.run(
                state, effects: effects, plain: interactive.plain, kiosk: holder == .client)
            // For the therapist, once the client's turn is over: texts shown in English for want
            // of a verified translation.
            for note in LanguageOptions.fallbackNotes(
                InstrumentCatalog(instruments: q.instruments), languages: [settings.language])
            {
                writeStderr("rapport: note: \(note)")
            }
            // Not 0 when answers could not be saved (the screens said so; the status tells scripts).
            if saveFailed {
                throw CLIError("some answers could not be saved in the data directory", code: Exit.ioError)
            }
        }
    }
}
