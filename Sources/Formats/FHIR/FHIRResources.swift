import Foundation

// The parts of FHIR R4 (4.0.1) that rapport writes: Bundle, Questionnaire, QuestionnaireResponse and
// Observation, with only the elements rapport fills. Optional elements left nil are not written.
// Element names and cardinalities follow hl7.org/fhir/R4.

public struct FHIRCoding: Codable, Sendable, Equatable, Hashable {
    public var system: String?
    public var code: String?
    public var display: String?
    public init(system: String?, code: String?, display: String? = nil) {
        self.system = system
        self.code = code
        self.display = display
    }
}

public struct FHIRCodeableConcept: Codable, Sendable, Equatable {
    public var coding: [FHIRCoding]?
    public var text: String?
    public init(coding: [FHIRCoding]? = nil, text: String? = nil) {
        self.coding = coding
        self.text = text
    }
}

public struct FHIRIdentifier: Codable, Sendable, Equatable {
    public var system: String?
    public var value: String?
    public init(system: String?, value: String?) {
        self.system = system
        self.value = value
    }
}

public struct FHIRReference: Codable, Sendable, Equatable {
    public var reference: String?
    public var identifier: FHIRIdentifier?
    public var display: String?
    public init(reference: String? = nil, identifier: FHIRIdentifier? = nil, display: String? = nil) {
        self.reference = reference
        self.identifier = identifier
        self.display = display
    }
}

public struct FHIRExtension: Codable, Sendable, Equatable {
    public var url: String
    public var valueDecimal: Double?
    public var valueString: String?
    public init(url: String, valueDecimal: Double? = nil, valueString: String? = nil) {
        self.url = url
        self.valueDecimal = valueDecimal
        self.valueString = valueString
    }
}

public struct FHIRMeta: Codable, Sendable, Equatable {
    public var tag: [FHIRCoding]?
    public init(tag: [FHIRCoding]? = nil) { self.tag = tag }
}

public struct FHIRAnnotation: Codable, Sendable, Equatable {
    public var text: String
    public init(text: String) { self.text = text }
}

public struct FHIRQuantity: Codable, Sendable, Equatable {
    public var value: Double
    public var unit: String?
    public var system: String?
    public var code: String?
    public init(value: Double, unit: String? = nil, system: String? = nil, code: String? = nil) {
        self.value = value
        self.unit = unit
        self.system = system
        self.code = code
    }
}

// MARK: Questionnaire

public struct FHIRAnswerOption: Codable, Sendable, Equatable {
    public var `extension`: [FHIRExtension]?
    public var valueCoding: FHIRCoding
    public init(valueCoding: FHIRCoding, extension ext: [FHIRExtension]? = nil) {
        self.valueCoding = valueCoding
        self.extension = ext
    }
}

public struct FHIRQuestionnaireItem: Codable, Sendable, Equatable {
    public var linkId: String
    public var code: [FHIRCoding]?
    public var prefix: String?
    public var text: String?
    /// `choice` for answered items, `decimal` for scores.
    public var type: String
    public var required: Bool?
    public var readOnly: Bool?
    public var answerOption: [FHIRAnswerOption]?
    public init(
        linkId: String, code: [FHIRCoding]? = nil, prefix: String? = nil, text: String? = nil, type: String,
        required: Bool? = nil, readOnly: Bool? = nil, answerOption: [FHIRAnswerOption]? = nil
    ) {
        self.linkId = linkId
        self.code = code
        self.prefix = prefix
        self.text = text
        self.type = type
        self.required = required
        self.readOnly = readOnly
        self.answerOption = answerOption
    }
}

public struct FHIRQuestionnaire: Codable, Sendable, Equatable {
    public var resourceType = "Questionnaire"
    public var id: String?
    public var url: String
    public var identifier: [FHIRIdentifier]?
    public var version: String
    public var name: String?
    public var title: String?
    public var status: String
    public var subjectType: [String]?
    public var description: String?
    public var purpose: String?
    public var copyright: String?
    public var code: [FHIRCoding]?
    public var item: [FHIRQuestionnaireItem]

