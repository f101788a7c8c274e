import Foundation
import Instruments
import TestSupport
import Testing

@Suite("Shipped instrument files")
struct ShippedInstrumentTests {
    @Test func allNineLoadAndValidate() throws {
        let ids = try Fixtures.catalog().instruments.map(\.id)
        #expect(
            ids == [
                "core-10", "ecr-rs", "ecr-rs-therapist", "ecr-s", "gad-7", "phq-9", "si-therapist", "wai-sr",
                "wai-sr-therapist",
            ])
    }

    @Test(arguments: [
        ("wai-sr", 12, 1, 5), ("wai-sr-therapist", 12, 1, 5), ("ecr-rs", 9, 1, 7), ("ecr-rs-therapist", 9, 1, 7),
        ("ecr-s", 12, 1, 7), ("si-therapist", 4, 1, 7), ("phq-9", 9, 0, 3), ("gad-7", 7, 0, 3), ("core-10", 10, 0, 4),
    ])
    func shape(id: String, items: Int, min: Int, max: Int) throws {
        let i = try Fixtures.instrument(id)
        #expect(i.items.count == items)
        #expect(i.minValue == min)
        #expect(i.maxValue == max)
        #expect(!i.licence.isEmpty && !i.citation.isEmpty && !i.verification.isEmpty)
    }

    @Test func adaptedFlags() throws {
        let adapted = try Fixtures.catalog().instruments.filter(\.adapted).map(\.id)
        #expect(adapted == ["ecr-rs-therapist", "si-therapist", "wai-sr-therapist"])
        #expect(try Fixtures.instrument("wai-sr-therapist").rater == .therapist)
    }

    @Test func waiSRCarriesTheSPRLicenceNote() throws {
        let wai = try Fixtures.instrument("wai-sr")
        #expect(wai.licence.contains("Society for Psychotherapy Research"))
        #expect(wai.licence.contains("commercial"))
    }

    @Test func reverseKeys() throws {
        func reversed(_ id: String) throws -> [Int] {
            try Fixtures.instrument(id).items.filter(\.reverse).map(\.number)
        }
        #expect(try reversed("ecr-rs") == [1, 2, 3, 4])
        #expect(try reversed("ecr-rs-therapist") == [1, 2, 3, 4])
        #expect(try reversed("ecr-s") == [1, 5, 8, 9])
        #expect(try reversed("core-10") == [2, 3])
        #expect(try reversed("wai-sr").isEmpty)
        #expect(try reversed("phq-9").isEmpty)
    }

    /// Item texts must be exactly those of the reference texts in Tests/InstrumentsTests/Reference (placeholders aside).
    @Test(arguments: [
        ("wai-sr", "wai-sr-client.txt"), ("ecr-rs", "ecr-rs.txt"), ("ecr-s", "ecr-s.txt"), ("phq-9", "phq-9.txt"),
        ("gad-7", "gad-7.txt"), ("core-10", "core-10.txt"),
    ])
    func textsMatchReference(id: String, file: String) throws {
        let url = Fixtures.referenceDirectory.appendingPathComponent(file)
        guard FileManager.default.fileExists(atPath: url.path) else {
            Issue.record("reference file missing: \(url.path)")
            return
        }
        var reference: [Int: String] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
            if parts.count >= 2, let n = Int(parts[0]) { reference[n] = String(parts[1]) }
        }
        let instrument = try Fixtures.instrument(id)
        #expect(reference.count == instrument.items.count)
        for item in instrument.items {
            // The WAI-SR reference reads "the therapist" where the form has a blank for the name.
            let restored =
                item.text.hasPrefix("{therapist}")
                ? "The therapist" + item.text.dropFirst("{therapist}".count)
                : item.text.replacingOccurrences(of: "{therapist}", with: "the therapist")
            #expect(restored == reference[item.number], "\(id) item \(item.number)")
        }
    }

    @Test func placeholders() throws {
        let wai = try Fixtures.instrument("wai-sr")
        let item4 = try #require(wai.item(4))
        let item3 = try #require(wai.item(3))
        #expect(
            wai.text(of: item4, names: .init(therapist: "Dr Lee"))
                == "Dr Lee and I collaborate on setting goals for my therapy.")
        #expect(wai.text(of: item4) == "My therapist and I collaborate on setting goals for my therapy.")
        #expect(wai.text(of: item3) == "I believe my therapist likes me.")
        #expect(wai.text(of: item3, names: .init(therapist: "  ")) == "I believe my therapist likes me.")
        let t = try Fixtures.instrument("wai-sr-therapist")
        let t12 = try #require(t.item(12))
        #expect(
            t.text(of: t12, names: .init(client: "Alex"))
                == "I believe the way we are working with Alex's problem is correct.")
        #expect(t.text(of: try #require(t.item(5))) == "My client and I respect each other.")
    }

    @Test func skippingFollowsMissingRules() throws {
        #expect(try Fixtures.instrument("wai-sr").allowsSkipping(item: 1))
        #expect(try !Fixtures.instrument("ecr-rs").allowsSkipping(item: 7))  // anxiety allows none missing
        #expect(try Fixtures.instrument("ecr-rs").allowsSkipping(item: 1))
    }

    @Test func reliableChangeAndCutoffs() throws {
        #expect(try Fixtures.instrument("phq-9").reliableChange?.threshold == 6)
        #expect(try Fixtures.instrument("gad-7").reliableChange?.threshold == 4)
        #expect(try Fixtures.instrument("core-10").reliableChange?.threshold == 6)
        #expect(try Fixtures.instrument("phq-9").cutoff?.value == 10)
        // Jacobson–Truax from s1 and r: 1.96 × 5 × √2 × √(1 − 0.84) = 1.96 × 5 × 1.41421 × 0.4 = 5.5437
        let rc = ReliableChange(sd: 5, reliability: 0.84)
        #expect(abs((rc.threshold ?? 0) - 5.543717) < 1e-5)
    }
}
