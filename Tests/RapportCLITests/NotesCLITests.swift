import Foundation
import Store
import TestSupport
import Testing

/// `rapport client notes ID`: every note in full.
@Suite("client notes")
struct NotesCLITests {
    @Test func notesAreListedInFull() throws {
        let demo = try DemoCaseload.make(clients: 2, sessions: 4)
        defer { demo.remove() }
        let id = try ClientID("D0001")
        let long = String(repeating: "We talked about the missed week and the plan for the holidays. ", count: 6)
            .trimmingCharacters(in: .whitespaces)
        try demo.store.addNote(id, session: 3, text: long)
        try demo.store.addNote(id, session: 1, text: "First session.")
        let r = try runRapport(["client", "notes", "D0001"] + demo.dataArguments)
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("Session 1 (") && lines[0].hasSuffix("): First session."))
        #expect(lines[1].hasSuffix("): " + long), "the whole note, never cut")
        let none = try runRapport(["client", "notes", "D0002"] + demo.dataArguments)
        #expect(none.stdout == "No notes for D0002.\n")
        let unknown = try runRapport(["client", "notes", "NOPE"] + demo.dataArguments)
        #expect(unknown.status == 66)
        #expect(unknown.stderr.split(separator: "\n").count == 1)
    }
}
