import ArgumentParser
import Formats
import Foundation
import Instruments
import Numbers

struct InstrumentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "instruments", abstract: "List, show, validate, export and import instrument files.",
        subcommands: [List.self, Show.self, Validate.self, InstrumentsExport.self, InstrumentsImport.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the available instruments.")
        @OptionGroup var data: DataOptions
        func run() throws {
            try reporting {
                let catalog = try data.catalog()
                // Columns as wide as their widest entry, so every title starts in the same column.
                let rows = catalog.instruments.map { i -> [String] in
                    let flags = [i.adapted ? "adapted" : nil, i.rater == .therapist ? "therapist" : nil].compactMap {
                        $0
                    }
                    let tag = flags.isEmpty ? "" : "  [\(flags.joined(separator: ", "))]"
                    return [i.id, i.version, "\(i.items.count) items", i.title + tag]
                }
                func width(_ column: Int) -> Int { rows.map { $0[column].count }.max() ?? 0 }
                let idWidth = width(0)
                let versionWidth = width(1)
                let itemsWidth = width(2)
                for row in rows {
                    let id = row[0].padding(toLength: idWidth, withPad: " ", startingAt: 0)
                    let version = row[1].padding(toLength: versionWidth, withPad: " ", startingAt: 0)
                    let items = String(repeating: " ", count: itemsWidth - row[2].count) + row[2]
                    writeStdout("\(id)  \(version)  \(items)  \(row[3])\n")
                }
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show", abstract: "Show an instrument: items, scales, source and licence.")
        @Argument(help: "Instrument id.") var id: String
        @OptionGroup var data: DataOptions
        func run() throws {
            try reporting {
                let i = try data.catalog().instrument(id)
                var out = "\(i.title) (\(i.id) \(i.version))\n"
                out += "Rater: \(i.rater.rawValue)\(i.adapted ? " · adapted" : "")\n"
                out +=
                    "Citation: \(i.citation)\nLicence: \(i.licence)\nSource: \(i.source)\nVerification: \(i.verification)\n"
                if let note = i.adaptationNote { out += "Adaptation: \(note)\n" }
                out += "Instructions: \(i.instructions)\n"
                out += "Responses: " + i.responseScale.map { "\($0.value) \($0.label)" }.joined(separator: " · ") + "\n"
                out += "Items:\n"
                for item in i.items { out += "  \(item.number). \(item.text)\(item.reverse ? "  (R)" : "")\n" }
                out += "Scales:\n"
                for s in i.scales {
                    let factor = s.factor.map { " × \(NumberText.readable($0))" } ?? ""
                    out +=
                        "  \(s.id): \(s.method.rawValue)\(factor) of items \(s.items.map(String.init).joined(separator: ",")); up to \(s.maxMissing) missing\(s.method == .sum && s.prorate ? ", prorated" : "")\n"
                }
                if let bands = i.bands {
                    out +=
                        "Bands: "
                        + bands.map { "\(NumberText.readable($0.min))–\(NumberText.readable($0.max)) \($0.label)" }
                        .joined(separator: " · ")
                        + "\n"
                }
                if let c = i.cutoff { out += "Cutoff: \(NumberText.readable(c.value))\n" }
                if let t = i.reliableChange?.threshold { out += "Reliable change: \(NumberText.readable(t))\n" }
                for r in i.risk { out += "Risk item: \(r.item) above \(r.above)\n" }
                for t in i.translations ?? [] {
                    out += "Translation \(t.language): source: \(t.source)\n  Licence: \(t.licence)\n"
                    out += "  Verification: \(t.verification)\n"
                    if let note = i.presented(in: t.language).fallbackNote { out += "  Note: \(note)\n" }
                }
                writeStdout(out)
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate", abstract: "Validate an instrument file.")
        @Argument(help: "Path of the JSON file.") var file: String
        func run() throws {
            try reporting {
                let i = try InstrumentLoader.load(file: URL(fileURLWithPath: file))
                var out = "\(file): valid (\(i.id) \(i.version), \(i.items.count) items, \(i.scales.count) scales)"
                if let languages = i.translations?.map(\.language), !languages.isEmpty {
                    out += ", translations: " + languages.joined(separator: ", ")
                }
                out += "\n"
                // Parts without a verified translation are shown in English: say so to whoever installs it.
                for language in i.languages.dropFirst() {
                    if let note = i.presented(in: language).fallbackNote { out += "note: \(note)\n" }
                }
                writeStdout(out)
            }
        }
    }
}
