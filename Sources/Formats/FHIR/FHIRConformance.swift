import Foundation

/// rapport's own conformance check of a bundle, beyond what a structural FHIR validator checks: every
/// QuestionnaireResponse names a Questionnaire of the bundle, every answer's `linkId` exists in it, a
/// choice answer is one of the item's answer options, a score answer is a decimal of a read-only item,
/// no item is answered twice, and every
/// Observation is derived from a response of the bundle about the same subject.
public enum FHIRConformance {
    public static func problems(_ bundle: FHIRBundle) -> [String] {
        var problems: [String] = []
        var questionnaires: [String: FHIRQuestionnaire] = [:]
        for q in bundle.questionnaires {
            if questionnaires[q.canonical] != nil { problems.append("Questionnaire \(q.canonical) appears twice") }
            questionnaires[q.canonical] = q
            var seen = Set<String>()
            for item in q.item where !seen.insert(item.linkId).inserted {
                problems.append("Questionnaire \(q.canonical): linkId \(item.linkId) appears twice")
            }
            for item in q.item where item.type == "choice" && (item.answerOption ?? []).isEmpty {
                problems.append(
                    "Questionnaire \(q.canonical) item \(item.linkId): a choice item without answer options")
            }
        }
        var subjects: [String: FHIRReference?] = [:]
        for entry in bundle.entry {
            guard case .questionnaireResponse(let r) = entry.resource else { continue }
            let name = "QuestionnaireResponse \(r.identifier?.value ?? entry.fullUrl)"
            subjects[entry.fullUrl] = r.subject
            guard let q = questionnaires[r.questionnaire] else {
                problems.append("\(name): questionnaire \(r.questionnaire) is not in the bundle")
                continue
            }
            if !["completed", "amended"].contains(r.status) { problems.append("\(name): status \(r.status)") }
            var answered = Set<String>()
            for item in r.item ?? [] {
                guard let qItem = q.item.first(where: { $0.linkId == item.linkId }) else {
                    problems.append("\(name): linkId \(item.linkId) is not in \(r.questionnaire)")
                    continue
                }
                if !answered.insert(item.linkId).inserted {
                    problems.append("\(name): linkId \(item.linkId) answered twice")
                }
                let answers = item.answer ?? []
                if answers.count != 1 {
                    problems.append("\(name) item \(item.linkId): \(answers.count) answers, expected 1")
                }
                for a in answers {
                    switch qItem.type {
                    case "choice":
                        let allowed = (qItem.answerOption ?? []).map(\.valueCoding)
                        guard let c = a.valueCoding, a.valueDecimal == nil else {
                            problems.append("\(name) item \(item.linkId): a choice item needs a valueCoding")
                            continue
                        }
                        if !allowed.contains(where: { $0.system == c.system && $0.code == c.code }) {
                            problems.append(
                                "\(name) item \(item.linkId): \(c.system ?? "")#\(c.code ?? "") is not one of its answer options"
                            )
                        }
                    case "decimal":
                        if a.valueDecimal == nil || a.valueCoding != nil {
                            problems.append("\(name) item \(item.linkId): a decimal item needs a valueDecimal")
                        }
                    default:
                        problems.append(
                            "\(name) item \(item.linkId): item type \(qItem.type) is not one rapport writes")
                    }
                }
            }
        }
        for entry in bundle.entry {
            guard case .observation(let o) = entry.resource else { continue }
            let refs = (o.derivedFrom ?? []).compactMap(\.reference)
            if refs.isEmpty { problems.append("Observation \(entry.fullUrl): derived from no response") }
            for ref in refs {
                guard let subject = subjects[ref] else {
                    problems.append("Observation \(entry.fullUrl): derivedFrom \(ref) is not a response of the bundle")
                    continue
                }
                if subject != o.subject {
                    problems.append("Observation \(entry.fullUrl): subject differs from its response's")
                }
            }
            if o.valueQuantity == nil { problems.append("Observation \(entry.fullUrl): no value") }
        }
        return problems
    }
}
