import Foundation
import Instruments
import Store

/// Builds a FHIR R4 `collection` Bundle from administrations: one `Questionnaire` per instrument version
/// used, one `QuestionnaireResponse` per administration and one `Observation` per scored scale.
public struct FHIRExporter: Sendable {
    public struct Options: Sendable {
        /// The base of rapport's canonical URLs and code systems.
        public var canonicalBase: String
        /// Copy item texts of instruments whose licence restricts redistribution (the clinic has permission).
        public var includeRestrictedText: Bool
        public init(canonicalBase: String = FHIRExporter.defaultBase, includeRestrictedText: Bool = false) {
            self.canonicalBase = canonicalBase.hasSuffix("/") ? String(canonicalBase.dropLast()) : canonicalBase
            self.includeRestrictedText = includeRestrictedText
        }
    }

    /// What was exported and what was left out (and why).
    public struct Output: Sendable {
        public var bundle: FHIRBundle
        public var responseCount: Int
        public var skipped: [String]
    }

    public static let defaultBase = "https://rapport.example/fhir"
    static let ordinalValueURL = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
    static let categorySystem = "http://terminology.hl7.org/CodeSystem/observation-category"

    public let catalog: InstrumentCatalog
    public let options: Options

    public init(catalog: InstrumentCatalog, options: Options = .init()) {
        self.catalog = catalog
        self.options = options
    }

    // MARK: URLs and codes

    public func questionnaireURL(_ instrumentID: String) -> String {
        "\(options.canonicalBase)/Questionnaire/\(instrumentID)"
    }
    func itemSystem(_ i: Instrument) -> String { "\(options.canonicalBase)/CodeSystem/\(i.id)-items" }
    func answerSystem(_ i: Instrument) -> String { "\(options.canonicalBase)/CodeSystem/\(i.id)-answers" }
    var scoreSystem: String { "\(options.canonicalBase)/CodeSystem/scores" }
    var sourceSystem: String { "\(options.canonicalBase)/CodeSystem/record-source" }
    var clientSystem: String { "\(options.canonicalBase)/client-id" }
    var recordSystem: String { "\(options.canonicalBase)/record-id" }

    static func scoreLinkID(_ scale: String) -> String { "score-\(scale)" }

    /// The answer coding of response `value` of an instrument.
    func answerCoding(_ i: Instrument, value: Int) -> FHIRCoding? {
        guard let option = i.responseScale.first(where: { $0.value == value }) else { return nil }
        if let loinc = LOINCForm.form(for: i), let a = loinc.answers.first(where: { $0.value == value }) {
            return FHIRCoding(system: LOINCForm.system, code: a.code, display: a.label)
        }
        return FHIRCoding(system: answerSystem(i), code: String(value), display: option.label)
    }

    func scoreCoding(_ i: Instrument, scale: Scale) -> FHIRCoding {
        if let loinc = LOINCForm.form(for: i), let c = loinc.scales[scale.id] { return c }
        return FHIRCoding(
            system: scoreSystem, code: "\(i.id)/\(scale.id)", display: "\(i.shortTitle ?? i.title) \(scale.label)")
    }

    // MARK: Questionnaire

    /// The Questionnaire of an instrument definition.
    public func questionnaire(_ i: Instrument) -> FHIRQuestionnaire {
        let loinc = LOINCForm.form(for: i)
        let withhold = TextLicence.withholdsText(i) && !options.includeRestrictedText
        var items: [FHIRQuestionnaireItem] = []
        for (index, item) in i.items.enumerated() {
            let code =
                loinc.map { FHIRCoding(system: LOINCForm.system, code: $0.items[index]) }
                ?? FHIRCoding(system: itemSystem(i), code: String(item.number))
            let options = i.responseScale.compactMap { option in
                answerCoding(i, value: option.value).map {
                    FHIRAnswerOption(
                        valueCoding: $0,
                        extension: [FHIRExtension(url: Self.ordinalValueURL, valueDecimal: Double(option.value))])
                }
            }
            items.append(
                FHIRQuestionnaireItem(
                    linkId: String(item.number), code: [code], prefix: "\(item.number).",
                    text: withhold ? nil : item.text, type: "choice",
                    answerOption: options))
        }
        for scale in i.scales {
            items.append(
                FHIRQuestionnaireItem(
                    linkId: Self.scoreLinkID(scale.id), code: [scoreCoding(i, scale: scale)], text: scoreText(i, scale),
                    type: "decimal", readOnly: true))
        }
        var copyright = i.licence
        if withhold { copyright += "\n\n" + TextLicence.withheldNote(i) }
        var purpose =
            "Citation: \(i.citation)\nSource: \(i.source)\nVerification: \(i.verification)\nRater: \(i.rater.rawValue)"
        if i.adapted, let note = i.adaptationNote { purpose += "\nAdaptation: \(note)" }
        return FHIRQuestionnaire(
            id: fhirID("\(i.id)-\(i.version)"), url: questionnaireURL(i.id),
            identifier: [FHIRIdentifier(system: "\(options.canonicalBase)/instrument-id", value: i.id)],
            version: i.version, name: computableName(i), title: i.title, status: "active", subjectType: ["Patient"],
            description: withhold ? nil : i.instructions, purpose: purpose, copyright: copyright,
            code: loinc.map { [$0.panel] }, item: items)
    }

