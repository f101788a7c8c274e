import Foundation
import Numbers

/// Checks everything about an instrument that decoding alone cannot.
public enum InstrumentValidator {
    /// Throws the first problem found, naming the field.
    public static func validate(_ i: Instrument, file: String) throws(InstrumentError) {
        func fail(_ field: String, _ reason: String) -> InstrumentError {
            .invalid(file: file, field: field, reason: reason)
        }
        if i.formatVersion < 1 { throw fail("formatVersion", "must be 1 or more") }
        if i.id.range(of: #"^[a-z0-9][a-z0-9-]{0,39}$"#, options: .regularExpression) == nil {
            throw fail("id", "must be 1–40 lower-case letters, digits or '-', starting with a letter or digit")
        }
        for (name, value) in [
            ("version", i.version), ("title", i.title), ("citation", i.citation), ("licence", i.licence),
            ("source", i.source), ("verification", i.verification), ("instructions", i.instructions),
        ] where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw fail(name, "must not be empty")
        }
        if i.adapted, (i.adaptationNote ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw fail("adaptationNote", "an adapted instrument must say how it was adapted")
        }
        try checkPlaceholders(i.instructions, field: "instructions", fail: fail)
        if let stem = i.stem { try checkPlaceholders(stem, field: "stem", fail: fail) }

        // Response scale: at least two options, consecutive whole numbers in ascending order.
        if i.responseScale.count < 2 { throw fail("responseScale", "needs at least two options") }
        for (index, option) in i.responseScale.enumerated() {
            if option.label.trimmingCharacters(in: .whitespaces).isEmpty {
                throw fail("responseScale[\(index)].label", "must not be empty")
            }
            if index > 0, option.value != i.responseScale[index - 1].value + 1 {
                throw fail("responseScale[\(index)].value", "values must be consecutive and ascending")
            }
        }
        if i.responseScale.count > 10 || i.minValue < 0 {
            throw fail("responseScale", "values must lie in 0…9 so that one key press chooses an option")
        }

