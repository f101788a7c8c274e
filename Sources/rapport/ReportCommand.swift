import ArgumentParser
import Formats
import Foundation
import Store

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Write a printable HTML report of one client.",
        discussion: """
            A self-contained HTML file (no scripts, no external resources; prints on A4 and Letter): the \
            client's charts as SVG, their one-line summaries, alerts and risk answers, and the session list. \
            --view client leaves out therapist-only content (therapist ratings, alerts, chart summaries, \
            rupture markers, notes).
            """)
    @Option(help: "The client id.") var client: String
    @Option(help: "therapist (default) or client.") var view: ClientReport.View = .therapist
    @Option(help: "Write to this file (0600) instead of stdout.") var output: String?
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let signed = try signIn.signIn(data)
            let store = signed.store
            let catalog = try data.catalog()
            let id = try clientID(client)
            try signed.view(id)
            let summary = try store.summary(id)
            let (records, problems) = try store.records(id)
            for p in problems { writeStderr("rapport: warning: skipped \(p)") }
            let report = ClientReport(
                view: view, summary: summary, records: records, catalog: catalog, generated: Date())
            let html = Data(report.html().utf8)
            try store.audit.append(
                .exportRun, role: .therapist, client: id, count: AdministrationRecord.current(records).count)
            try writeOutput(html, to: output)
        }
    }
}

extension ClientReport.View: ExpressibleByArgument {}
