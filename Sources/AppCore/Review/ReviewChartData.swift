/// What one chart of the review screens shows, with its plain-sentence summary: the data of a
/// per-session trend or (for the attachment position) of a scatter plot. Built by
/// ``ReviewCharts``; AppUI draws it (the dashboard, `rapport chart --client`, the report).
public struct ReviewChartData: Sendable, Equatable {
    /// The data of the drawing.
    public enum Plot: Sendable, Equatable {
        /// Scores per session.
        case trend(TrendChartData)
        /// Attachment anxiety × avoidance.
        case attachment(AttachmentChartData)
    }

    /// What the chart shows.
    public var kind: ReviewChartKind
    /// The data of the drawing.
    public var plot: Plot
    /// One plain sentence saying what changed, shown under the chart.
    public var sentence: String

    /// Creates a chart.
    public init(kind: ReviewChartKind, plot: Plot, sentence: String) {
        self.kind = kind
        self.plot = plot
        self.sentence = sentence
    }
}

/// Scores per session of one or more series, with what the review marks on them.
public struct TrendChartData: Sendable, Equatable {
    /// One line: a value per session of the chart's range (nil: no score that session).
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double?]
        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    /// A possible rupture found by the analysis, on one series.
    public struct Rupture: Sendable, Equatable {
        /// The session it starts at.
        public var session: Int
        /// Still open (not repaired).
        public var open: Bool
        /// The series it is on (index into ``TrendChartData/series``).
        public var seriesIndex: Int
        public init(session: Int, open: Bool, seriesIndex: Int) {
            self.session = session
            self.open = open
            self.seriesIndex = seriesIndex
        }
    }

    /// A horizontal line (a clinical cut-off).
    public struct Cutoff: Sendable, Equatable {
        public var value: Double
        public var label: String
        public init(value: Double, label: String) {
            self.value = value
            self.label = label
        }
    }

    /// A shaded band of values (no reliable change from the baseline).
    public struct Band: Sendable, Equatable {
        public var range: ClosedRange<Double>
        public var label: String
        public init(range: ClosedRange<Double>, label: String) {
            self.range = range
            self.label = label
        }
    }

    /// The expected course and its band, per session of the chart's range.
    public struct Expectation: Sendable, Equatable {
        public var expected: [Double?]
        public var low: [Double?]
        public var high: [Double?]
        public var expectedLabel: String
        public var bandLabel: String
        public init(expected: [Double?], low: [Double?], high: [Double?], expectedLabel: String, bandLabel: String) {
            self.expected = expected
            self.low = low
            self.high = high
            self.expectedLabel = expectedLabel
            self.bandLabel = bandLabel
        }
    }

    /// The lines.
    public var series: [Series]
    /// The score range of the y axis.
    public var yRange: ClosedRange<Double>
    /// Words for whole scale points of mean-scored scales (`5: "Always"`).
    public var valueLabels: [Int: String]
    /// The session of the first value.
    public var firstSession: Int
    /// The title (nil: none).
    public var title: String?
    /// Cut-off lines.
    public var cutoffs: [Cutoff]
    /// Possible ruptures.
    public var ruptures: [Rupture]
    /// Sessions with a therapist note.
    public var noteSessions: [Int]
    /// The reliable-change band.
    public var band: Band?
    /// The expected course.
    public var expectation: Expectation?
    /// Every series on one plot (the client view's single line), instead of the automatic layout.
    public var overlay: Bool

    public init(
        series: [Series], yRange: ClosedRange<Double>, valueLabels: [Int: String] = [:], firstSession: Int = 1,
        title: String? = nil, cutoffs: [Cutoff] = [], ruptures: [Rupture] = [], noteSessions: [Int] = [],
        band: Band? = nil, expectation: Expectation? = nil, overlay: Bool = false
    ) {
        self.series = series
        self.yRange = yRange
        self.valueLabels = valueLabels
        self.firstSession = firstSession
        self.title = title
        self.cutoffs = cutoffs
        self.ruptures = ruptures
        self.noteSessions = noteSessions
        self.band = band
        self.expectation = expectation
        self.overlay = overlay
    }
}

/// Attachment anxiety × avoidance, one point per administration, the newest last.
public struct AttachmentChartData: Sendable, Equatable {
    /// One administration.
    public struct Point: Sendable, Equatable {
        public var anxiety: Double
        public var avoidance: Double
        public init(anxiety: Double, avoidance: Double) {
            self.anxiety = anxiety
            self.avoidance = avoidance
        }
    }

    /// The administrations, oldest first.
    public var points: [Point]
    /// The scale range of both axes.
    public var range: ClosedRange<Double>
    /// Where "high" starts on both axes (nil: no cut).
    public var cut: Double?
    /// The title.
    public var title: String

    public init(points: [Point], range: ClosedRange<Double>, cut: Double?, title: String) {
        self.points = points
        self.range = range
        self.cut = cut
        self.title = title
    }
}
