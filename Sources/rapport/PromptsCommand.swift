import ArgumentParser
import Foundation
import Instruments

/// `rapport prompts`: the therapist prompt library (assets/prompts/*.json).
struct PromptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts", abstract: "List and validate the therapist prompt library.",
        discussion: """
            Prompts are short options for the therapist (at most two sentences, with a citation and an \
            evidence marker), shown only on therapist screens when their trigger fires. Format and \
            triggers: docs/analytics.md, "Prompts".
            """,
        subcommands: [List.self, Validate.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the shipped prompts: id, trigger, evidence, text.")
        func run() throws {
            try reporting {
                let library = try Assets.prompts()
                var out = "Prompt library: \(library.versions.joined(separator: ", "))\n"
                for p in library.prompts {
                    out +=
                        "\(p.id)  [\(p.trigger.rawValue); \(p.evidence.rawValue)]\n  \(p.text)\n  Source: \(p.citation)\n"
                }
                writeStdout(out)
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate", abstract: "Validate prompt files (default: the shipped library).")
        @Argument(help: "Paths of JSON prompt files.") var files: [String] = []
        func run() throws {
            try reporting {
                if files.isEmpty {
                    let library = try Assets.prompts()
                    writeStdout(
                        "shipped prompts: valid (\(library.prompts.count) prompts; \(library.versions.joined(separator: ", ")))\n"
                    )
                }
                for file in files {
                    let f = try PromptLoader.load(file: URL(fileURLWithPath: file))
                    writeStdout("\(file): valid (version \(f.version), \(f.prompts.count) prompts)\n")
                }
            }
        }
    }
}