    /// How a score is computed, in words (rapport computes it; other systems read it as an answer).
    func scoreText(_ i: Instrument, _ s: Scale) -> String {
        let reversed = s.items.filter { i.item($0)?.reverse == true }
        var text = "\(s.label): "
        switch s.method {
        case .sum: text += "sum of items"
        case .mean: text += "mean of the answered items"
        case .scaledSum: text += "\(ExportText.number(s.factor ?? 1)) × mean of the answered items"
        }
        text += " " + s.items.map(String.init).joined(separator: ", ")
        if !reversed.isEmpty {
            text +=
                "; items \(reversed.map(String.init).joined(separator: ", ")) reverse-keyed (\(i.minValue + i.maxValue) − answer)"
        }
        if s.maxMissing == 0 {
            text += "; no item may be missing"
        } else {
            text += "; valid with up to \(s.maxMissing) missing"
            if s.method == .sum && s.prorate { text += ", prorated (sum × items / answered, rounded)" }
        }
        return text
    }

    // MARK: Responses and observations

    /// The bundle of these records (current ones; corrections are marked `amended`).
    public func export(records: [AdministrationRecord], now: Date) -> Output {
        var entries: [FHIRBundleEntry] = []
        var responses: [FHIRBundleEntry] = []
        var observations: [FHIRBundleEntry] = []
        var used: [String: Instrument] = [:]
        var skipped: [String] = []
        let ordered = records.sorted {
            ($0.clientId.rawValue, $0.sessionDate, $0.session, $0.id) < (
                $1.clientId.rawValue, $1.sessionDate, $1.session, $1.id
            )
        }
        var count = 0
        for r in ordered {
            guard let i = try? catalog.instrument(r.instrument.id), i.version == r.instrument.version else {
                skipped.append(
                    "\(r.clientId)/\(r.id): instrument \(r.instrument.id) \(r.instrument.version) is not in the catalog"
                )
                continue
            }
            guard r.answers.count == i.items.count else {
                skipped.append("\(r.clientId)/\(r.id): \(r.answers.count) answers for \(i.items.count) items")
                continue
            }
            used[i.id + "|" + i.version] = i
            let qrURL = "urn:uuid:" + StableID.uuid("QuestionnaireResponse/\(r.clientId)/\(r.id)")
            responses.append(FHIRBundleEntry(fullUrl: qrURL, resource: .questionnaireResponse(response(r, i))))
            count += 1
            for o in self.observations(r, i, responseURL: qrURL) {
                observations.append(o)
            }
        }
        for key in used.keys.sorted() {
            let q = questionnaire(used[key]!)
            entries.append(FHIRBundleEntry(fullUrl: q.url, resource: .questionnaire(q)))
        }
        entries += responses + observations
        let bundle = FHIRBundle(type: "collection", timestamp: ExportText.timestamp(now), entry: entries)
        return Output(bundle: bundle, responseCount: count, skipped: skipped)
    }

    func subject(_ client: ClientID) -> FHIRReference {
        let id = client.rawValue
        return FHIRReference(
            reference: isFHIRID(id) ? "Patient/\(id)" : nil, identifier: FHIRIdentifier(system: clientSystem, value: id)
        )
    }

