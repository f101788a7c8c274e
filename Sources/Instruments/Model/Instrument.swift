import Foundation

/// Who fills in an instrument.
public enum Rater: String, Codable, Sendable, CaseIterable, Comparable {
    case client
    case therapist

    public static func < (lhs: Rater, rhs: Rater) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A questionnaire definition, loaded from a JSON file in `assets/instruments/` or a clinic's
/// `<data-dir>/instruments/`. See docs/instrument-format.md.
public struct Instrument: Codable, Sendable, Equatable {
    /// Current version of the instrument file format.
    public static let formatVersion = 1

    public var formatVersion: Int
    public var id: String
    public var version: String
    public var title: String
    public var shortTitle: String?
    public var citation: String
    public var licence: String
    public var source: String
    public var verification: String
    public var adapted: Bool
    public var adaptationNote: String?
    public var rater: Rater
    public var instructions: String
    /// Text shown above every item ("Over the last 2 weeks, how often …").
    public var stem: String?
    public var responseScale: [ResponseOption]
    public var items: [Item]
    public var scales: [Scale]
    /// The scale that summarises the instrument (bands, cutoff and reliable change refer to it).
    public var primaryScale: String
    public var bands: [Band]?
    public var cutoff: Cutoff?
    public var reliableChange: ReliableChange?
    public var riskItems: [RiskItem]?
    /// Client-facing texts in other languages (see ``Translation``); nil: English only.
    public var translations: [Translation]?

    public init(
        formatVersion: Int = Instrument.formatVersion, id: String, version: String, title: String,
        shortTitle: String? = nil, citation: String, licence: String, source: String,
        verification: String, adapted: Bool, adaptationNote: String? = nil, rater: Rater,
        instructions: String, stem: String? = nil, responseScale: [ResponseOption], items: [Item],
        scales: [Scale], primaryScale: String, bands: [Band]? = nil, cutoff: Cutoff? = nil,
        reliableChange: ReliableChange? = nil, riskItems: [RiskItem]? = nil, translations: [Translation]? = nil
    ) {
        self.formatVersion = formatVersion
        self.id = id
        self.version = version
        self.title = title
        self.shortTitle = shortTitle
        self.citation = citation
        self.licence = licence
        self.source = source
        self.verification = verification
        self.adapted = adapted
        self.adaptationNote = adaptationNote
        self.rater = rater
        self.instructions = instructions
        self.stem = stem
        self.responseScale = responseScale
        self.items = items
        self.scales = scales
        self.primaryScale = primaryScale
        self.bands = bands
        self.cutoff = cutoff
        self.reliableChange = reliableChange
        self.riskItems = riskItems
        self.translations = translations
    }

    /// Lowest value on the response scale.
    public var minValue: Int { responseScale.map(\.value).min() ?? 0 }
    /// Highest value on the response scale.
    public var maxValue: Int { responseScale.map(\.value).max() ?? 0 }

    /// The scale with this id, if any.
    public func scale(_ id: String) -> Scale? { scales.first { $0.id == id } }

    /// The item with this number, if any.
    public func item(_ number: Int) -> Item? { items.first { $0.number == number } }

    /// Whether the answer to item `number` may be left out (some scale containing it allows missing items).
    public func allowsSkipping(item number: Int) -> Bool {
        let containing = scales.filter { $0.items.contains(number) }
        return !containing.isEmpty && containing.allSatisfy { $0.maxMissing > 0 }
    }

    /// Items whose answer is a risk flag, with their thresholds.
    public var risk: [RiskItem] { riskItems ?? [] }