        // Items: numbered 1…n in order, with text.
        if i.items.isEmpty { throw fail("items", "needs at least one item") }
        if i.items.count > 200 { throw fail("items", "more than 200 items") }
        var seen = Set<Int>()
        for (index, item) in i.items.enumerated() {
            if !seen.insert(item.number).inserted {
                throw fail("items[\(index)].number", "item number \(item.number) is used twice")
            }
            if item.number != index + 1 {
                throw fail("items[\(index)].number", "items must be numbered 1, 2, 3 … in order (found \(item.number))")
            }
            if item.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw fail("items[\(index)].text", "must not be empty")
            }
            try checkPlaceholders(item.text, field: "items[\(index)].text", fail: fail)
        }

        // Scales.
        if i.scales.isEmpty { throw fail("scales", "needs at least one scale") }
        var scaleIDs = Set<String>()
        for (index, scale) in i.scales.enumerated() {
            let f = "scales[\(index)]"
            if scale.id.range(of: #"^[a-z0-9][a-z0-9_-]{0,31}$"#, options: .regularExpression) == nil {
                throw fail("\(f).id", "must be 1–32 lower-case letters, digits, '_' or '-'")
            }
            if !scaleIDs.insert(scale.id).inserted { throw fail("\(f).id", "scale '\(scale.id)' is defined twice") }
            if scale.items.isEmpty { throw fail("\(f).items", "needs at least one item") }
            if Set(scale.items).count != scale.items.count {
                throw fail("\(f).items", "lists an item twice")
            }
            for number in scale.items where !seen.contains(number) {
                throw fail("\(f).items", "names item \(number), which the instrument does not have")
            }
            if scale.maxMissing < 0 || scale.maxMissing >= scale.items.count {
                throw fail("\(f).maxMissing", "must be from 0 to \(scale.items.count - 1)")
            }
            switch scale.method {
            case .scaledSum:
                guard let factor = scale.factor, factor > 0, factor.isFinite else {
                    throw fail("\(f).factor", "a scaled-sum scale needs a positive factor")
                }
                let range = i.scoreRange(of: scale)
                guard range.lowerBound.isFinite, range.upperBound.isFinite else {
                    throw fail("\(f).factor", "is so large that scores would overflow")
                }
            case .sum:
                if scale.maxMissing > 0, !scale.prorate {
                    throw fail("\(f).prorate", "a sum that allows missing items must be prorated")
                }
                if scale.factor != nil { throw fail("\(f).factor", "only a scaled-sum scale has a factor") }
            case .mean:
                if scale.factor != nil { throw fail("\(f).factor", "only a scaled-sum scale has a factor") }
            }
        }
        guard let primary = i.scale(i.primaryScale) else {
            throw fail("primaryScale", "names scale '\(i.primaryScale)', which is not defined")
        }
        let range = i.scoreRange(of: primary)

        if let bands = i.bands {
            if bands.isEmpty { throw fail("bands", "must not be an empty list (leave it out instead)") }
            for (index, band) in bands.enumerated() {
                if band.label.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw fail("bands[\(index)].label", "must not be empty")
                }
                if band.min > band.max { throw fail("bands[\(index)]", "min is above max") }
                if band.min < range.lowerBound || band.max > range.upperBound {
                    throw fail("bands[\(index)]", "lies outside the primary scale's range \(fmt(range))")
                }
                if index > 0, band.min <= bands[index - 1].max {
                    throw fail("bands[\(index)]", "overlaps or is out of order with the band before it")
                }
            }
        }
        if let cutoff = i.cutoff, !range.contains(cutoff.value) {
            throw fail("cutoff.value", "lies outside the primary scale's range \(fmt(range))")
        }
        if let rc = i.reliableChange {
            if let value = rc.value {
                if !(value > 0 && value.isFinite) { throw fail("reliableChange.value", "must be positive") }
            } else {
                guard let sd = rc.sd, sd > 0, let r = rc.reliability, r > 0, r < 1 else {
                    throw fail("reliableChange", "needs a positive value, or sd > 0 and 0 < reliability < 1")
                }
            }
        }
        for (index, risk) in i.risk.enumerated() {
            if !seen.contains(risk.item) {
                throw fail("riskItems[\(index)].item", "names item \(risk.item), which the instrument does not have")
            }
            if risk.above < i.minValue || risk.above >= i.maxValue {
                throw fail("riskItems[\(index)].above", "must be from \(i.minValue) to \(i.maxValue - 1)")
            }
        }
        // Last, so that a problem with the instrument itself is named before its translations'.
        try validateTranslations(i, fail: fail)
    }

    /// Translations: a known language once each, their own source, licence and verification, the
    /// instrument's item count and numbers, and exactly its answer values.
    static func validateTranslations(
        _ i: Instrument, fail: (String, String) -> InstrumentError
    ) throws(InstrumentError) {
        guard let translations = i.translations else { return }
        var languages = Set<String>()
        for (index, t) in translations.enumerated() {
            let f = "translations[\(index)]"
            if t.language.range(of: #"^[a-z]{2,3}(-[A-Z]{2})?$"#, options: .regularExpression) == nil {
                throw fail(
                    "\(f).language", "must be a language code such as \"de\" or \"pt-BR\" (found \"\(t.language)\")")
            }
            if Instrument.primary(t.language) == "en" {
                throw fail("\(f).language", "English is the instrument's own text, not a translation")
            }
            if !languages.insert(t.language).inserted {
                throw fail("\(f).language", "language \(t.language) is translated twice")
            }
            for (name, value) in [("source", t.source), ("licence", t.licence), ("verification", t.verification)]
            where value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw fail("\(f).\(name)", "must not be empty")
            }
            for (name, value) in [("title", t.title), ("instructions", t.instructions), ("stem", t.stem)] {
                guard let value else { continue }
                if value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    throw fail(
                        "\(f).\(name)", "must not be empty (leave it out, or null, when no verified text exists)")
                }
                try checkPlaceholders(value, field: "\(f).\(name)", fail: fail)
            }
            if t.stem != nil && i.stem == nil {
                throw fail("\(f).stem", "the instrument has no stem to translate")
            }
            if let options = t.responseScale {
                if options.map(\.value) != i.responseScale.map(\.value) {
                    let expected = i.responseScale.map { String($0.value) }.joined(separator: ", ")
                    let found = options.map { String($0.value) }.joined(separator: ", ")
                    throw fail("\(f).responseScale", "values must be the instrument's (\(expected)); found \(found)")
                }
                for (o, option) in options.enumerated()
                where option.label.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw fail("\(f).responseScale[\(o)].label", "must not be empty")
                }
            }
            if t.items.count != i.items.count {
                throw fail(
                    "\(f).items",
                    "has \(t.items.count) items, the instrument \(i.items.count) (an item without a verified text is listed with \"text\": null)"
                )
            }
            for (n, item) in t.items.enumerated() {
                if item.number != i.items[n].number {
                    throw fail(
                        "\(f).items[\(n)].number",
                        "must be \(i.items[n].number), as in the instrument (found \(item.number))")
                }
                if let text = item.text {
                    if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                        throw fail("\(f).items[\(n)].text", "must not be empty (null when no verified text exists)")
                    }
                    try checkPlaceholders(text, field: "\(f).items[\(n)].text", fail: fail)
                }
            }
        }
    }

    private static func checkPlaceholders(
        _ text: String, field: String, fail: (String, String) -> InstrumentError
    ) throws(InstrumentError) {
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            guard let close = rest[open...].firstIndex(of: "}") else {
                throw fail(field, "has a '{' without a matching '}'")
            }
            let token = rest[open...close]
            if token != "{therapist}" && token != "{client}" {
                throw fail(field, "unknown placeholder \(token) (use {therapist} or {client})")
            }
            rest = rest[rest.index(after: close)...]
        }
    }

    private static func fmt(_ r: ClosedRange<Double>) -> String {
        func f(_ x: Double) -> String { NumberText.exact(x) ?? "\(x)" }
        return "\(f(r.lowerBound))–\(f(r.upperBound))"
    }
}