    func meta(_ r: AdministrationRecord) -> FHIRMeta {
        FHIRMeta(tag: [FHIRCoding(system: sourceSystem, code: r.source.rawValue)])
    }

    public func response(_ r: AdministrationRecord, _ i: Instrument) -> FHIRQuestionnaireResponse {
        var items: [FHIRResponseItem] = []
        for (index, answer) in r.answers.enumerated() {
            guard let answer, let coding = answerCoding(i, value: answer) else { continue }
            items.append(
                FHIRResponseItem(
                    linkId: String(i.items[index].number), answer: [FHIRResponseAnswer(valueCoding: coding)]))
        }
        for s in r.result.scales {
            guard let score = s.score, i.scale(s.id) != nil else { continue }
            items.append(
                FHIRResponseItem(linkId: Self.scoreLinkID(s.id), answer: [FHIRResponseAnswer(valueDecimal: score)]))
        }
        let source = r.rater == .client ? subject(r.clientId) : FHIRReference(display: "the client's therapist")
        return FHIRQuestionnaireResponse(
            id: StableID.uuid("QuestionnaireResponse/\(r.clientId)/\(r.id)"), meta: meta(r),
            identifier: FHIRIdentifier(system: recordSystem, value: "\(r.clientId)/\(r.id)"),
            questionnaire: questionnaireURL(i.id) + "|" + i.version,
            status: r.supersedes == nil ? "completed" : "amended",
            subject: subject(r.clientId), authored: ExportText.timestamp(r.administeredAt), source: source,
            item: items.isEmpty ? nil : items)
    }

    func observations(_ r: AdministrationRecord, _ i: Instrument, responseURL: String) -> [FHIRBundleEntry] {
        var out: [FHIRBundleEntry] = []
        for s in r.result.scales {
            guard let score = s.score, let scale = i.scale(s.id) else { continue }
            let coding = scoreCoding(i, scale: scale)
            var notes: [FHIRAnnotation] = []
            if s.prorated {
                notes.append(
                    FHIRAnnotation(
                        text: "Prorated: items \(s.missing.map(String.init).joined(separator: ", ")) missing."))
            }
            var interpretation: [FHIRCodeableConcept]?
            if s.id == r.result.primaryScale, let band = r.result.band {
                interpretation = [FHIRCodeableConcept(text: band)]
            }
            let name = "Observation/\(r.clientId)/\(r.id)/\(s.id)"
            let o = FHIRObservation(
                id: StableID.uuid(name), meta: meta(r), status: r.supersedes == nil ? "final" : "amended",
                category: [
                    FHIRCodeableConcept(coding: [
                        FHIRCoding(system: Self.categorySystem, code: "survey", display: "Survey")
                    ])
                ],
                code: FHIRCodeableConcept(coding: [coding], text: "\(i.shortTitle ?? i.title) \(scale.label)"),
                subject: subject(r.clientId), effectiveDateTime: ExportText.timestamp(r.administeredAt),
                issued: ExportText.timestamp(r.savedAt),
                valueQuantity: FHIRQuantity(
                    value: score, unit: "score", system: "http://unitsofmeasure.org", code: "{score}"),
                interpretation: interpretation, note: notes.isEmpty ? nil : notes,
                derivedFrom: [FHIRReference(reference: responseURL)])
            out.append(FHIRBundleEntry(fullUrl: "urn:uuid:" + StableID.uuid(name), resource: .observation(o)))
        }
        return out
    }

    // MARK: Names

    /// FHIR `id`: 1–64 of `A-Z a-z 0-9 - .`.
    func isFHIRID(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 64
            && s.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                    || $0 == "."
            }
    }

    func fhirID(_ s: String) -> String {
        isFHIRID(s) ? s : StableID.uuid(s)
    }

    /// A computable name (`PHQ9`, `WAISRTherapist`): letters and digits, starting with a capital.
    func computableName(_ i: Instrument) -> String {
        let parts = i.id.split(separator: "-").map { part -> String in
            part.count <= 3 ? part.uppercased() : part.prefix(1).uppercased() + part.dropFirst()
        }
        var name = parts.joined()
        if let first = name.first, !first.isLetter { name = "Q" + name }
        return name
    }
}
