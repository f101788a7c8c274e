import ArgumentParser
import Formats
import Foundation
import Store

extension ObstacleAnswer: ExpressibleByArgument {}

/// `rapport obstacles`: the therapist-side obstacle check, recorded with a session.
struct ObstaclesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "obstacles",
        abstract: "Record the obstacle check of a session: relationship, motivation/goals, support, life events, risk.",
        discussion: """
            Each area: is it a problem now? yes, no or unsure, with an optional one-line note. Without any \
            area, lists the client's checks. The latest check feeds the therapist prompts (life events or \
            support -> support prompts; relationship or motivation -> goal and task prompts; risk -> safety).
            """)
    @Argument(help: "Client id.") var id: String
    @Option(help: "The session's date, YYYY-MM-DD (default: the latest session).") var date: String?
    @Option(help: "The working relationship: yes, no or unsure.") var relationship: ObstacleAnswer?
    @Option(help: "Motivation and goals.") var motivation: ObstacleAnswer?
    @Option(help: "Social support.") var support: ObstacleAnswer?
    @Option(help: "Recent life events.") var lifeEvents: ObstacleAnswer?
    @Option(help: "Risk.") var risk: ObstacleAnswer?
    @Option(help: "Note on the relationship.") var relationshipNote: String?
    @Option(help: "Note on motivation and goals.") var motivationNote: String?
    @Option(help: "Note on social support.") var supportNote: String?
    @Option(help: "Note on life events.") var lifeEventsNote: String?
    @Option(help: "Note on risk.") var riskNote: String?
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let cid = try clientID(id)
            let signed = try signIn.signIn(data)
            let store = signed.store
            var answers: [ObstacleArea: ObstacleAnswer] = [:]
            answers[.relationship] = relationship
            answers[.motivation] = motivation
            answers[.support] = support
            answers[.lifeEvents] = lifeEvents
            answers[.risk] = risk
            var notes: [ObstacleArea: String] = [:]
            notes[.relationship] = relationshipNote
            notes[.motivation] = motivationNote
            notes[.support] = supportNote
            notes[.lifeEvents] = lifeEventsNote
            notes[.risk] = riskNote
            if answers.isEmpty {
                guard notes.isEmpty else { throw CLIError("a note needs the answer for its area", code: Exit.usage) }
                try signed.view(cid)
                let checks = try store.obstacleChecks(cid)
                if checks.isEmpty { writeStdout("No obstacle checks for \(cid).\n") }
                for c in checks { writeStdout(ObstacleText.line(c) + "\n") }
                return
            }
            try signed.require(cid)
            let day: SessionDate
            if let date {
                day = try SessionDate(date)
            } else {
                guard let last = try store.summary(cid).sessions.last?.date else {
                    throw CLIError("client \(cid) has no session yet", code: Exit.usage)
                }
                day = last
            }
            let check = try store.recordObstacles(
                cid, date: day, answers: answers, notes: notes, role: signed.auditRole)
            writeStdout("Recorded the obstacle check of \(cid) on \(check.date): \(ObstacleText.answers(check))\n")
        }
    }
}
