import Foundation
import Instruments

extension REDCapDictionary {
    /// An instrument read from a data dictionary, with what could not be carried over.
    public struct Imported: Sendable {
        public var instrument: Instrument
        /// What was left out or set to a stated default, one sentence each.
        public var notes: [String]
    }

    /// The API names of the 18 columns (REDCap's metadata export), accepted as a header too.
    static let apiColumns = [
        "field_name", "form_name", "section_header", "field_type", "field_label", "select_choices_or_calculations",
        "field_note", "text_validation_type_or_show_slider_number", "text_validation_min", "text_validation_max",
        "identifier", "branching_logic", "required_field", "custom_alignment", "question_number", "matrix_group_name",
        "matrix_ranking", "field_annotation",
    ]

    private struct Row {
        var name, form, header, type, label, choices, note, validation, branching, annotation: String
        init(_ f: [String]) {
            let g = f + Array(repeating: "", count: max(0, 18 - f.count))
            name = g[0].trimmingCharacters(in: .whitespaces)
            form = g[1].trimmingCharacters(in: .whitespaces)
            header = g[2]
            type = g[3].trimmingCharacters(in: .whitespaces).lowercased()
            label = g[4]
            choices = g[5]
            note = g[6]
            validation = g[7].trimmingCharacters(in: .whitespaces)
            branching = g[11].trimmingCharacters(in: .whitespaces)
            annotation = g[17]
        }
    }

