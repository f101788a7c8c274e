import ArgumentParser
import Formats
import Foundation
import Instruments
import Store

/// The interchange formats of instrument definitions.
enum InstrumentFormat: String, ArgumentChoice { case redcap }

struct InstrumentsExport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Write instruments as a REDCap data dictionary (the 18-column CSV).",
        discussion: """
            One form per instrument: a radio field per item, a calculated field per scale (reverse keys, \
            missing-item rule and proration included), the session date, and rapport's other fields in a \
            descriptive field's annotation, so that `instruments import` gives the same instrument back. \
            Item texts of the WAI family are left out unless --include-licensed-text.
            """)
    @Option(help: "redcap.") var format: InstrumentFormat
    @Argument(help: "Instrument ids (one or more).") var ids: [String]
    @Flag(
        name: .customLong("include-licensed-text"),
        help: "Include item texts whose licence restricts redistribution (only with the copyright holder's permission)."
    )
    var includeLicensedText = false
    @Option(help: "Write to this file instead of stdout.") var output: String?
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            if ids.isEmpty { throw CLIError("name at least one instrument id", code: Exit.usage) }
            if Set(ids).count != ids.count { throw CLIError("an instrument id is named twice", code: Exit.usage) }
            let catalog = try data.catalog()
            let instruments = try ids.map { try catalog.instrument($0) }
            let text: String
            do {
                text = try REDCapDictionary.export(instruments, includeRestrictedText: includeLicensedText)
            } catch let error as REDCapError {
                throw CLIError(error.description, code: Exit.dataError)
            }
            try writeOutput(Data(text.utf8), to: output)
        }
    }
}

struct InstrumentsImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Read a REDCap data dictionary into an instrument file.",
        discussion: """
            Writes the instrument as JSON (stdout or --output), valid for `instruments validate`. What the \
            dictionary holds that rapport cannot express (other field types, branching logic, calculations it \
            cannot read) and the defaults it had to state are listed on stderr as notes.
            """)
    @Option(help: "redcap.") var format: InstrumentFormat
    @Argument(help: "The data dictionary (CSV).") var file: String
    @Option(help: "The form to read when the dictionary holds several.") var form: String?
    @Option(help: "Write the instrument file here instead of stdout.") var output: String?

    func run() throws {
        try reporting {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CLIError("cannot read \(file): \((error as NSError).localizedDescription)", code: Exit.noInput)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw CLIError("\(file): not UTF-8 text", code: Exit.dataError)
            }
            let imported: REDCapDictionary.Imported
            do {
                imported = try REDCapDictionary.importInstrument(text, file: file, form: form)
            } catch let error as REDCapError {
                throw CLIError(error.description, code: Exit.dataError)
            }
            for note in imported.notes { writeStderr("rapport: note: \(note)") }
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            var json = try e.encode(imported.instrument)
            json.append(0x0A)
            try writeOutput(json, to: output)
        }
    }
}

/// Writes command output to a file (atomically, 0600) or stdout.
func writeOutput(_ data: Data, to output: String?) throws {
    if let output {
        let path = output.hasPrefix("/") ? output : FileManager.default.currentDirectoryPath + "/" + output
        try PosixFileSystem().writeAtomically(data, to: path, durable: true)
    } else {
        FileHandle.standardOutput.write(data)
    }
}
