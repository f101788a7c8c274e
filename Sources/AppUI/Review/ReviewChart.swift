import AppCore
import Instruments
import ScreenKit

/// One chart of the review screens with its plain-sentence summary, drawn: a line chart or (for
/// the attachment position) a scatter plot. Made from AppCore's ``ReviewChartData`` by
/// ``AppCore/ReviewCharts/chart(_:colorMode:)``; drawn by the dashboard, by `rapport chart
/// --client` and (as SVG) by the report.
public struct ReviewChart: Sendable, Equatable {
    /// The drawing.
    public enum Plot: Sendable, Equatable {
        case line(LineChart)
        case scatter(ScatterPlot)
    }

    /// What the chart shows.
    public var kind: ReviewChartKind
    /// The drawing.
    public var plot: Plot
    /// One plain sentence saying what changed, shown under the chart.
    public var sentence: String

    /// Creates a chart.
    public init(kind: ReviewChartKind, plot: Plot, sentence: String) {
        self.kind = kind
        self.plot = plot
        self.sentence = sentence
    }

    /// The drawing of `data` in `colorMode`.
    public init(_ data: ReviewChartData, colorMode: ColorMode) {
        switch data.plot {
        case .trend(let trend): plot = .line(LineChart(trend, colorMode: colorMode))
        case .attachment(let points): plot = .scatter(ScatterPlot(points, colorMode: colorMode))
        }
        kind = data.kind
        sentence = data.sentence
    }

    /// Draws the plot into `rect`, then the sentence (wrapped) in the rows under it; returns
    /// nothing and draws nothing outside `rect`.
    public func render(into screen: inout Screen, in rect: Rect, sentenceStyle: Style = .plain) {
        let r = rect.intersection(screen.bounds)
        guard !r.isEmpty else { return }
        screen.fill(r, with: .blank)
        let chartRect = ChartCaption.draw(sentence, into: &screen, in: r, style: sentenceStyle)
        switch plot {
        case .line(let chart): chart.render(into: &screen, in: chartRect)
        case .scatter(let plot): plot.render(into: &screen, in: chartRect)
        }
    }
}

extension ReviewCharts {
    /// The dashboard's chart of `kind`, drawn in `colorMode`.
    public func chart(_ kind: ReviewChartKind, colorMode: ColorMode) -> ReviewChart {
        ReviewChart(chartData(kind), colorMode: colorMode)
    }

    /// A per-session chart of `scales` of `instrumentID` for one or both raters (see
    /// ``AppCore/ReviewCharts/trendData(_:scales:raters:)``), drawn in `colorMode`.
    public func trend(
        _ instrumentID: String, scales: [String], raters: [Rater], colorMode: ColorMode
    ) throws(Problem) -> ReviewChart {
        ReviewChart(try trendData(instrumentID, scales: scales, raters: raters), colorMode: colorMode)
    }
}

extension LineChart {
    /// The line chart of a review trend: ruptures as ▼ (open) or ▽ (repaired) on their series,
    /// therapist notes as ◇ under the axis.
    public init(_ data: TrendChartData, colorMode: ColorMode) {
        self.init(
            series: data.series.map { ChartSeries(name: $0.name, values: $0.values) }, yRange: data.yRange,
            valueLabels: data.valueLabels, firstSession: data.firstSession, title: data.title,
            cutoffs: data.cutoffs.map { ChartCutoff(value: $0.value, label: $0.label) },
            markers: data.ruptures.map {
                ChartPointMarker(
                    session: $0.session, symbol: $0.open ? "▼" : "▽",
                    label: $0.open ? "possible rupture" : "rupture, repaired", seriesIndex: $0.seriesIndex)
            },
            events: data.noteSessions.map { ChartEventMarker(session: $0, symbol: "◇", label: "note") },
            band: data.band.map { ChartBand(range: $0.range, label: $0.label) },
            expectation: data.expectation.map {
                ChartExpectation(
                    expected: $0.expected, low: $0.low, high: $0.high, expectedLabel: $0.expectedLabel,
                    bandLabel: $0.bandLabel)
            }, colorMode: colorMode, layout: data.overlay ? .overlay : .automatic)
    }
}

extension ScatterPlot {
    /// The attachment position: anxiety across, avoidance up, the newest point marked "latest".
    public init(_ data: AttachmentChartData, colorMode: ColorMode) {
        self.init(
            points: data.points.map { Point(x: $0.anxiety, y: $0.avoidance) }, xRange: data.range, yRange: data.range,
            xCut: data.cut, yCut: data.cut, xLabel: "anxiety", yLabel: "avoidance", title: data.title,
            newestLabel: "latest", colorMode: colorMode)
    }
}
