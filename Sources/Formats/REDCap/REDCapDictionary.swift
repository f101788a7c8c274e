import Foundation
import Instruments

/// REDCap data dictionaries (the 18-column CSV of REDCap's "Data Dictionary" upload and download):
/// one form per instrument, a `radio` field per item, a `calc` field per scale, and the rest of the
/// instrument definition in a descriptive field's annotation so that an import gives back the same
/// instrument.
public enum REDCapDictionary {
    /// The 18 columns, A–R, in REDCap's order and spelling.
    public static let columns = [
        "Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
        "Choices, Calculations, OR Slider Labels", "Field Note", "Text Validation Type OR Show Slider Number",
        "Text Validation Min", "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
        "Required Field?", "Custom Alignment", "Question Number (surveys only)", "Matrix Group Name",
        "Matrix Ranking?", "Field Annotation",
    ]

    /// The annotation tag that carries rapport's own fields.
    static let metaTag = "@RAPPORT-INSTRUMENT="
    public static let recordIDField = "record_id"

    /// REDCap form name of an instrument (`wai-sr` → `wai_sr`).
    public static func formName(_ instrumentID: String) -> String {
        instrumentID.replacingOccurrences(of: "-", with: "_")
    }
    public static func itemField(_ i: Instrument, _ number: Int) -> String { "\(formName(i.id))_\(number)" }
    public static func scaleField(_ i: Instrument, _ scale: String) -> String {
        "\(formName(i.id))_score_\(scale.replacingOccurrences(of: "-", with: "_"))"
    }
    public static func dateField(_ i: Instrument) -> String { "\(formName(i.id))_date" }
    static func aboutField(_ i: Instrument) -> String { "\(formName(i.id))_about" }

    /// What is kept in the annotation: every instrument field REDCap has no column for.
    struct Meta: Codable, Equatable {
        var formatVersion: Int
        var id: String
        var version: String
        var title: String
        var shortTitle: String?
        var citation: String
        var licence: String
        var source: String
        var verification: String
        var adapted: Bool
        var adaptationNote: String?
        var rater: Rater
        var instructions: String
        var stem: String?
        var primaryScale: String
        var bands: [Band]?
        var cutoff: Cutoff?
        var reliableChange: ReliableChange?
        var riskItems: [RiskItem]?
        /// Scale ids by calc field name (scale ids may hold '-', field names may not).
        var scaleIds: [String: String]
        /// The `prorate` flag of each scale by calc field name (it changes nothing for a mean, but is kept).
        var scaleProrate: [String: Bool]?
        /// True when the item labels are placeholders because the licence kept the texts out.
        var itemTextsWithheld: Bool?
    }

    // MARK: Export

    /// A dictionary of these instruments, with a `record_id` field first (the client id) so that it can be
    /// uploaded as it is. Item texts of instruments whose licence restricts redistribution are replaced by
    /// a note unless `includeRestrictedText`.
    public static func export(
        _ instruments: [Instrument], includeRestrictedText: Bool = false
    ) throws(REDCapError) -> String {
        var out = CSV.line(columns)
        var first = true
        for i in instruments {
            for option in i.responseScale where option.label.contains("|") {
                throw .notExpressible(
                    "\(i.id): the answer label '\(option.label)' holds '|', which REDCap uses between choices")
            }
            let form = formName(i.id)
            if first {
                out += row(recordIDField, form, type: "text", label: "Client id")
                first = false
            }
            out += row(dateField(i), form, type: "text", label: "Session date", validation: "date_ymd")
            let withhold = TextLicence.withholdsText(i) && !includeRestrictedText
            let choices = i.responseScale.map { "\($0.value), \($0.label)" }.joined(separator: " | ")
            for (n, item) in i.items.enumerated() {
                let label =
                    withhold
                    ? "Item \(item.number) (text withheld by its licence: see the instrument's licence)" : item.text
                out += row(
                    itemField(i, item.number), form, header: n == 0 ? (i.stem ?? i.instructions) : "", type: "radio",
                    label: label, choices: choices, required: i.allowsSkipping(item: item.number) ? "" : "y",
                    matrix: "\(form)_items")
            }
            var scaleIds: [String: String] = [:]
            var scaleProrate: [String: Bool] = [:]
            for s in i.scales {
                let name = scaleField(i, s.id)
                scaleIds[name] = s.id
                scaleProrate[name] = s.prorate
                out += row(name, form, type: "calc", label: s.label, choices: calculation(i, s), note: rule(i, s))
            }
            let meta = Meta(
                formatVersion: i.formatVersion, id: i.id, version: i.version, title: i.title, shortTitle: i.shortTitle,
                citation: i.citation, licence: i.licence, source: i.source, verification: i.verification,
                adapted: i.adapted,
                adaptationNote: i.adaptationNote, rater: i.rater, instructions: i.instructions, stem: i.stem,
                primaryScale: i.primaryScale, bands: i.bands, cutoff: i.cutoff, reliableChange: i.reliableChange,
                riskItems: i.riskItems, scaleIds: scaleIds, scaleProrate: scaleProrate,
                itemTextsWithheld: withhold ? true : nil)
            let e = JSONEncoder()
            e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let json = (try? e.encode(meta)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            var about = "\(i.title) (\(i.id) \(i.version)). \(i.citation) Licence: \(i.licence)"
            if withhold { about += " " + TextLicence.withheldNote(i) }
            out += row(aboutField(i), form, type: "descriptive", label: about, annotation: metaTag + json)
        }
        return out
    }

    static func row(
        _ name: String, _ form: String, header: String = "", type: String, label: String, choices: String = "",
        note: String = "", validation: String = "", required: String = "", matrix: String = "", annotation: String = ""
    ) -> String {
        CSV.line([
            name, form, header, type, label, choices, note, validation, "", "", "", "", required, "", "", matrix, "",
            annotation,
        ])
    }

    /// The REDCap calculation of a scale, following rapport's scoring: reverse keys, the number of items
    /// that may be missing (blank result beyond it), proration.
    public static func calculation(_ i: Instrument, _ s: Scale) -> String {
        let k = i.minValue + i.maxValue
        let terms = s.items.map { n -> String in
            let f = "[\(itemField(i, n))]"
            return i.item(n)?.reverse == true ? "if(\(f)=\"\",\"\",\(k)-\(f))" : f
        }.joined(separator: ",")
        let answered = "(" + s.items.map { "if([\(itemField(i, $0))]=\"\",0,1)" }.joined(separator: "+") + ")"
        let n = s.items.count
        let body: String
        switch s.method {
        case .sum: body = s.prorate && s.maxMissing > 0 ? "round(sum(\(terms))*\(n)/\(answered),0)" : "sum(\(terms))"
        case .mean: body = "mean(\(terms))"
        case .scaledSum: body = "\(ExportText.number(s.factor ?? 1))*sum(\(terms))/\(answered)"
        }
        return "if(\(answered)<\(n - s.maxMissing),\"\",\(body))"
    }

    static func rule(_ i: Instrument, _ s: Scale) -> String {
        s.maxMissing == 0
            ? "Blank unless every item is answered." : "Blank when more than \(s.maxMissing) of its items are missing."
    }
}

public enum REDCapError: Error, Equatable, CustomStringConvertible {
    case notExpressible(String)
    case invalid(String)
    public var description: String {
        switch self {
        case .notExpressible(let s): "cannot be written for REDCap: \(s)"
        case .invalid(let s): s
        }
    }
}
