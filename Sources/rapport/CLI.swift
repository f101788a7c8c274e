import ArgumentParser

@main
struct Rapport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Measurement-based care of the therapeutic alliance.",
        subcommands: [ChartCommand.self]
    )
}
