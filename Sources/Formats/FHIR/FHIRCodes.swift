import Instruments

/// Standard codes for instruments that have them (LOINC), checked against the instrument's shape
/// before use, so a clinic's changed copy is never labelled with codes that do not fit it.
///
/// Sources: PHQ-9 panel, items, total and answer list from the LHC-Forms export of the LOINC form
/// (LHNCBC/lforms-fhir-app, e2e-tests/data/R4/phq9.json) and the HL7 SDC PHQ-9 example; GAD-7 panel
/// and items from the HL7 PGHD IG example QuestionnaireResponse-ScoredAssessment-GAD7. The GAD-7 total
/// score code was not found in an HL7-published file, so the GAD-7 total uses rapport's own code.
public struct LOINCForm: Sendable {
    public var panel: FHIRCoding
    /// Item codes in item order.
    public var items: [String]
    /// Codes of scales, by scale id.
    public var scales: [String: FHIRCoding]
    /// Answer codes by response value, with the label each must have.
    public var answers: [(value: Int, code: String, label: String)]

    public static let system = "http://loinc.org"

    static let frequencyAnswers: [(value: Int, code: String, label: String)] = [
        (0, "LA6568-5", "Not at all"), (1, "LA6569-3", "Several days"),
        (2, "LA6570-1", "More than half the days"), (3, "LA6571-9", "Nearly every day"),
    ]

    public static let phq9 = LOINCForm(
        panel: FHIRCoding(system: system, code: "44249-1", display: "PHQ-9 quick depression assessment panel"),
        items: ["44250-9", "44255-8", "44259-0", "44254-1", "44251-7", "44258-2", "44252-5", "44253-3", "44260-8"],
        scales: [
            "total": FHIRCoding(
                system: system, code: "44261-6", display: "Patient health questionnaire 9 item total score")
        ],
        answers: frequencyAnswers)

    public static let gad7 = LOINCForm(
        panel: FHIRCoding(system: system, code: "69737-5", display: "Generalized anxiety disorder 7 item (GAD-7)"),
        items: ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"],
        scales: [:],
        answers: frequencyAnswers)

    /// The LOINC form for an instrument, when it has one and the instrument matches it: same number of
    /// items and the same response values and labels.
    public static func form(for instrument: Instrument) -> LOINCForm? {
        let candidates: [String: LOINCForm] = ["phq-9": phq9, "gad-7": gad7]
        guard let form = candidates[instrument.id], form.items.count == instrument.items.count,
            instrument.responseScale.count == form.answers.count,
            zip(instrument.responseScale, form.answers).allSatisfy({ $0.value == $1.value && $0.label == $1.label })
        else { return nil }
        return form
    }
}

/// Whether an instrument's item texts may be copied into an export file.
public enum TextLicence {
    /// The WAI family (`wai`, `wai-…`): the WAI-SR's copyright holder (SPR) does not allow its text to be
    /// redistributed commercially without written permission, and rapport's therapist form follows the
    /// same items. Their exports carry item codes only unless the clinic says it has permission.
    public static func withholdsText(_ instrument: Instrument) -> Bool {
        instrument.id == "wai" || instrument.id.hasPrefix("wai-")
    }

    /// The sentence written into a file whose item texts were left out.
    public static func withheldNote(_ instrument: Instrument) -> String {
        "Item texts of \(instrument.id) are left out of this file because its licence does not allow their "
            + "redistribution without the copyright holder's permission. Items are identified by their codes only."
    }
}
