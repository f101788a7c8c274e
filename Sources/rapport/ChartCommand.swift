import Analytics
import ArgumentParser
import Formats
import Foundation
import ScreenKit

/// `rapport chart`: draws per-session series as a braille line chart on standard output.
///
/// The command only gathers input and options; parsing (``SeriesCSV``) lives in Formats and
/// drawing (``LineChart``) in ScreenKit. Input sources are cases of ``ChartCommand/Source`` so a
/// data-store mode (`--client ID`) can be added beside `--csv`.
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
    enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
        case auto, always, never
    }

    /// Where the series come from.
    enum Source: Equatable {
        /// A CSV file.
        case csv(path: String)
    }

    /// Series and defaults loaded from a source.
    struct ChartData {
        var series: [ChartSeries]
        var firstSession: Int
        var valueRange: ClosedRange<Double>?
        var valueLabels: [Int: String] = [:]
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
    enum RaterChoice: String, ExpressibleByArgument, CaseIterable {
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
            let options = CSVOptions(
                path: csv, yMin: yMin, yMax: yMax, width: width, height: height, color: color, title: title)
            print(try Self.drawCSV(options, colorMode: mode), terminator: "")
        }
    }

    /// The options of a `--csv` chart as plain values, handed to ``drawCSV(_:colorMode:)``.
    struct CSVOptions: Equatable {
        var path: String
        var yMin: Double? = nil
        var yMax: Double? = nil
        var width = 80
        var height = 20
        var color: ColorChoice = .auto
        var title: String? = nil
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

    /// Loads the CSV of `options` and renders its chart as text (ANSI escapes only when
    /// `colorMode` allows colour).
    /// - Throws: ``CLIError`` naming the file and, for malformed data, the line.
    static func drawCSV(_ options: CSVOptions, colorMode: ColorMode) throws -> String {
        let data = try load(.csv(path: options.path))
        let chart = makeChart(data, options: options, colorMode: colorMode)
        var screen = Screen(width: options.width, height: options.height)
        let plot = ChartCaption.draw(sentence(data, span: chart.yRange), into: &screen, in: screen.bounds)
        chart.render(into: &screen, in: plot)
        return ANSIRenderer.render(screen, colorMode: colorMode)
    }

    /// The plain sentence under a CSV chart (``SeriesSentence``).
    static func sentence(_ data: ChartData, span: ClosedRange<Double>) -> String {
        let series = data.series.map { s in
            SeriesSentence.Series(
                name: s.name,
                points: s.values.enumerated().map {
                    SeriesPoint(session: data.firstSession + $0.offset, value: $0.element)
                })
        }
        return SeriesSentence.sentence(series, span: span.upperBound - span.lowerBound)
    }

    /// Builds the chart for `data` with the y range and title of `options`.
    static func makeChart(_ data: ChartData, options: CSVOptions, colorMode: ColorMode) -> LineChart {
        let range = yRange(data: data.valueRange, yMin: options.yMin, yMax: options.yMax)
        return LineChart(
            series: data.series, yRange: range, valueLabels: data.valueLabels, firstSession: data.firstSession,
            title: options.title, colorMode: colorMode)
    }

    /// The y scale: the options, else the data range rounded out to whole numbers.
    static func yRange(data: ClosedRange<Double>?, yMin: Double?, yMax: Double?) -> ClosedRange<Double> {
        var lo = yMin ?? data.map { $0.lowerBound.rounded(.down) } ?? 0
        var hi = yMax ?? data.map { $0.upperBound.rounded(.up) } ?? 1
        if hi <= lo {
            if yMin == nil { lo = hi - 1 } else { hi = lo + 1 }
        }
        return lo...hi
    }

    /// Loads series from a source.
    static func load(_ source: Source) throws -> ChartData {
        switch source {
        case .csv(let path):
            let bytes = try readFile(path)
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw CLIError("\(path): not UTF-8 text", code: Exit.dataError)
            }
            do {
                let table = try SeriesCSV.parse(text)
                return ChartData(
                    series: table.chartSeries, firstSession: table.firstSession, valueRange: table.valueRange)
            } catch {
                throw CLIError("\(path): \(error.description)", code: Exit.dataError)
            }
        }
    }

    /// Reads a whole file with plain POSIX calls (cheap at process start).
    /// - Throws: ``CLIError`` (no input) when it cannot be opened or read.
    static func readFile(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw CLIError("\(path): \(reason)", code: Exit.noInput)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else {
            throw CLIError("\(path): is a directory", code: Exit.noInput)
        }
        // Read straight into a buffer of the file's size (+1 to see the end in one read), growing
        // it only if the file grew: no 64 KiB scratch buffer to clear and fault in at start-up.
        var bytes = [UInt8](repeating: 0, count: Int(max(0, info.st_size)) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw CLIError("\(path): \(String(cString: strerror(errno)))", code: Exit.noInput)
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