    /// Reads one form of a data dictionary as an instrument. `form` chooses the form when the dictionary
    /// holds more than one with items. Throws when no valid instrument can be made (no items, items with
    /// different answer choices, no scale rapport can read, or a result that fails validation).
    public static func importInstrument(
        _ text: String, file: String, form wanted: String? = nil
    ) throws(REDCapError) -> Imported {
        let table: [[String]]
        do {
            table = try CSV.parse(text)
        } catch {
            throw .invalid("\(file): \(error)")
        }
        guard let header = table.first else { throw .invalid("\(file): the file is empty") }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names.count >= 18,
            Array(names.prefix(18)) == columns.map({ $0.lowercased() }) || Array(names.prefix(18)) == apiColumns
        else {
            throw .invalid(
                "\(file): not a REDCap data dictionary: the header must be the 18 columns starting 'Variable / Field Name,Form Name'"
            )
        }
        let rows = table.dropFirst().map(Row.init).filter { !$0.name.isEmpty }
        guard let recordRow = rows.first else { throw .invalid("\(file): the dictionary has no fields") }
        var notes: [String] = []
        if recordRow.name != recordIDField {
            notes.append("field \(recordRow.name) is the record id (the first field) and is not an item")
        }
        var itemForms: [String] = []
        for r in rows.dropFirst() where ["radio", "dropdown"].contains(r.type) && !itemForms.contains(r.form) {
            itemForms.append(r.form)
        }
        let form: String
        if let wanted {
            guard itemForms.contains(wanted) else {
                throw .invalid(
                    "\(file): no form '\(wanted)' with items (forms with items: \(itemForms.joined(separator: ", ")))")
            }
            form = wanted
        } else {
            guard let only = itemForms.first else {
                throw .invalid("\(file): no radio or dropdown fields, so no items")
            }
            guard itemForms.count == 1 else {
                throw .invalid(
                    "\(file): several forms hold items (\(itemForms.joined(separator: ", "))): choose one with --form")
            }
            form = only
        }

        var meta: Meta?
        var itemRows: [Row] = []
        var calcRows: [Row] = []
        var firstHeader: String?
        for r in rows.dropFirst() where r.form == form {
            if !r.branching.isEmpty { notes.append("branching logic of \(r.name) left out: rapport asks every item") }
            switch r.type {
            case "radio", "dropdown":
                if firstHeader == nil, !r.header.isEmpty { firstHeader = r.header }
                itemRows.append(r)
            case "calc":
                calcRows.append(r)
            case "descriptive":
                if let range = r.annotation.range(of: metaTag) {
                    do {
                        meta = try JSONDecoder().decode(Meta.self, from: Data(r.annotation[range.upperBound...].utf8))
                    } catch {
                        throw .invalid("\(file): field \(r.name): the \(metaTag.dropLast()) annotation is not valid")
                    }
                } else {
                    notes.append("descriptive field \(r.name) left out")
                }
            case "text" where r.name == "\(form)_date" && r.validation.hasPrefix("date"):
                continue  // the session date of rapport's own records
            default:
                notes.append(
                    "field \(r.name) (\(r.type.isEmpty ? "no type" : r.type)) left out: rapport items are single choices"
                )
            }
        }

        // Response scale: every item must offer the same choices.
        var scale: [ResponseOption]?
        for r in itemRows {
            let options = try parseChoices(r.choices, field: r.name, file: file)
            if let scale, scale != options {
                throw .notExpressible(
                    "\(file): \(r.name) offers other answer choices than \(itemRows[0].name); a rapport instrument has one response scale"
                )
            }
            scale = options
        }
        guard let responseScale = scale else { throw .invalid("\(file): form \(form) has no items") }

        // Item numbers from rapport's field names, else dictionary order.
        var numbers: [String: Int] = [:]
        let ownNames = itemRows.enumerated().allSatisfy { n, r in r.name == "\(form)_\(n + 1)" }
        for (n, r) in itemRows.enumerated() { numbers[r.name] = n + 1 }
        if !ownNames {
            notes.append(
                "items numbered in dictionary order: "
                    + itemRows.enumerated().map { "\($1.name) = \($0 + 1)" }.joined(separator: ", "))
        }

        let minValue = responseScale.map(\.value).min() ?? 0
        let maxValue = responseScale.map(\.value).max() ?? 0
        var reversed: [Int: Bool] = [:]
        var scales: [Scale] = []
        for r in calcRows {
            let id = meta?.scaleIds[r.name] ?? scaleID(r.name, form: form)
            do {
                let parsed = try REDCapExpression.parse(r.choices)
                let s = try readScale(parsed, numbers: numbers, reverseConstant: minValue + maxValue)
                var conflict = false
                for (n, rev) in s.reverse {
                    if let known = reversed[n], known != rev { conflict = true }
                    reversed[n] = rev
                }
                if conflict { throw ScaleReadError("an item is reverse-keyed in one scale and not in another") }
                if let note = s.note { notes.append("\(r.name): \(note)") }
                scales.append(
                    Scale(
                        id: id, label: r.label.isEmpty ? id : r.label, items: s.items, method: s.method,
                        factor: s.factor,
                        maxMissing: s.maxMissing, prorate: meta?.scaleProrate?[r.name] ?? s.prorate))
            } catch let e as REDCapExpression.ParseError {
                notes.append("calculated field \(r.name) left out: \(e.message)")
            } catch let e as ScaleReadError {
                notes.append("calculated field \(r.name) left out: \(e.message)")
            } catch {
                notes.append("calculated field \(r.name) left out")
            }
        }
        guard !scales.isEmpty else {
            throw .notExpressible(
                "\(file): form \(form) has no calculated field rapport can read as a score, and an instrument needs one"
            )
        }
        let items = itemRows.map { r in
            let n = numbers[r.name]!
            return Item(number: n, text: r.label, reverse: reversed[n] ?? false)
        }
        let instrument: Instrument
        if let m = meta {
            if m.itemTextsWithheld == true {
                notes.append("the item texts were withheld in this dictionary: the labels are placeholders")
            }
            instrument = Instrument(
                formatVersion: m.formatVersion, id: m.id, version: m.version, title: m.title, shortTitle: m.shortTitle,
                citation: m.citation, licence: m.licence, source: m.source, verification: m.verification,
                adapted: m.adapted,
                adaptationNote: m.adaptationNote, rater: m.rater, instructions: m.instructions, stem: m.stem,
                responseScale: responseScale, items: items, scales: scales, primaryScale: m.primaryScale,
                bands: m.bands,
                cutoff: m.cutoff, reliableChange: m.reliableChange, riskItems: m.riskItems)
        } else {
            let id = String(form.replacingOccurrences(of: "_", with: "-").prefix(40))
            notes.append(
                "no rapport description in the file: id \(id), version 1.0.0, rater client, primary scale \(scales[0].id); "
                    + "citation, licence, source and verification say 'unknown': fill them in")
            if firstHeader == nil {
                notes.append(
                    "no section header above the first item: instructions set to 'Choose one answer for each item.'")
            }
            let unknown = "unknown: imported from the REDCap data dictionary \((file as NSString).lastPathComponent)"
            instrument = Instrument(
                id: id, version: "1.0.0", title: form, citation: unknown, licence: unknown, source: unknown,
                verification: "not verified: " + unknown, adapted: false, rater: .client,
                instructions: firstHeader ?? "Choose one answer for each item.", responseScale: responseScale,
                items: items, scales: scales,
                primaryScale: scales[0].id)
        }
        do {
            try InstrumentValidator.validate(instrument, file: file)
        } catch {
            throw .invalid(error.description)
        }
        return Imported(instrument: instrument, notes: notes)
    }

