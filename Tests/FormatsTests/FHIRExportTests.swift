import Formats
import Foundation
import Instruments
import Store
import TestSupport
import Testing

@Suite("FHIR export")
struct FHIRExportTests {
    static func record(
        _ i: Instrument, answers: [Int?], client: String = "C1", session: Int = 1, id: String? = nil,
        supersedes: String? = nil
    ) throws -> AdministrationRecord {
        AdministrationRecord(
            id: id ?? "s\(String(format: "%04d", session))-\(i.rater.rawValue)-\(i.id)-r00001",
            clientId: try ClientID(client),
            session: session, sessionDate: try SessionDate("2026-11-0\(session)"), rater: i.rater,
            instrument: InstrumentRef(id: i.id, version: i.version), answers: answers, result: try i.score(answers),
            administeredAt: Fixtures.referenceDate, savedAt: Fixtures.referenceDate, source: .kiosk,
            supersedes: supersedes)
    }

    @Test func phq9UsesLOINCAndScores() throws {
        let catalog = try Fixtures.catalog()
        let phq = try catalog.instrument("phq-9")
        let r = try Self.record(phq, answers: [0, 1, 2, 3, 0, 1, 2, 3, nil])
        let out = FHIRExporter(catalog: catalog).export(records: [r], now: Fixtures.referenceDate)
        #expect(out.skipped.isEmpty)
        let q = try #require(out.bundle.questionnaires.first)
        #expect(q.url == "https://rapport.example/fhir/Questionnaire/phq-9")
        #expect(q.code?.first?.code == "44249-1")
        #expect(q.item.first?.code?.first == FHIRCoding(system: "http://loinc.org", code: "44250-9"))
        #expect(q.item[8].code?.first?.code == "44260-8")
        #expect(q.item[8].text == phq.items[8].text)
        #expect(
            q.item[0].answerOption?.map { $0.valueCoding.code } == ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"])
        #expect(q.item[0].answerOption?[2].extension?.first?.valueDecimal == 2)
        let total = try #require(q.item.first { $0.linkId == "score-total" })
        #expect(total.code?.first?.code == "44261-6")
        #expect(total.readOnly == true)

        let qr = try #require(out.bundle.responses.first)
        #expect(qr.questionnaire == "https://rapport.example/fhir/Questionnaire/phq-9|1.0.0")
        #expect(qr.subject?.reference == "Patient/C1")
        #expect(qr.authored == "2026-11-24T09:00:00Z")
        #expect(qr.meta?.tag?.first?.code == "kiosk")
        // Item 9 missing: no answer written; prorated total 12 × 9 / 8 = 13.5 → 14.
        #expect(qr.item?.contains { $0.linkId == "9" } == false)
        #expect(qr.item?.first { $0.linkId == "4" }?.answer?.first?.valueCoding?.code == "LA6571-9")
        #expect(qr.item?.first { $0.linkId == "score-total" }?.answer?.first?.valueDecimal == 14)

        let obs = try #require(out.bundle.observations.first)
        #expect(obs.code.coding?.first?.code == "44261-6")
        #expect(obs.valueQuantity?.value == 14)
        #expect(obs.interpretation?.first?.text == "moderate")
        #expect(obs.note?.first?.text.contains("9") == true)
        #expect(FHIRConformance.problems(out.bundle).isEmpty)
    }

