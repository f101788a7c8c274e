import ArgumentParser
import Formats
import Foundation
import Instruments
import Store

struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record", abstract: "Enter a completed questionnaire (e.g. a paper form) and print its scores.",
        discussion: """
            Sessions are numbered by date: the form goes to the client's session dated --date (default \
            today), and a backdated form takes its place in date order (later sessions move up by one). \
            --session, when given, must be the number the date has in that order. A date after today or \
            before 2000-01-01 is refused. A second form of the same instrument and rater on a session \
            date is refused unless --replace is given; the new record then supersedes the old one, \
            which is kept.
            """)

    @Option(help: "Client id.") var client: String
    @Option(help: "Instrument id.") var instrument: String
    @Option(help: "Comma-separated answers (empty for missing).") var answers: String
    @Option(help: "Session number, checked against the date order (default: the date's session).") var session: Int?
    @Option(help: "client or therapist (default: the instrument's rater).") var rater: String?
    @Option(help: "Session date YYYY-MM-DD (default: today).") var date: String?
    @Flag(help: "Correct an existing form: the new record supersedes it (both are kept).") var replace = false
    @Flag(help: "Print the scores as JSON.") var json = false
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let cid = try clientID(client)
            let signed = try signIn.signIn(data)
            // Only a client the signed-in account may see (else: the unknown client's error).
            try signed.require(cid)
            let store = signed.store
            let catalog = try data.catalog()
            let inst = try catalog.instrument(instrument)
            let parsed = try inst.parseAnswers(answers)
            let who: Rater
            if let rater {
                guard let r = Rater(rawValue: rater) else {
                    throw CLIError("--rater must be client or therapist", code: Exit.usage)
                }
                who = r
            } else {
                who = inst.rater
            }
            if who != inst.rater {
                throw CLIError(
                    "\(inst.id) is filled in by the \(inst.rater.rawValue), not the \(who.rawValue)", code: Exit.usage)
            }
            let now = store.clock.now()
            let day = try date.map { try SessionDate($0) } ?? SessionDate(date: now)
            let record = try store.save(
                NewAdministration(
                    clientId: cid, session: session, sessionDate: day, rater: who, instrument: inst, answers: parsed,
                    administeredAt: now, source: .cli, replace: replace))
            if json {
                writeData(try ScoreDocument(record.result).jsonLine())
            } else {
                let summary = try store.summary(cid)
                let number = summary.timeline.number(of: record.sessionDate) ?? record.session
                writeStdout("Saved \(record.id) (client \(cid), session \(number), \(record.sessionDate))\n")
                writeStdout(ScoreText.render(record.result, instrument: inst))
                // A correction does not clear the risk answers of the form it corrects.
                let kept = summary.openRisk.filter {
                    $0.corrected && $0.session == number && $0.instrument == inst.id
                }
                if !kept.isEmpty {
                    let items = kept.map { String($0.item) }.joined(separator: ", ")
                    writeStdout(
                        "  RISK: item \(items) of the corrected form stays open until a therapist acknowledges it "
                            + "(rapport risk ack --client \(cid) --session \(number))\n")
                }
            }
        }
    }
}