    /// The range a score on `scale` can take, from the response scale and the scoring method.
    public func scoreRange(of scale: Scale) -> ClosedRange<Double> {
        let lo = Double(minValue)
        let hi = Double(maxValue)
        switch scale.method {
        case .mean: return lo...hi
        case .sum: return lo * Double(scale.items.count)...hi * Double(scale.items.count)
        case .scaledSum:
            let f = scale.factor ?? 1
            return lo * f...hi * f
        }
    }
}

/// One option of the response scale.
public struct ResponseOption: Codable, Sendable, Equatable {
    public var value: Int
    public var label: String
    public init(value: Int, label: String) {
        self.value = value
        self.label = label
    }
}

/// One questionnaire item.
public struct Item: Codable, Sendable, Equatable {
    public var number: Int
    /// Item text; may hold `{therapist}` or `{client}` placeholders.
    public var text: String
    /// Reverse-keyed: scored as (min + max − answer).
    public var reverse: Bool
    public init(number: Int, text: String, reverse: Bool = false) {
        self.number = number
        self.text = text
        self.reverse = reverse
    }
}

/// How a scale combines its items.
public enum ScoringMethod: String, Codable, Sendable, Equatable {
    /// Mean of the answered items (missing items are prorated by definition).
    case mean
    /// Sum of the items; with missing items allowed and `prorate`, sum × items / answered, rounded.
    case sum
    /// `factor` × sum / answered (e.g. CORE-10 clinical score, 10 × mean).
    case scaledSum = "scaled-sum"
}

/// A scored scale (subscale or total).
public struct Scale: Codable, Sendable, Equatable {
    public var id: String
    public var label: String
    public var items: [Int]
    public var method: ScoringMethod
    /// For `scaled-sum`: the multiplier.
    public var factor: Double?
    /// How many of the scale's items may be missing before the scale is invalid.
    public var maxMissing: Int
    /// For `sum`: whether a score with missing items is prorated (else it is invalid when any is missing).
    public var prorate: Bool

    public init(
        id: String, label: String, items: [Int], method: ScoringMethod, factor: Double? = nil,
        maxMissing: Int, prorate: Bool
    ) {
        self.id = id
        self.label = label
        self.items = items
        self.method = method
        self.factor = factor
        self.maxMissing = maxMissing
        self.prorate = prorate
    }
}

/// A severity band of the primary scale: `min` ≤ score ≤ `max`.
public struct Band: Codable, Sendable, Equatable {
    public var min: Double
    public var max: Double
    public var label: String
    public init(min: Double, max: Double, label: String) {
        self.min = min
        self.max = max
        self.label = label
    }
}

/// A clinical cutoff on the primary scale.
public struct Cutoff: Codable, Sendable, Equatable {
    /// Scores at or above (`higherIsWorse`) — or at or below — this value are in the clinical range.
    public var value: Double
    public var higherIsWorse: Bool
    public var source: String?
    public init(value: Double, higherIsWorse: Bool, source: String? = nil) {
        self.value = value
        self.higherIsWorse = higherIsWorse
        self.source = source
    }
}

/// Reliable-change information for the primary scale: a published value, or s1 and r for the
/// Jacobson–Truax index.
public struct ReliableChange: Codable, Sendable, Equatable {
    public var value: Double?
    public var sd: Double?
    public var reliability: Double?
    public var source: String?
    public init(value: Double? = nil, sd: Double? = nil, reliability: Double? = nil, source: String? = nil) {
        self.value = value
        self.sd = sd
        self.reliability = reliability
        self.source = source
    }

    /// The smallest change that counts as reliable (1.96 × SEdiff when derived from s1 and r).
    public var threshold: Double? {
        if let value { return value }
        if let sd, let reliability, reliability < 1 {
            return 1.96 * sd * (2.0).squareRoot() * (1 - reliability).squareRoot()
        }
        return nil
    }
}

/// An item whose answer above `above` flags risk for the therapist.
public struct RiskItem: Codable, Sendable, Equatable {
    public var item: Int
    public var above: Int
    public var label: String?
    public init(item: Int, above: Int, label: String? = nil) {
        self.item = item
        self.above = above
        self.label = label
    }
}