    @Test func waiFamilyWithholdsItemTextUnlessAllowed() throws {
        let catalog = try Fixtures.catalog()
        for id in ["wai-sr", "wai-sr-therapist"] {
            let wai = try catalog.instrument(id)
            let withheld = FHIRExporter(catalog: catalog).questionnaire(wai)
            #expect(withheld.item.filter { $0.type == "choice" }.allSatisfy { $0.text == nil })
            #expect(withheld.copyright?.contains("left out of this file") == true)
            #expect(withheld.item.first?.code?.first?.system == "https://rapport.example/fhir/CodeSystem/\(id)-items")
            let data = String(decoding: try JSONEncoder().encode(withheld), as: UTF8.self)
            for item in wai.items { #expect(!data.contains(item.text)) }
            let allowed = FHIRExporter(catalog: catalog, options: .init(includeRestrictedText: true)).questionnaire(wai)
            #expect(allowed.item.first?.text == wai.items.first?.text)
            #expect(allowed.copyright == wai.licence)
        }
        // Public-domain PHQ-9 keeps its text.
        #expect(FHIRExporter(catalog: catalog).questionnaire(try catalog.instrument("phq-9")).item.first?.text != nil)
    }

    @Test func reverseKeyedAndNonLOINCInstrumentsUseRapportCodes() throws {
        let catalog = try Fixtures.catalog()
        let core = try catalog.instrument("core-10")
        let q = FHIRExporter(catalog: catalog).questionnaire(core)
        #expect(q.code == nil)
        #expect(
            q.item[0].answerOption?.first?.valueCoding
                == FHIRCoding(
                    system: "https://rapport.example/fhir/CodeSystem/core-10-answers", code: "0", display: "Not at all")
        )
        #expect(
            q.item.first { $0.linkId == "score-clinical" }?.text?.contains("items 2, 3 reverse-keyed (4 − answer)")
                == true)
    }

    @Test func everyShippedInstrumentConformsOnADemoCaseload() throws {
        let demo = try DemoCaseload.make(clients: 4, sessions: 5)
        defer { demo.remove() }
        var records: [AdministrationRecord] = []
        for id in try demo.store.clientIDs().ids {
            records += AdministrationRecord.current(try demo.store.records(id).records)
        }
        let out = FHIRExporter(catalog: demo.catalog).export(records: records, now: Fixtures.referenceDate)
        #expect(out.skipped.isEmpty)
        #expect(out.responseCount == records.count)
        #expect(out.bundle.responses.count == records.count)
        #expect(FHIRConformance.problems(out.bundle) == [])
        // Round trip through JSON and deterministic output.
        let data = try out.bundle.encoded()
        #expect(try FHIRBundle.decode(data) == out.bundle)
        let again = FHIRExporter(catalog: demo.catalog).export(records: records.reversed(), now: Fixtures.referenceDate)
        #expect(try again.bundle.encoded() == data)
    }

    @Test func conformanceCatchesWhatAStructuralValidatorDoesNot() throws {
        let catalog = try Fixtures.catalog()
        let gad = try catalog.instrument("gad-7")
        let out = FHIRExporter(catalog: catalog).export(
            records: [try Self.record(gad, answers: [1, 2, 3, 0, 1, 2, 3])], now: Fixtures.referenceDate)
        #expect(FHIRConformance.problems(out.bundle).isEmpty)

        func mutated(_ change: (inout FHIRQuestionnaireResponse) -> Void) -> FHIRBundle {
            var b = out.bundle
            for (n, e) in b.entry.enumerated() {
                if case .questionnaireResponse(var r) = e.resource {
                    change(&r)
                    b.entry[n].resource = .questionnaireResponse(r)
                }
            }
            return b
        }
        let badLink = mutated { $0.item![0].linkId = "99" }
        #expect(FHIRConformance.problems(badLink).contains { $0.contains("linkId 99 is not in") })
        let badCode = mutated { $0.item![0].answer![0].valueCoding!.code = "LA9999-9" }
        #expect(FHIRConformance.problems(badCode).contains { $0.contains("is not one of its answer options") })
        let badSystem = mutated { $0.item![0].answer![0].valueCoding!.system = "http://example.org" }
        #expect(!FHIRConformance.problems(badSystem).isEmpty)
        let twice = mutated { $0.item!.append($0.item![0]) }
        #expect(FHIRConformance.problems(twice).contains { $0.contains("answered twice") })
        let noQuestionnaire = mutated { $0.questionnaire = "https://rapport.example/fhir/Questionnaire/gad-7|9.9.9" }
        #expect(FHIRConformance.problems(noQuestionnaire).contains { $0.contains("is not in the bundle") })
        let decimalAsChoice = mutated { $0.item![0].answer![0] = FHIRResponseAnswer(valueDecimal: 1) }
        #expect(FHIRConformance.problems(decimalAsChoice).contains { $0.contains("needs a valueCoding") })
    }

    @Test func gad7UsesLOINCItemsAndOwnTotalCode() throws {
        let catalog = try Fixtures.catalog()
        let q = FHIRExporter(catalog: catalog).questionnaire(try catalog.instrument("gad-7"))
        #expect(q.code?.first?.code == "69737-5")
        #expect(
            q.item.prefix(7).compactMap { $0.code?.first?.code }
                == ["69725-0", "68509-9", "69733-4", "69734-2", "69735-9", "69689-8", "69736-7"])
        #expect(
            q.item.first { $0.linkId == "score-total" }?.code?.first?.system
                == "https://rapport.example/fhir/CodeSystem/scores")
    }

    @Test func changedCopyOfALOINCInstrumentIsNotCodedAsLOINC() throws {
        var phq = try Fixtures.instrument("phq-9")
        phq.responseScale[1].label = "Some days"
        #expect(LOINCForm.form(for: phq) == nil)
        let q = FHIRExporter(catalog: InstrumentCatalog(instruments: [phq])).questionnaire(phq)
        #expect(q.code == nil)
        #expect(q.item[0].code?.first?.system != "http://loinc.org")
    }

    @Test func recordsOfAnotherInstrumentVersionAreSkippedAndNamed() throws {
        let catalog = try Fixtures.catalog()
        var r = try Self.record(try catalog.instrument("gad-7"), answers: [1, 2, 3, 0, 1, 2, 3])
        r.instrument.version = "0.9.0"
        let out = FHIRExporter(catalog: catalog).export(records: [r], now: Fixtures.referenceDate)
        #expect(out.responseCount == 0)
        #expect(out.skipped == ["C1/\(r.id): instrument gad-7 0.9.0 is not in the catalog"])
        #expect(out.bundle.entry.isEmpty)
    }

    @Test func correctionsAreAmendedAndClientIDsOutsideFHIRIDsUseAnIdentifier() throws {
        let catalog = try Fixtures.catalog()
        let gad = try catalog.instrument("gad-7")
        let r = try Self.record(
            gad, answers: [1, 2, 3, 0, 1, 2, 3], client: "C_1", id: "s0001-client-gad-7-r00002",
            supersedes: "s0001-client-gad-7-r00001")
        let out = FHIRExporter(catalog: catalog).export(records: [r], now: Fixtures.referenceDate)
        let qr = try #require(out.bundle.responses.first)
        #expect(qr.status == "amended")
        #expect(qr.subject?.reference == nil)
        #expect(qr.subject?.identifier?.value == "C_1")
        #expect(out.bundle.observations.allSatisfy { $0.status == "amended" })
    }
}
