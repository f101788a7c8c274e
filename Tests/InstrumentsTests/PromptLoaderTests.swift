import Foundation
import TestSupport
import Testing

@testable import Instruments

@Suite("Prompt files")
struct PromptLoaderTests {
    func file(_ prompts: String, version: String = "1.0.0", format: Int = 1) -> Data {
        Data(#"{"formatVersion": \#(format), "version": "\#(version)", "prompts": [\#(prompts)]}"#.utf8)
    }

    func prompt(
        id: String = "p1", trigger: String = "rupture", text: String = "Consider asking. Then listen.",
        citation: String = "Someone 2020", evidence: String = "RCT"
    ) -> String {
        #"{"id": "\#(id)", "trigger": "\#(trigger)", "text": "\#(text)", "citation": "\#(citation)", "evidence": "\#(evidence)"}"#
    }

    func error(_ data: Data) -> InstrumentError? {
        do {
            _ = try PromptLoader.load(data: data, file: "x.json")
            return nil
        } catch {
            return error
        }
    }

    @Test func shippedLibraryIsValidAndCoversEveryTrigger() throws {
        let library = try PromptLoader.loadDirectory(Fixtures.repositoryRoot.appendingPathComponent("assets/prompts"))
        #expect(library.prompts.count >= PromptTrigger.allCases.count)
        #expect(Set(library.prompts.map(\.trigger)) == Set(PromptTrigger.allCases))
        for p in library.prompts {
            #expect(PromptLoader.sentenceCount(p.text) <= 2, "\(p.id)")
            #expect(!p.citation.isEmpty)
        }
        #expect(library.versions.first?.hasSuffix("1.0.0") == true)
    }

    @Test func sentenceCounting() {
        #expect(PromptLoader.sentenceCount("One.") == 1)
        #expect(PromptLoader.sentenceCount("One. Two.") == 2)
        #expect(PromptLoader.sentenceCount("One. Two. Three.") == 3)
        #expect(PromptLoader.sentenceCount("Is it? Yes! No.") == 3)
        #expect(PromptLoader.sentenceCount("As Eubanks et al. found, r = .29 here.") == 1)
        #expect(PromptLoader.sentenceCount("Ask, e.g. about work. Then wait") == 2)
        #expect(PromptLoader.sentenceCount("g ≈ 0.36 for clients.") == 1)
    }

    @Test func validFileLoads() throws {
        let f = try PromptLoader.load(data: file(prompt()), file: "x.json")
        #expect(f.prompts.first?.trigger == .rupture && f.prompts.first?.evidence == .rct && f.version == "1.0.0")
    }

    @Test func errorsNameFileAndField() {
        #expect(
            error(file(prompt(text: "One. Two. Three.")))
                == .invalid(file: "x.json", field: "prompts[0].text", reason: "3 sentences; a prompt has at most two"))
        if case let .invalid(file, field, reason)? = error(file(prompt(trigger: "whenever"))) {
            #expect(file == "x.json" && field == "prompts[0].trigger" && reason.hasPrefix("unknown trigger"))
        } else {
            Issue.record("an unknown trigger must be refused")
        }
        if case let .invalid(_, field, reason)? = error(file(prompt(evidence: "hunch"))) {
            #expect(field == "prompts[0].evidence" && reason.hasPrefix("unknown evidence marker"))
        } else {
            Issue.record("an unknown evidence marker must be refused")
        }
        #expect(
            error(file(prompt(citation: " ")))
                == .invalid(file: "x.json", field: "prompts[0].citation", reason: "empty"))
        #expect(error(file(prompt() + "," + prompt()))?.description.contains("used twice") == true)
        #expect(error(file(prompt(id: "Bad Id")))?.description.contains("prompts[0].id") == true)
        #expect(error(file(prompt(), format: 2)) == .newerFormat(file: "x.json", version: 2, supported: 1))
        #expect(error(file("")) == .invalid(file: "x.json", field: "prompts", reason: "no prompts"))
        #expect(error(Data("{".utf8))?.description.hasPrefix("x.json: not valid JSON") == true)
        if case .invalid(_, let field, _)? = error(
            Data(#"{"formatVersion": 1, "version": "1", "prompts": [{"id": "a"}]}"#.utf8))
        {
            #expect(field == "prompts[0].trigger" || field == "prompts[0].text" || field.hasPrefix("prompts[0]."))
        } else {
            Issue.record("a missing field must be named")
        }
    }

    @Test func duplicateIDsAcrossFilesAreRefused() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("prompts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try file(prompt()).write(to: dir.appendingPathComponent("a.json"))
        try file(prompt()).write(to: dir.appendingPathComponent("b.json"))
        #expect(throws: InstrumentError.self) { try PromptLoader.loadDirectory(dir) }
        #expect(try PromptLoader.loadDirectory(dir.appendingPathComponent("none")).prompts.isEmpty)
    }
}
