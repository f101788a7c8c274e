import Analytics
import AppCore
import AppUI
import Foundation
import Instruments
import Numbers
import ScreenKit
import Store

/// A printable, self-contained HTML report of one client: no scripts, no external resources, charts
/// as inline SVG. The therapist view holds everything; the client view leaves out therapist-only
/// content (therapist ratings, alerts and prompts, rupture markers, the chart summaries, notes).
public struct ClientReport: Sendable {
    public enum View: String, Sendable, CaseIterable {
        case therapist, client
    }

    public var view: View
    public var summary: ClientSummary
    public var records: [AdministrationRecord]
    public var catalog: InstrumentCatalog
    public var options: AnalysisOptions
    public var generated: Date
    /// The records the summary's risk flags come from, by id (a corrected record's flag keeps
    /// its answer, which the current records no longer hold).
    var flagged: [String: AdministrationRecord]

    public init(
        view: View, summary: ClientSummary, records: [AdministrationRecord], catalog: InstrumentCatalog,
        options: AnalysisOptions = .standard, generated: Date
    ) {
        self.view = view
        self.summary = summary
        self.records = AdministrationRecord.current(records)
        let ids = Set(summary.risk.map(\.recordId))
        flagged = Dictionary(
            records.filter { ids.contains($0.id) }.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.catalog = catalog
        self.options = options
        self.generated = generated
    }

    /// The summary the view may show: the client view drops therapist-rated series and notes.
    var shownSummary: ClientSummary {
        guard view == .client else { return summary }
        var s = summary
        s.series = s.series.filter { !$0.key.contains("/\(Rater.therapist.rawValue)/") }
        s.notes = []
        return s
    }

    var shownRecords: [AdministrationRecord] {
        view == .client ? records.filter { $0.rater == .client } : records
    }

    /// The charts shown, with their one-line summaries (therapist view only).
    func charts() -> [(title: String, sentence: String?, svg: String)] {
        let dashboard = ClientDashboard.build(summary: shownSummary, catalog: catalog, options: options)
        var out: [(String, String?, String)] = []
        for kind in ReviewChartKind.allCases {
            if view == .client && kind == .gap { continue }
            let chart = dashboard.charts.chart(kind, colorMode: .none)
            switch chart.plot {
            case .line(var line):
                guard line.series.contains(where: { $0.values.contains { $0 != nil } }) else { continue }
                if view == .client {
                    line.markers = []
                    line.events = []
                }
                let title = line.title ?? kind.title
                out.append((title, view == .therapist ? chart.sentence : nil, SVGChart.line(line, title: title)))
            case .scatter(let plot):
                guard !plot.points.isEmpty else { continue }
                let title = plot.title ?? kind.title
                out.append((title, view == .therapist ? chart.sentence : nil, SVGChart.scatter(plot, title: title)))
            }
        }
        return out
    }

    /// The whole HTML document.
    public func html() -> String {
        let e = HTML.escape
        let sessions = summary.sessions.sorted { ($0.date, $0.session) < ($1.date, $1.session) }
        var h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        h +=
            "<title>rapport report: \(e(summary.clientId.rawValue))</title>\n<style>\n\(Self.css)</style>\n</head>\n<body>\n"
        h += "<header><h1>Client \(e(summary.clientId.rawValue))</h1>\n<p class=\"meta\">"
        h += view == .therapist ? "Therapist view" : "Client view"
        h += " · \(sessions.count) session\(sessions.count == 1 ? "" : "s")"
        if let first = sessions.first, let last = sessions.last {
            h += " · \(first.date.rawValue) to \(last.date.rawValue)"
        }
        h += " · printed \(ExportText.timestamp(generated).prefix(10))</p></header>\n"

        if view == .therapist {
            h += alertsSection()
        }
        let charts = charts()
        if !charts.isEmpty {
            h += "<h2>Charts</h2>\n"
            for c in charts {
                h += "<section class=\"chart\"><h3>\(e(c.title))</h3>\n"
                if let s = c.sentence { h += "<p class=\"sentence\">\(e(s))</p>\n" }
                h += c.svg + "\n</section>\n"
            }
        }
        h += sessionsSection(sessions)
        h += "<footer>Confidential clinical information. Made by rapport from the clinic's own records.</footer>\n"
        h += "</body>\n</html>\n"
        return h
    }

    func alertsSection() -> String {
        let e = HTML.escape
        let dashboard = ClientDashboard.build(summary: summary, catalog: catalog, options: options)
        var h = "<h2>Alerts</h2>\n"
        let alerts = dashboard.entry.alerts
        if alerts.isEmpty {
            h += "<p>No alerts.</p>\n"
        } else {
            h += "<ul class=\"alerts\">\n"
            for a in alerts { h += "<li><strong>\(e(a.kind.label))</strong> \(e(a.wording))</li>\n" }
            h += "</ul>\n"
        }
        if !summary.risk.isEmpty {
            h +=
                "<h3>Risk items answered</h3>\n<table><thead><tr><th>Session</th><th>Date</th><th>Questionnaire</th><th>Item</th><th>Answer</th></tr></thead><tbody>\n"
            let dates = Dictionary(
                summary.sessions.map { ($0.session, $0.date.rawValue) }, uniquingKeysWith: { a, _ in a })
            for flag in summary.risk {
                let instrument = try? catalog.instrument(flag.instrument)
                let record = flagged[flag.recordId]
                let item = instrument?.item(flag.item)
                let text = item.map { instrument!.text(of: $0) } ?? "item \(flag.item)"
                let answer = record.flatMap { r in flag.item - 1 < r.answers.count ? r.answers[flag.item - 1] : nil }
                let answerText =
                    (answer.map { a in "\(a) \(instrument?.label(for: a) ?? "")" } ?? "—")
                    + (flag.corrected ? " (corrected later)" : "")
                h +=
                    "<tr><td>\(flag.session)</td><td>\(e(dates[flag.session] ?? ""))</td><td>\(e(instrument?.shortTitle ?? flag.instrument))</td>"
                h += "<td>\(flag.item). \(e(text))</td><td>\(e(answerText))</td></tr>\n"
            }
            h += "</tbody></table>\n"
        }
        return h
    }

    func sessionsSection(_ sessions: [SessionInfo]) -> String {
        let e = HTML.escape
        var h =
            "<h2>Sessions</h2>\n<table class=\"sessions\"><thead><tr><th>Session</th><th>Date</th><th>Questionnaire</th><th>Rater</th><th>Score</th><th>Band</th><th></th></tr></thead><tbody>\n"
        let byDate = shownRecords.sorted {
            ($0.sessionDate, $0.session, $0.rater.rawValue, $0.instrument.id) < (
                $1.sessionDate, $1.session, $1.rater.rawValue, $1.instrument.id
            )
        }
        for s in sessions {
            let rows = byDate.filter { $0.session == s.session }
            let notes = view == .therapist ? summary.notes.filter { $0.session == s.session } : []
            if rows.isEmpty && notes.isEmpty { continue }
            for (n, r) in rows.enumerated() {
                let instrument = try? catalog.instrument(r.instrument.id)
                let name = instrument.map { $0.shortTitle ?? $0.title } ?? r.instrument.id
                let score = r.result.primaryScore.map { NumberText.compact(($0 * 100).rounded() / 100) } ?? "—"
                var flags: [String] = []
                if r.result.prorated { flags.append("prorated") }
                if !r.result.valid { flags.append("incomplete") }
                if view == .therapist && !r.result.risk.isEmpty { flags.append("risk item") }
                h +=
                    "<tr\(n == 0 ? " class=\"first\"" : "")><td>\(n == 0 ? String(s.session) : "")</td><td>\(n == 0 ? e(s.date.rawValue) : "")</td>"
                h +=
                    "<td>\(e(name))</td><td>\(e(r.rater.rawValue))</td><td>\(e(score))</td><td>\(e(r.result.band ?? ""))</td><td>\(e(flags.joined(separator: ", ")))</td></tr>\n"
            }
            for note in notes {
                h +=
                    "<tr class=\"note\"><td>\(rows.isEmpty ? String(s.session) : "")</td><td></td><td colspan=\"5\">Note: \(e(note.text))</td></tr>\n"
            }
        }
        h += "</tbody></table>\n"
        return h
    }

