/// One line of a chart: a name and one value per session (nil = missed session, drawn as a gap).
public struct ChartSeries: Sendable, Equatable {
    /// Shown in the legend or panel header.
    public var name: String
    /// `values[i]` belongs to session `firstSession + i` of the chart; nil or non-finite = missing.
    public var values: [Double?]
    /// Colour when colour is on (nil: the next colour of ``Palette/series``).
    public var color: Color?
    /// Marker for the legend and data points (nil: the next of ``Palette/markers``).
    public var marker: Character?

    /// Creates a series.
    public init(name: String, values: [Double?], color: Color? = nil, marker: Character? = nil) {
        self.name = name
        self.values = values
        self.color = color
        self.marker = marker
    }
}

/// A horizontal reference line, e.g. the PHQ-9 cut-off at 10; drawn dashed.
public struct ChartCutoff: Sendable, Equatable {
    /// The y value.
    public var value: Double
    /// Legend text, e.g. `"cut-off 10"`.
    public var label: String

    /// Creates a cut-off line.
    public init(value: Double, label: String) {
        self.value = value
        self.label = label
    }
}

/// A symbol above a data point or at the top of the plot, e.g. `▼` at a possible rupture.
public struct ChartPointMarker: Sendable, Equatable {
    /// The session it marks.
    public var session: Int
    /// The symbol (one column wide).
    public var symbol: Character
    /// Legend text, e.g. `"possible rupture"` (markers with the same symbol share one entry).
    public var label: String
    /// Index of the series whose point it marks (nil: top of the plot).
    public var seriesIndex: Int?

    /// Creates a marker.
    public init(session: Int, symbol: Character = "▼", label: String, seriesIndex: Int? = nil) {
        self.session = session
        self.symbol = symbol
        self.label = label
        self.seriesIndex = seriesIndex
    }
}

/// A note on the x axis at a session, e.g. `◇` for "medication changed".
public struct ChartEventMarker: Sendable, Equatable {
    /// The session.
    public var session: Int
    /// The symbol drawn on the axis line.
    public var symbol: Character
    /// Legend text.
    public var label: String

    /// Creates an event marker.
    public init(session: Int, symbol: Character = "◇", label: String) {
        self.session = session
        self.symbol = symbol
        self.label = label
    }
}

/// A horizontal band, e.g. the reliable-change band around a baseline: shaded with colour,
/// shown as a thick axis segment (`┃`) without.
public struct ChartBand: Sendable, Equatable {
    /// The y values covered.
    public var range: ClosedRange<Double>
    /// Legend text.
    public var label: String

    /// Creates a band.
    public init(range: ClosedRange<Double>, label: String) {
        self.range = range
        self.label = label
    }
}

/// An expected course with its tolerance band, drawn behind the series (expected recovery):
/// per session (the same indexing as ``ChartSeries/values``), the expected value and the band's
/// edges; `nil` where there is none (before the episode's baseline). Without colour the band's
/// edges are sparse dots (one dot in three) and the expected line is dashed (two dots in three);
/// with colour the band's cells are also shaded.
public struct ChartExpectation: Sendable, Equatable {
    public var expected: [Double?]
    public var low: [Double?]
    public var high: [Double?]
    /// Legend text of the expected line ("expected").
    public var expectedLabel: String
    /// Legend text of the band, naming its method and reference size.
    public var bandLabel: String

    public init(expected: [Double?], low: [Double?], high: [Double?], expectedLabel: String, bandLabel: String) {
        self.expected = expected
        self.low = low
        self.high = high
        self.expectedLabel = expectedLabel
        self.bandLabel = bandLabel
    }

    /// Legend symbols.
    public static let expectedSymbol = "┈"
    public static let bandSymbol = "░"
}
