import ScreenKit

/// One chart of the review screens with its plain-sentence summary: a line chart or (for the
/// attachment position) a scatter plot. Built by ``ReviewCharts``; drawn by the dashboard and
/// by `rapport chart --client`.
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
