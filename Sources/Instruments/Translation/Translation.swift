import Foundation

/// The client-facing texts of an instrument in one more language, with their own source, licence
/// and verification (see docs/instrument-format.md, "Translations").
///
/// A part without a verified text is left out (`null`): the rater then sees the English text of
/// that part, and the therapist is told (``Presentation/fallbackNote``). Scoring never reads a
/// translation: item numbers and answer values are the instrument's.
public struct Translation: Codable, Sendable, Equatable {
    /// Language tag: a lower-case ISO 639 code, optionally with a region ("de", "es", "pt-BR").
    public var language: String
    /// Where the translated texts were copied from.
    public var source: String
    /// The translation's licence (it may differ from the original's).
    public var licence: String
    /// What the texts were checked against, and what was not.
    public var verification: String
    /// Translated title; nil: the short title (e.g. "PHQ-9") is shown instead of the English title.
    public var title: String?
    /// Translated instructions; nil: the English instructions are shown.
    public var instructions: String?
    /// Translated stem; nil: the English stem is shown.
    public var stem: String?
    /// Translated answer labels, with exactly the instrument's values; nil: English labels.
    public var responseScale: [ResponseOption]?
    /// One entry per item, numbered as the instrument's; `text` nil: no verified text (English shown).
    public var items: [TranslatedItem]

    public init(
        language: String, source: String, licence: String, verification: String, title: String? = nil,
        instructions: String? = nil, stem: String? = nil, responseScale: [ResponseOption]? = nil,
        items: [TranslatedItem]
    ) {
        self.language = language
        self.source = source
        self.licence = licence
        self.verification = verification
        self.title = title
        self.instructions = instructions
        self.stem = stem
        self.responseScale = responseScale
        self.items = items
    }
}

/// One item of a translation.
public struct TranslatedItem: Codable, Sendable, Equatable {
    public var number: Int
    /// The verified translated text; nil when none exists (the English text is shown).
    public var text: String?
    public init(number: Int, text: String?) {
        self.number = number
        self.text = text
    }

    enum CodingKeys: String, CodingKey { case number, text }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(number, forKey: .number)
        // An item without a verified text is written as an explicit null, so a reader sees it.
        try c.encode(text, forKey: .text)
    }
}

/// An instrument as a rater sees it in one language: the texts of the translation where a verified
/// text exists, English elsewhere. Item numbers, answer values and scales are the instrument's own.
public struct Presentation: Sendable, Equatable {
    /// The instrument with its client-facing texts replaced (use it for display only).
    public var instrument: Instrument
    /// The translation used (its language tag); nil: English (no translation was asked for or exists).
    public var language: String?
    /// Items shown in English because the translation has no verified text for them.
    public var englishItems: [Int]
    /// Other parts shown in English for the same reason ("instructions", "stem", "answer labels").
    public var englishParts: [String]

    /// A one-line note for the therapist when some of the instrument was shown in English although
    /// another language was chosen; nil when everything was shown in the chosen language.
    public var fallbackNote: String? {
        guard let language, !englishItems.isEmpty || !englishParts.isEmpty else { return nil }
        var parts = englishParts
        if !englishItems.isEmpty {
            parts.append(
                (englishItems.count == 1 ? "item " : "items ") + englishItems.map(String.init).joined(separator: ", "))
        }
        return
            "\(instrument.id) (\(language)): \(parts.joined(separator: ", ")) shown in English (no verified translation)"
    }
}

extension Instrument {
    /// The languages this instrument can be shown in: "en" and its translations' tags.
    public var languages: [String] { ["en"] + (translations ?? []).map(\.language) }

    /// The translation for `language` ("de" also finds a "de-AT" translation and vice versa only by
    /// its primary code when no exact match exists); nil for English or when there is none.
    public func translation(for language: String?) -> Translation? {
        guard let language, !language.isEmpty, Instrument.primary(language) != "en" else { return nil }
        let list = translations ?? []
        if let exact = list.first(where: { $0.language.lowercased() == language.lowercased() }) { return exact }
        return list.first { Instrument.primary($0.language) == Instrument.primary(language) }
    }

    /// The instrument as shown in `language` (nil or "en": English).
    public func presented(in language: String?) -> Presentation {
        guard let t = translation(for: language) else {
            return Presentation(instrument: self, language: nil, englishItems: [], englishParts: [])
        }
        var shown = self
        var englishParts: [String] = []
        shown.title = t.title ?? shortTitle ?? title
        if let text = t.instructions { shown.instructions = text } else { englishParts.append("instructions") }
        if stem != nil {
            if let text = t.stem { shown.stem = text } else { englishParts.append("stem") }
        }
        if let options = t.responseScale, options.map(\.value) == responseScale.map(\.value) {
            shown.responseScale = options
        } else {
            englishParts.append("answer labels")
        }
        var englishItems: [Int] = []
        for index in shown.items.indices {
            let number = shown.items[index].number
            if let text = t.items.first(where: { $0.number == number })?.text {
                shown.items[index].text = text
            } else {
                englishItems.append(number)
            }
        }
        shown.translations = nil
        return Presentation(
            instrument: shown, language: t.language, englishItems: englishItems, englishParts: englishParts)
    }

    /// "de" for "de", "de-AT", "de_DE".
    static func primary(_ tag: String) -> String {
        String(tag.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "")
    }
}