    static func parseChoices(_ text: String, field: String, file: String) throws(REDCapError) -> [ResponseOption] {
        var out: [ResponseOption] = []
        for part in text.split(separator: "|") {
            let p = part.trimmingCharacters(in: .whitespaces)
            guard let comma = p.firstIndex(of: ","), let value = Int(p[..<comma].trimmingCharacters(in: .whitespaces))
            else {
                throw .notExpressible(
                    "\(file): \(field): the choice '\(p)' has no whole-number code; rapport scores choices by their codes"
                )
            }
            out.append(
                ResponseOption(value: value, label: p[p.index(after: comma)...].trimmingCharacters(in: .whitespaces)))
        }
        if out.isEmpty { throw .invalid("\(file): \(field): no choices") }
        return out
    }

    static func scaleID(_ field: String, form: String) -> String {
        var id = field
        for prefix in ["\(form)_score_", "\(form)_"] where id.hasPrefix(prefix) && id.count > prefix.count {
            id = String(id.dropFirst(prefix.count))
            break
        }
        return String(id.prefix(32))
    }

    struct ScaleReadError: Error {
        var message: String
        init(_ m: String) { message = m }
    }

    struct ReadScale {
        var items: [Int]
        var reverse: [Int: Bool]
        var method: ScoringMethod
        var factor: Double?
        var maxMissing: Int
        var prorate: Bool
        var note: String?
    }

