import Foundation
import Store
import TestSupport
import Testing

@testable import rapport

/// `rapport init`: the passphrase is checked at once and asked again, changed only with the current
/// one, and the demo says how to open review.
@Suite("init and the passphrase", .serialized)
struct InitCLITests {
    /// A scripted terminal: answers in order, prompts and warnings recorded.
    final class Script {
        var answers: [String]
        var prompts: [String] = []
        var warnings: [String] = []
        init(_ answers: [String]) { self.answers = answers }
        func entry() -> PassphraseEntry {
            PassphraseEntry(
                read: { [self] prompt in
                    prompts.append(prompt)
                    return answers.isEmpty ? nil : answers.removeFirst()
                }, warn: { [self] in warnings.append($0) })
        }
    }

    @Test func aShortPassphraseIsRefusedAtOnceAndAskedAgain() throws {
        let script = Script(["short", "long enough", "long enough"])
        var entry = script.entry()
        let hash = try entry.askNew()
        #expect(Passphrase.verify("long enough", against: hash))
        // Refused after the first entry, before "Type it again".
        #expect(script.prompts.count == 3)
        #expect(!script.prompts[1].hasPrefix("Type it again"))
        #expect(script.prompts[2].hasPrefix("Type it again"))
        #expect(script.warnings == ["the passphrase must have at least 8 characters; try again"])
    }

    @Test func aMismatchStartsOverAndThreeFailuresGiveUp() throws {
        let script = Script(["long enough", "long enougj", "long enough", "long enough"])
        var entry = script.entry()
        #expect(Passphrase.verify("long enough", against: try entry.askNew()))
        #expect(script.warnings == ["the two passphrases differ; try again"])
        var never = Script(["a", "b", "c"]).entry()
        #expect(throws: CLIError.self) { try never.askNew() }
    }

    @Test func changingAsksForTheCurrentOneFirst() throws {
        let stored = try Passphrase.hash("old passphrase", rounds: 1000)
        let script = Script(["wrong one", "old passphrase", "new passphrase", "new passphrase"])
        var entry = script.entry()
        try entry.confirmCurrent(stored)
        #expect(Passphrase.verify("new passphrase", against: try entry.askNew()))
        #expect(script.prompts[0] == "Current therapist passphrase: ")
        #expect(script.warnings == ["that is not the current passphrase; try again"])
        var wrong = Script(["x", "y", "z"]).entry()
        do {
            try wrong.confirmCurrent(stored)
            Issue.record("a wrong current passphrase must throw")
        } catch let error as CLIError {
            #expect(error.code == 77)
        }
    }

    @Test func passphraseStdinDoesNotReplaceWithoutTheCurrentOne() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = ["--data-dir", dir.appending("data")]
        #expect(
            try runRapport(["init", "--unsealed", "--passphrase-stdin"] + d, stdin: "first passphrase\n").status == 0)
        let config = { try String(contentsOfFile: dir.appending("data/rapport.json"), encoding: .utf8) }
        let before = try config()

        let replace = try runRapport(["init", "--passphrase-stdin"] + d, stdin: "second passphrase\n")
        #expect(replace.status == 77)
        #expect(replace.stderr.hasPrefix("rapport: --passphrase-stdin: a passphrase is already set"))
        #expect(replace.stderr.split(separator: "\n").count == 1)
        #expect(try config() == before, "nothing changed")

        let change = try runRapport(
            ["init", "--passphrase-stdin"] + d, stdin: "first passphrase\nsecond passphrase\n")
        #expect(change.status == 0, "\(change.stderr)")
        #expect(change.stdout.contains("Therapist passphrase changed."))
        #expect(try config() != before)
        // The new one is now the current one.
        let again = try runRapport(["init", "--passphrase-stdin"] + d, stdin: "second passphrase\nthird passphrase\n")
        #expect(again.status == 0)

        let noTerminal = try runRapport(["init", "--change-passphrase"] + d)
        #expect(noTerminal.status == 64)
        #expect(noTerminal.stderr.contains("--change-passphrase needs a terminal"))
    }

    @Test func theUnsealedDemoHasADocumentedPassphrase() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let d = ["--data-dir", dir.appending("demo")]
        let demo = try runRapport(["demo", "--unsealed", "--clients", "2", "--sessions", "3"] + d)
        #expect(demo.status == 0)
        #expect(demo.stdout.contains("Therapist passphrase (review, kiosk): rapport-demo"))
        #expect(demo.stdout.contains("rapport review --data-dir"))
        let config = try String(contentsOfFile: dir.appending("demo/rapport.json"), encoding: .utf8)
        #expect(config.contains("pbkdf2-sha256"))
        #expect(!config.contains("rapport-demo"))
        // It is the current passphrase: it can be changed with it.
        let change = try runRapport(["init", "--passphrase-stdin"] + d, stdin: "rapport-demo\nmy own passphrase\n")
        #expect(change.status == 0, "\(change.stderr)")
    }
}
