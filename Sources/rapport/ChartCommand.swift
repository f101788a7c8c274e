import ArgumentParser
import Formats
import Foundation
import ScreenKit

/// `rapport chart`: draws per-session series as a braille line chart on standard output.
///
/// The command only gathers input and options and maps errors to exit statuses; reading and
/// drawing a CSV (``SeriesFile``, ``SeriesChart``) live in Formats, the `--client` chart in AppCore
/// and AppUI.
struct ChartCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chart",
        abstract: "Draw per-session scores as a braille line chart.",
        discussion: """
            The CSV's first column is the session number; every other column (named in the \
            header) is a series. An empty cell is a missed session and is drawn as a gap. \
            One plain sentence under the chart says what changed.

            With --client, the chart of the review screens from the data directory: one \
            instrument's scales per session, possible-rupture markers, the therapist's notes, the \
            cut-off and reliable-change band of an outcome, and the one-sentence summary under it.

            Exit status: 64 for a bad option, 65 for malformed data, 66 when the file or client \
            cannot be found.
            """
    )

    /// Whether to colour the output.
    enum ColorChoice: String, ArgumentChoice {
        case auto, always, never
    }

    @Option(name: .long, help: ArgumentHelp("CSV file: session number, then one column per series.", valueName: "file"))
    var csv: String?

    @Option(help: "Client id: draw this client's chart from the data directory (instead of --csv).")
    var client: String?

    @Option(help: "With --client: the instrument.")
    var instrument: String = "wai-sr"

    @Option(
        help:
            "With --client: comma-separated scale ids (default: every scale of the instrument; with --rater both, its main scale)."
    )
    var scales: String?

    @Option(help: "With --client: whose ratings (default: the instrument's rater).")
    var rater: RaterChoice?

    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    /// Whose ratings `--client` draws.
    enum RaterChoice: String, ArgumentChoice {
        case client, therapist, both
    }

    @Option(
        name: .customLong("y-min"), parsing: .unconditional,
        help: "Bottom of the y scale (default: the data minimum, rounded down).")
    var yMin: Double?

    @Option(
        name: .customLong("y-max"), parsing: .unconditional,
        help: "Top of the y scale (default: the data maximum, rounded up).")
    var yMax: Double?

    @Option(help: "Width of the chart in columns.")
    var width: Int = 80

    @Option(help: "Height of the chart in rows.")
    var height: Int = 20

    @Option(help: "Colour: auto (only on a terminal, honouring NO_COLOR), always or never.")
    var color: ColorChoice = .auto

    @Option(help: "Title shown above the chart.")
    var title: String?

    func validate() throws {
        guard csv != nil || client != nil else {
            throw ValidationError("Missing input: give --csv <file> or --client <id>.")
        }
        if csv != nil && client != nil { throw ValidationError("Give either --csv or --client, not both.") }
        guard (10...10_000).contains(width) else { throw ValidationError("--width must be between 10 and 10000.") }
        guard (3...10_000).contains(height) else { throw ValidationError("--height must be between 3 and 10000.") }
        if let yMin, let yMax, !(yMin < yMax) { throw ValidationError("--y-min must be less than --y-max.") }
        if let yMin, !yMin.isFinite { throw ValidationError("--y-min must be a finite number.") }
        if let yMax, !yMax.isFinite { throw ValidationError("--y-max must be a finite number.") }
    }

    func run() throws {
        try reporting("rapport chart") {
            let mode = Self.colorMode(color, isTerminal: isatty(1) == 1)
            if let client {
                try drawClient(client, colorMode: mode)
                return
            }
            guard let csv else { throw CLIError("missing input: give --csv <file>", code: Exit.usage) }
            let table: SeriesCSV
            do throws(SeriesFileError) {
                table = try SeriesFile.load(csv)
            } catch {
                throw CLIError(error.description, code: error.isMissingInput ? Exit.noInput : Exit.dataError)
            }
            let options = SeriesChart.Options(
                yMin: yMin, yMax: yMax, width: width, height: height, title: title, colorMode: mode)
            // The bytes as they are (`print` would first look up the string's conformances at run
            // time: a scan of every conformance record in the binary).
            writeData(SeriesChart(table, options: options).text)
        }
    }

    /// The colour mode for a `--color` choice, from `NO_COLOR`, `TERM` and `COLORTERM`.
    /// `always` ignores `NO_COLOR` and a non-terminal output and never gives less than 256 colours
    /// when `TERM` says nothing.
    static func colorMode(_ choice: ColorChoice, isTerminal: Bool) -> ColorMode {
        let lookup: (String) -> String? = { name in getenv(name).map { String(cString: $0) } }
        switch choice {
        case .never: return .none
        case .auto: return ColorMode.detect(lookup: lookup, isTerminal: isTerminal)
        case .always:
            let detected = ColorMode.detect(lookup: { $0 == "NO_COLOR" ? nil : lookup($0) }, isTerminal: true)
            return detected == .none ? .extended : detected
        }
    }
}