    static let css = """
        @page { margin: 14mm 12mm; }
        html { background: #fff; color: #000; }
        body { font-family: "DejaVu Serif", Georgia, serif; font-size: 10.5pt; line-height: 1.35; max-width: 182mm; margin: 0 auto; }
        h1 { font-size: 17pt; margin: 0 0 2pt; }
        h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1px solid #000; break-after: avoid; }
        h3 { font-size: 11pt; margin: 8pt 0 2pt; break-after: avoid; }
        .meta { margin: 0; color: #333; }
        .sentence { margin: 0 0 2pt; }
        section.chart { break-inside: avoid; page-break-inside: avoid; margin-bottom: 8pt; }
        svg.chart { width: 100%; height: auto; display: block; font-family: "DejaVu Sans", Arial, sans-serif; }
        .legend { margin: 0; font-size: 9pt; }
        .legend .key { white-space: nowrap; margin-right: 10pt; }
        .legend svg { vertical-align: middle; }
        .band-swatch { display: inline-block; width: 18pt; height: 8pt; background: #e4e4e4; border: 1px solid #999; vertical-align: middle; }
        table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        th, td { text-align: left; padding: 2pt 5pt 2pt 0; vertical-align: top; }
        th { border-bottom: 1px solid #000; }
        tr.first td { border-top: 0.5pt solid #999; }
        tr.note td { font-style: italic; }
        ul.alerts { padding-left: 14pt; margin: 2pt 0; }
        footer { margin-top: 14pt; font-size: 8.5pt; color: #333; border-top: 0.5pt solid #999; }

        """
}
