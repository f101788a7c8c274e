import AppCore
import ArgumentParser
import Foundation
import Store

/// `rapport` without a subcommand: the home menu (start rating, kiosk, review, quit).
struct HomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "home", abstract: "The home menu (what 'rapport' alone opens on a terminal).")

    @OptionGroup var interactive: InteractiveOptions
    @OptionGroup var language: LanguageOptions
    @OptionGroup var signIn: SignInOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reporting {
            if !interactive.plain && !(isatty(0) == 1 && isatty(1) == 1) {
                throw CLIError(
                    "the home menu needs a terminal (or --plain); see 'rapport --help' for the commands",
                    code: Exit.usage)
            }
            // First run: the home menu sets up the data directory as `rapport init` does (the admin
            // account, sealed; the recovery key shown once), then opens signed in as the admin.
            let store = DataStore(root: data.path)
            let (effects, config, signed) =
                try store.isInitialized
                ? Interactive.effects(data, signIn: signIn) : Interactive.effects(data, signed: firstRun(store))
            try Interactive.requireWritable(effects.store)
            var settings = interactive.settings(config)
            settings.hasPassphrase = effects.passphrase != nil
            // The language clients see in a rating or the kiosk started from the menu.
            try language.apply(to: &settings)
            // The hint names this data directory: a plain `rapport init` would set up the default one.
            if let dir = data.dataDir { settings.initCommand = "rapport init --data-dir \(shellQuoted(dir))" }
            // The review reads: the signed-in store (its private keys), its visible caseload.
            var review = ReviewEffects(store: signed.store, catalog: effects.catalog, passphrase: effects.passphrase)
            review.visibility = signed.visibility
            review.prompts = try Assets.prompts()
            // One run: the kiosk and the review are entered from the menu and come back to it
            // (RootProgram). Locked keys throughout: the menu hands the terminal to clients, and the
            // review turns to the client (Ctrl-C, Ctrl-Z never reach a shell).
            let state = RootState(
                .home, settings: settings, reviewIdleSeconds: interactive.idle ?? config.idleSeconds ?? 300,
                now: effects.store.clock.now())
            _ = try Interactive.runRoot(
                state, effects: RootEffects(app: effects, review: review), plain: interactive.plain)
        }
    }
}

extension HomeCommand {
    /// Sets up a new data directory with the admin account (`--as`, default `admin`): its passphrase
    /// twice on a terminal (or two lines of `--passphrase-stdin`), the recovery key shown once (on a
    /// terminal, until Enter). Without a terminal or `--passphrase-stdin`, one line says what to run.
    func firstRun(_ store: DataStore) throws -> SignedInStore {
        let root = store.layout.root
        let onTerminal = isatty(0) == 1 && isatty(2) == 1
        guard signIn.passphraseStdin || onTerminal else {
            throw CLIError(
                "no data directory at \(root) yet: set it up with 'rapport init\(initArguments)' (creates the admin account), or try 'rapport demo'",
                code: Exit.noInput)
        }
        let id = try AccountID(signIn.account ?? "admin")
        writeStderr(
            "No data directory at \(root) yet: setting it up, sealed, with the admin account \(id) (it manages therapists and sees every client)."
        )
        let passphrase =
            signIn.passphraseStdin
            ? try signIn.passphrases.readNew("the admin account \(id)")
            : try InitCommand.newAdminPassphrase(id, fromStandardInput: false)
        let recovery = RecoveryKey()
        let cost = scryptCostForNewKeys()
        try SealedSetup.createDirectory(at: root) { staging in
            _ = try SealedSetup.createAdmin(
                in: staging, id: id, name: id.rawValue, passphrase: passphrase, recovery: recovery, cost: cost)
        }
        writeStdout("Created data directory \(root) (sealed) with the admin account \(id).\n")
        writeStdout(SealedSetup.recoveryText(recovery, file: nil))
        if !signIn.passphraseStdin {
            writeStderr("Press Enter once the recovery key is written down (it is not shown again).")
            _ = PassphraseSource.readUnbufferedLine()
            // The key is not left on the screen or in its scroll-back for the next person to see.
            if isatty(1) == 1 { writeStdout("\u{1B}[H\u{1B}[2J\u{1B}[3J") }
        }
        var signedStore = try data.store()
        let accounts = Accounts(store: signedStore, cost: cost)
        let signedIn = try accounts.signIn(id, passphrase: passphrase)
        signedStore.keyring = signedIn.keyring
        return SignedInStore(store: signedStore, signedIn: signedIn, accounts: Accounts(store: signedStore, cost: cost))
    }

    /// ` --data-dir DIR` when the menu was given one.
    var initArguments: String { data.dataDir.map { " --data-dir \(shellQuoted($0))" } ?? "" }
}

/// `text` as one shell word (single-quoted unless it is plain).
func shellQuoted(_ text: String) -> String {
    let plain =
        !text.isEmpty
        && text.unicodeScalars.allSatisfy {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || "/._-+:@%".unicodeScalars.contains($0)
        }
    return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
