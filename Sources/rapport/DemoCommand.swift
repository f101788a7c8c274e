import Analytics
import ArgumentParser
import Foundation
import Instruments
import Numbers
import Store

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Fill a separate demo data directory with synthetic clients.",
        discussion: """
            Writes to ${XDG_DATA_HOME:-~/.local/share}/rapport-demo unless --data-dir names another \
            directory (never $RAPPORT_DATA_DIR). A directory that holds real (non-demo) data is refused.

            The demo directory is set up like a clinic's: sealed, with demo accounts (an admin, two \
            therapists lee and kim, a supervisor sup of lee) whose passphrases it prints (synthetic \
            data only); the clients are spread over lee and kim. Sign in with --as ID, e.g. \
            'rapport review --data-dir DIR --as lee'.

            Running it again replaces the earlier demo directory (new keys, the same passphrases). \
            Deterministic for a seed (what the accounts read; the sealed bytes differ).

            --unsealed makes the older layout instead (plaintext, no accounts, the one therapist \
            passphrase "\(DemoCommand.passphrase)"); not recommended outside tests.
            """)

    /// The documented therapist passphrase of an unsealed demo directory (synthetic data only).
    static let passphrase = "rapport-demo"

    @Option(help: "Number of clients.") var clients: Int = 40
    @Option(help: "Sessions per client.") var sessions: Int = 12
    @Option(help: "Random seed.") var seed: UInt64 = 1
    @Flag(
        name: .customLong("accounts"),
        help: ArgumentHelp("Set up the demo accounts (now the default).", visibility: .hidden))
    var withAccounts = false
    @Flag(
        name: .customLong("unsealed"),
        help: "Not recommended: the older plaintext layout with one therapist passphrase, no accounts.")
    var unsealed = false
    /// The demo admin account and its passphrase (synthetic data only).
    static let demoAdmin = ("admin", "demo-admin-passphrase")
    /// The demo accounts: id, display name, role, supervised, passphrase (synthetic data only).
    static let demoAccounts: [(String, String, AccountRole, [String], String)] = [
        ("lee", "Dr Lee (demo)", .therapist, [], "demo-lee-passphrase"),
        ("kim", "Dr Kim (demo)", .therapist, [], "demo-kim-passphrase"),
        ("sup", "Dr Sup (demo)", .supervisor, ["lee"], "demo-sup-passphrase"),
    ]
    @Option(name: .customLong("data-dir"), help: "Directory to fill (default: the demo directory).") var dataDir:
        String?

    func run() throws {
        try reporting {
            guard (1...100_000).contains(clients) else {
                throw CLIError("--clients must be from 1 to 100000", code: Exit.usage)
            }
            guard (1...500).contains(sessions) else {
                throw CLIError("--sessions must be from 1 to 500", code: Exit.usage)
            }
            if unsealed && withAccounts {
                throw CLIError("--unsealed makes no accounts: --accounts does not go with it", code: Exit.usage)
            }
            let env = ProcessInfo.processInfo.environment
            let root: String
            if let dataDir {
                root = DataLayout.resolve(explicit: dataDir, environment: env)
            } else {
                var demoEnv = env
                demoEnv["RAPPORT_DATA_DIR"] = nil
                root = DataLayout.resolve(explicit: nil, environment: demoEnv) + "-demo"
            }
            let started = Date()
            // Demo records carry a fixed save time after their last session, so a seed gives identical files.
            let savedAt = Date(timeIntervalSince1970: 1_767_571_200 + Double(sessions * 7 + 60) * 86_400)
            var store = DataStore(root: root, clock: FixedClock(savedAt), durable: false)
            if store.isInitialized {
                let config = try store.loadConfig()
                if config.demo != true {
                    if try !store.clientIDs().ids.isEmpty || Accounts(store: store).exist {
                        throw CLIError(
                            "\(root) holds real (non-demo) data; choose an empty directory with --data-dir",
                            code: Exit.usage)
                    }
                } else {
                    // An earlier demo (synthetic data only): made again from nothing, with new keys.
                    do {
                        try FileManager.default.removeItem(atPath: root)
                    } catch {
                        throw CLIError("cannot remove the earlier demo directory \(root)", code: Exit.ioError)
                    }
                    store = DataStore(root: root, clock: FixedClock(savedAt), durable: false)
                }
            }
            var config = try store.initialize(demo: true)
            if config.demo != true {
                config.demo = true
                try store.saveConfig(config)
            }
            let passphraseLine: String
            if unsealed {
                // A documented passphrase, so a newcomer can open the review screens on the demo.
                if config.passphrase == nil {
                    config.passphrase = try Passphrase.hash(Self.passphrase)
                    try store.saveConfig(config)
                }
                passphraseLine =
                    "Therapist passphrase (review, kiosk): \(Self.passphrase) (change it with: rapport init --change-passphrase --data-dir \(root))\n"
            } else {
                // The accounts first: the directory is sealed before a client is written.
                passphraseLine = try demoAccounts(&store)
            }
            let catalog = try Assets.catalog(clinic: nil)
            let generator = DemoGenerator(
                catalog: catalog,
                options: .init(clients: clients, sessions: sessions, seed: seed, start: try SessionDate("2026-01-05")))
            let progress = ProgressLine("demo")
            let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 4))
            let total = clients
            let written = Result {
                let accounts = !unsealed
                return try generator.write(
                    into: store, workers: workers,
                    // With accounts, the clients are spread over the two demo therapists.
                    therapist: { index, generated in accounts ? (index % 2 == 0 ? "lee" : "kim") : generated }
                ) { progress.update($0, of: total) }
            }
            progress.finish()
            let records = try written.get()
            try DemoFeedback.seed(store, catalog: catalog, library: try Assets.prompts())
            // The caseload index is built here by the admin, who holds every caseload key: an
            // account that sees part of the caseload cannot rebuild it.
            if !unsealed { _ = try store.caseload() }
            store.fs.syncAll()
            let seconds = Date().timeIntervalSince(started)
            // Where accounts sign in, each command names the account (the supervisor sees lee's and its own).
            let signIn = unsealed ? "" : " --as lee"
            writeStdout(
                "Demo data: \(clients) clients, \(records) records in \(root) (\(NumberText.fixed(seconds, decimals: 1)) s)\n"
                    + passphraseLine
                    + "Try: rapport client list --data-dir \(root)\(signIn)\n"
                    + "     rapport review --data-dir \(root)\(signIn)\n")
        }
    }
}

