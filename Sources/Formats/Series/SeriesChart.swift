import Analytics
import ScreenKit

/// A braille line chart of a ``SeriesCSV`` as text, with one plain sentence under it
/// (``SeriesSentence``): what `rapport chart --csv` prints.
public struct SeriesChart: Sendable {
    /// How to draw the chart.
    public struct Options: Sendable, Equatable {
        /// Bottom of the y scale (default: the data minimum, rounded down).
        public var yMin: Double?
        /// Top of the y scale (default: the data maximum, rounded up).
        public var yMax: Double?
        /// Size in columns and rows.
        public var width: Int
        public var height: Int
        /// Title shown above the chart.
        public var title: String?
        /// Colour depth of the text (`.none`: no escapes at all).
        public var colorMode: ColorMode

        public init(
            yMin: Double? = nil, yMax: Double? = nil, width: Int = 80, height: Int = 20, title: String? = nil,
            colorMode: ColorMode = .none
        ) {
            self.yMin = yMin
            self.yMax = yMax
            self.width = width
            self.height = height
            self.title = title
            self.colorMode = colorMode
        }
    }

    /// The series drawn.
    public var table: SeriesCSV
    public var options: Options

    public init(_ table: SeriesCSV, options: Options) {
        self.table = table
        self.options = options
    }

    /// The y scale: `yMin`/`yMax` when given, else the data range rounded out to whole numbers
    /// (0…1 without data); never empty.
    public static func yRange(data: ClosedRange<Double>?, yMin: Double?, yMax: Double?) -> ClosedRange<Double> {
        var lo = yMin ?? data.map { $0.lowerBound.rounded(.down) } ?? 0
        var hi = yMax ?? data.map { $0.upperBound.rounded(.up) } ?? 1
        if hi <= lo {
            if yMin == nil { lo = hi - 1 } else { hi = lo + 1 }
        }
        return lo...hi
    }

    /// The line chart (without the sentence).
    public var lineChart: LineChart {
        LineChart(
            series: table.chartSeries,
            yRange: Self.yRange(data: table.valueRange, yMin: options.yMin, yMax: options.yMax),
            firstSession: table.firstSession, title: options.title, colorMode: options.colorMode)
    }

    /// The plain sentence under the chart; `span` is the height of the y scale.
    public func sentence(span: ClosedRange<Double>) -> String {
        let series = zip(table.names, table.values).map { name, values in
            SeriesSentence.Series(
                name: name,
                points: values.enumerated().map {
                    SeriesPoint(session: table.firstSession + $0.offset, value: $0.element)
                })
        }
        return SeriesSentence.sentence(series, span: span.upperBound - span.lowerBound)
    }

    /// The chart and its sentence as a screen of `options.width` × `options.height`.
    public var screen: Screen {
        let chart = lineChart
        var screen = Screen(width: options.width, height: options.height)
        let plot = ChartCaption.draw(sentence(span: chart.yRange), into: &screen, in: screen.bounds)
        chart.render(into: &screen, in: plot)
        return screen
    }

    /// The chart and its sentence as text (ANSI escapes only when `options.colorMode` allows colour).
    public var text: String { ANSIRenderer.render(screen, colorMode: options.colorMode) }
}