    /// Recognises the calculations `calculation(_:_:)` writes, and a plain `sum(…)` or `mean(…)` of items.
    static func readScale(
        _ e: REDCapExpression, numbers: [String: Int], reverseConstant: Int
    ) throws(ScaleReadError) -> ReadScale {
        func reverseTerm(_ a: REDCapExpression) throws(ScaleReadError) -> String? {
            // if([f]="","",K-[f])  or  K-[f]
            var inner = a
            if let x = a.args(of: "if"), x.count == 3, let f = x[0].blankTest, x[1].isEmptyString {
                guard let (_, r) = x[2].operands("-"), r.fieldName == f else { return nil }
                inner = x[2]
            }
            guard let (l, r) = inner.operands("-"), let k = l.numberValue, let f = r.fieldName else { return nil }
            guard k == Double(reverseConstant) else {
                throw ScaleReadError(
                    "reverse keying as \(ExportText.number(k)) − answer, but rapport reverses as min + max − answer (\(reverseConstant))"
                )
            }
            return f
        }
        func terms(_ args: [REDCapExpression]) throws(ScaleReadError) -> ([Int], [Int: Bool]) {
            var items: [Int] = []
            var reverse: [Int: Bool] = [:]
            for a in args {
                let field: String
                var rev = false
                if let f = a.fieldName {
                    field = f
                } else if let f = try reverseTerm(a) {
                    field = f
                    rev = true
                } else {
                    throw ScaleReadError("an argument is neither an item nor a reverse-keyed item")
                }
                guard let n = numbers[field] else { throw ScaleReadError("[\(field)] is not an item of the form") }
                if items.contains(n) { throw ScaleReadError("[\(field)] appears twice") }
                items.append(n)
                reverse[n] = rev
            }
            if items.isEmpty { throw ScaleReadError("no items") }
            return (items, reverse)
        }
        func answered(_ e: REDCapExpression) -> [Int]? {
            if let (l, r) = e.operands("+") {
                guard let a = answered(l), let b = answered(r) else { return nil }
                return a + b
            }
            guard let x = e.args(of: "if"), x.count == 3, let f = x[0].blankTest, x[1].numberValue == 0,
                x[2].numberValue == 1
            else { return nil }
            return numbers[f].map { [$0] }
        }
        if let x = e.args(of: "if"), x.count == 3, let (count, limit) = x[0].operands("<"),
            let threshold = limit.numberValue,
            x[1].isEmptyString
        {
            let body = x[2]
            guard let counted = answered(count) else {
                throw ScaleReadError("the count of answered items is not understood")
            }
            var read: ReadScale
            if let args = body.args(of: "sum") {
                let (items, rev) = try terms(args)
                read = ReadScale(items: items, reverse: rev, method: .sum, maxMissing: 0, prorate: false)
            } else if let args = body.args(of: "mean") {
                let (items, rev) = try terms(args)
                read = ReadScale(items: items, reverse: rev, method: .mean, maxMissing: 0, prorate: true)
            } else if let r = body.args(of: "round"), r.count == 2, r[1].numberValue == 0,
                let (product, count2) = r[0].operands("/"),
                let (sum, n) = product.operands("*"), let args = sum.args(of: "sum"), let nItems = n.numberValue
            {
                let (items, rev) = try terms(args)
                guard Int(nItems) == items.count, answered(count2).map(Set.init) == Set(items) else {
                    throw ScaleReadError("the proration is not sum × items / answered")
                }
                read = ReadScale(items: items, reverse: rev, method: .sum, maxMissing: 0, prorate: true)
            } else if let (product, count2) = body.operands("/"), let (fe, sum) = product.operands("*"),
                let f = fe.numberValue,
                let args = sum.args(of: "sum")
            {
                let (items, rev) = try terms(args)
                guard answered(count2).map(Set.init) == Set(items), f > 0 else {
                    throw ScaleReadError("the scaled sum is not understood")
                }
                read = ReadScale(
                    items: items, reverse: rev, method: .scaledSum, factor: f, maxMissing: 0, prorate: true)
            } else {
                throw ScaleReadError("the score is not a sum, mean, prorated sum or scaled sum of items")
            }
            guard Set(counted) == Set(read.items), threshold == threshold.rounded(), threshold >= 1,
                Int(threshold) <= read.items.count
            else { throw ScaleReadError("the missing-item rule does not count the scale's own items") }
            read.maxMissing = read.items.count - Int(threshold)
            if read.method == .sum && read.maxMissing > 0 && !read.prorate {
                throw ScaleReadError("a sum that allows missing items without prorating them")
            }
            if read.maxMissing == 0 { read.prorate = false }
            return read
        }
        if let args = e.args(of: "sum") {
            let (items, rev) = try terms(args)
            return ReadScale(
                items: items, reverse: rev, method: .sum, maxMissing: 0, prorate: false,
                note: "REDCap's sum() adds the items answered; rapport leaves the score blank when any is missing")
        }
        if let args = e.args(of: "mean") {
            let (items, rev) = try terms(args)
            return ReadScale(
                items: items, reverse: rev, method: .mean, maxMissing: 0, prorate: false,
                note: "REDCap's mean() takes the items answered; rapport allows none missing (set maxMissing by hand)")
        }
        throw ScaleReadError("not a scale score rapport can read (a sum or mean of the form's items)")
    }
}