    /// `url|version`, as a QuestionnaireResponse names it.
    public var canonical: String { url + "|" + version }
}

// MARK: QuestionnaireResponse

public struct FHIRResponseAnswer: Codable, Sendable, Equatable {
    public var valueCoding: FHIRCoding?
    public var valueDecimal: Double?
    public init(valueCoding: FHIRCoding? = nil, valueDecimal: Double? = nil) {
        self.valueCoding = valueCoding
        self.valueDecimal = valueDecimal
    }
}

public struct FHIRResponseItem: Codable, Sendable, Equatable {
    public var linkId: String
    public var answer: [FHIRResponseAnswer]?
    public init(linkId: String, answer: [FHIRResponseAnswer]?) {
        self.linkId = linkId
        self.answer = answer
    }
}

public struct FHIRQuestionnaireResponse: Codable, Sendable, Equatable {
    public var resourceType = "QuestionnaireResponse"
    public var id: String?
    public var meta: FHIRMeta?
    public var identifier: FHIRIdentifier?
    public var questionnaire: String
    /// `completed`, or `amended` for a correction of an earlier record.
    public var status: String
    public var subject: FHIRReference?
    public var authored: String?
    public var source: FHIRReference?
    public var item: [FHIRResponseItem]?
}

// MARK: Observation

public struct FHIRObservation: Codable, Sendable, Equatable {
    public var resourceType = "Observation"
    public var id: String?
    public var meta: FHIRMeta?
    public var status: String
    public var category: [FHIRCodeableConcept]?
    public var code: FHIRCodeableConcept
    public var subject: FHIRReference?
    public var effectiveDateTime: String?
    public var issued: String?
    public var valueQuantity: FHIRQuantity?
    public var interpretation: [FHIRCodeableConcept]?
    public var note: [FHIRAnnotation]?
    public var derivedFrom: [FHIRReference]?
}

// MARK: Bundle

/// One resource of a bundle, told apart by its `resourceType`.
public enum FHIRResource: Codable, Sendable, Equatable {
    case questionnaire(FHIRQuestionnaire)
    case questionnaireResponse(FHIRQuestionnaireResponse)
    case observation(FHIRObservation)

    private struct TypeOnly: Decodable { var resourceType: String }

    public init(from decoder: any Decoder) throws {
        let type = try TypeOnly(from: decoder).resourceType
        switch type {
        case "Questionnaire": self = .questionnaire(try FHIRQuestionnaire(from: decoder))
        case "QuestionnaireResponse": self = .questionnaireResponse(try FHIRQuestionnaireResponse(from: decoder))
        case "Observation": self = .observation(try FHIRObservation(from: decoder))
        default:
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "unsupported resourceType '\(type)'"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .questionnaire(let r): try r.encode(to: encoder)
        case .questionnaireResponse(let r): try r.encode(to: encoder)
        case .observation(let r): try r.encode(to: encoder)
        }
    }
}

public struct FHIRBundleEntry: Codable, Sendable, Equatable {
    public var fullUrl: String
    public var resource: FHIRResource
}

public struct FHIRBundle: Codable, Sendable, Equatable {
    public var resourceType = "Bundle"
    public var id: String?
    public var type: String
    public var timestamp: String?
    public var entry: [FHIRBundleEntry]

    public var questionnaires: [FHIRQuestionnaire] {
        entry.compactMap { if case .questionnaire(let q) = $0.resource { q } else { nil } }
    }
    public var responses: [FHIRQuestionnaireResponse] {
        entry.compactMap { if case .questionnaireResponse(let q) = $0.resource { q } else { nil } }
    }
    public var observations: [FHIRObservation] {
        entry.compactMap { if case .observation(let q) = $0.resource { q } else { nil } }
    }

    /// Deterministic JSON: sorted keys, no escaped slashes, a final newline.
    public func encoded() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = try e.encode(self)
        data.append(0x0A)
        return data
    }

    public static func decode(_ data: Data) throws -> FHIRBundle {
        try JSONDecoder().decode(FHIRBundle.self, from: data)
    }
}
