import AppCore
import ArgumentParser
import Foundation
import Instruments

/// `--lang` for the commands where a client reads the screen (`rate`, `kiosk`).
struct LanguageOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Language the client sees (e.g. de), where a translation exists; default: $LC_ALL, $LC_MESSAGES or $LANG, else English.",
            valueName: "code"))
    var lang: String?

    /// The client-facing text tables (assets/strings) and the language to start in. A damaged
    /// table is an error (exit 65) naming the file and key; `--lang` without a table is a usage error.
    func apply(to settings: inout AppSettings) throws {
        let tables = try Assets.stringTables()
        do {
            settings.language = try LanguageChoice.resolve(
                option: lang, environment: ProcessInfo.processInfo.environment, tables: tables)
        } catch {
            throw CLIError(error.description, code: Exit.usage)
        }
        settings.strings = tables
    }

    /// One line per instrument whose translation leaves some text in English, for the therapist
    /// (on stderr when the client's session is over): the items are shown in English there.
    static func fallbackNotes(_ catalog: InstrumentCatalog, languages: [String]) -> [String] {
        var notes: [String] = []
        for instrument in catalog.instruments {
            for language in languages where language != "en" {
                if let note = instrument.presented(in: language).fallbackNote { notes.append(note) }
            }
        }
        return notes
    }
}

extension Assets {
    /// The string tables of `<assets>/strings` (English only when the folder is missing).
    static func stringTables() throws -> StringTables {
        let dir = try directory().appendingPathComponent("strings")
        do {
            return try StringTables.load(directory: dir)
        } catch {
            throw CLIError(error.description, code: Exit.dataError)
        }
    }
}