extension DemoCommand {
    /// Creates the demo accounts in a new demo directory, seals it, signs the admin in (its keyring
    /// holds every caseload public key, for writing the clients) and returns the lines that print
    /// the passphrases.
    func demoAccounts(_ store: inout DataStore) throws -> String {
        // The demo's passphrases are printed: their keys take a lower scrypt cost (N = 2^14), so that
        // setting up and signing in to the demo is quick (sign-in reads the cost stored with a key).
        let cost =
            ProcessInfo.processInfo.environment["RAPPORT_TEST_SCRYPT_LOG2N"] != nil
            ? scryptCostForNewKeys() : ScryptCost(n: 1 << 14, r: 8, p: 1)
        let accounts = Accounts(store: store, cost: cost)
        let adminID = try AccountID(Self.demoAdmin.0)
        let (admin, recovery) = try accounts.createAdmin(
            id: adminID, name: "Demo Admin", passphrase: Self.demoAdmin.1)
        var out =
            "Demo accounts (synthetic data only; sign in with --as ID):\n  admin  admin       \(Self.demoAdmin.1)\n"
        for (id, name, role, supervises, passphrase) in Self.demoAccounts {
            try accounts.add(
                id: try AccountID(id), name: name, role: role, supervises: try supervises.map { try AccountID($0) },
                passphrase: passphrase, by: admin)
            out +=
                "  \(id)    \(role.rawValue)\(String(repeating: " ", count: max(1, 11 - role.rawValue.count)))\(passphrase)\n"
        }
        try SealedSetup.seal(store, admin: admin)
        store.keyring = try accounts.signIn(adminID, passphrase: Self.demoAdmin.1).keyring
        return out + "Demo recovery key: \(recovery.text)\n"
            + "(change a passphrase with: rapport therapist passphrase ID --data-dir \(store.layout.root))\n"
    }
}
