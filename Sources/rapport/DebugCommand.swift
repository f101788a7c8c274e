import ArgumentParser
import CursesTerminal
import Foundation
import Instruments
import ScreenKit
import Store
import TerminalPlatform

/// Internal commands for the reliability scripts (crash test); hidden from help.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug", abstract: "Internal commands for rapport's own test scripts.", shouldDisplay: false,
        subcommands: [SaveDraft.self, Crash.self])

    /// Saves a draft exactly as the questionnaire screens do after each answer, so that the crash
    /// test can kill draft saves too.
    struct SaveDraft: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "save-draft", abstract: "Save the draft of one instrument's answers so far.")
        @Option(help: "Client id.") var client: String
        @Option(help: "Session number.") var session: Int
        @Option(help: "Instrument id.") var instrument: String
        @Option(help: "Comma-separated answers so far (empty for not answered).") var answers: String
        @Option(help: "Session date YYYY-MM-DD.") var date: String = "2026-01-05"
        @OptionGroup var data: DataOptions

        func run() throws {
            try reporting {
                let cid = try clientID(client)
                guard (1...9999).contains(session) else {
                    throw CLIError("--session must be from 1 to 9999", code: Exit.usage)
                }
                let store = try data.store()
                let inst = try data.catalog().instrument(instrument)
                let parsed = try inst.parseAnswers(answers)
                let draft = Draft(
                    clientId: cid, session: session, sessionDate: try SessionDate(date), rater: inst.rater,
                    battery: [inst.id], answers: [inst.id: parsed], updatedAt: store.clock.now())
                try store.saveDraft(draft)
                writeStdout("Saved draft (client \(cid), session \(session))\n")
            }
        }
    }

    /// Crashes on purpose with answers in memory, to test that crash output shows none of them.
    struct Crash: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "crash", abstract: "Crash on purpose (tests the crash output).")
        enum Kind: String, ArgumentChoice { case trap, segv }
        @Option(help: "Answers to hold in memory while crashing.") var answers: String
        @Option(help: "trap (a failed precondition) or segv.") var kind: Kind = .trap
        @Flag(help: "Crash while the full-screen terminal is active (tests that the terminal is put back).")
        var fullScreen = false
        @Flag(help: "Crash with the plain kiosk's keys locked and echo off, as at its passphrase prompt.")
        var plainKiosk = false

        func run() throws {
            let held = answers.split(separator: ",").map { Int($0) ?? -1 }
            // Kept alive to the crash: its deinit would end curses first.
            var terminal: CursesTerminal?
            if fullScreen {
                terminal = try Interactive.openTerminal(kiosk: false)
                var screen = Screen(width: 40, height: 3)
                screen.put("about to crash", x: 0, y: 0, style: .plain)
                terminal?.present(screen)
            }
            if plainKiosk {
                PlainKioskKeys.lock()
                PassphrasePrompt.setEcho(false)
                writeStdout("about to crash\n")
            }
            withExtendedLifetime((held, terminal)) {
                switch kind {
                case .trap: preconditionFailure("deliberate crash")
                case .segv: _ = raise(SIGSEGV)
                }
            }
        }
    }
}
