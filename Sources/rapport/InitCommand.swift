import ArgumentParser
import Foundation
import Store

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create a data directory (0700) with its clinic settings.")

    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            let store = DataStore(root: data.path)
            let existed = store.isInitialized
            try store.initialize()
            writeStdout(existed ? "Data directory \(store.layout.root) is already set up.\n" : "Created data directory \(store.layout.root)\n")
        }
    }
}
