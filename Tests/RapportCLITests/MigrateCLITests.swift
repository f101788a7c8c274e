import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("rapport migrate (killed at random points)")
struct MigrateCLITests {
    /// A plaintext directory with three clients of three records and a note each.
    func makeDirectory(_ root: String) throws {
        let clock = FixedClock(Fixtures.referenceDate)
        let store = DataStore(root: root, clock: clock, durable: false)
        try store.initialize()
        let wai = try Fixtures.instrument("wai-sr")
        for client in ["K1", "K2", "K3"] {
            let id = try ClientID(client)
            try store.addClient(id, therapist: "Dr Lee")
            for date in ["2026-11-03", "2026-11-10", "2026-11-17"] {
                try store.save(
                    NewAdministration(
                        clientId: id, session: nil, sessionDate: try SessionDate(date), rater: .client, instrument: wai,
                        answers: [4, 5, 3, 2, 5, 4, 3, 4, 5, 2, 3, 4], administeredAt: clock.now(), source: .cli))
            }
            try store.addNote(id, session: 1, text: "note \(client)")
        }
    }

    func contents(_ store: DataStore) throws -> [String] {
        try store.clientIDs().ids.map { id in
            let records = try store.records(id)
            #expect(records.problems.isEmpty, "\(records.problems)")
            return
                "\(id) \(records.records.map(\.id)) \(records.records.map(\.answers)) \(try store.notes(id).map(\.text))"
        }
    }

    static let passphrase = "migrate-passphrase"

    /// The keyring the recovery key in `keyFile` opens.
    func recoveryKeyring(_ store: DataStore, _ keyFile: String) throws -> StaticKeyring {
        let text = try String(contentsOfFile: keyFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return try Accounts(store: store).recoveryKeyring(try RecoveryKey(text: text))
    }

    /// Starts `rapport migrate` and SIGKILLs it at a checkpoint or after a delay; returns its status.
    func runKilled(_ root: String, keyFile: String, killAt: String?, delayMs: Int?) throws -> Int32 {
        let process = Process()
        process.executableURL = Fixtures.rapportBinary
        process.arguments = [
            "migrate", "--data-dir", root, "--admin", "admin", "--recovery-key-file", keyFile, "--passphrase-stdin",
        ]
        var env = ProcessInfo.processInfo.environment
        env["RAPPORT_ASSETS"] = Fixtures.repositoryRoot.appendingPathComponent("assets").path
        env["SWIFT_BACKTRACE"] = "enable=no"
        env["RAPPORT_MIGRATE_KILL_AT"] = killAt
        // A small scrypt cost for the admin's key, so that kills land in the migration itself.
        env["RAPPORT_TEST_SCRYPT_LOG2N"] = "4"
        process.environment = env
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // A resumed run reads no passphrase and may be gone already: no SIGPIPE, no trap.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data((Self.passphrase + "\n" + Self.passphrase + "\n").utf8))
        try? input.fileHandleForWriting.close()
        if let delayMs {
            usleep(UInt32(delayMs * 1000))
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func randomKillsLoseNothing() throws {
        let seed =
            UInt64(ProcessInfo.processInfo.environment["RAPPORT_TEST_SEED"] ?? "") ?? UInt64.random(in: 1...1_000_000)
        var rng = SeededGenerator(seed: seed)
        let points = ["copied K1", "copied K2", "copied K3", "flipped", "moved K1", "moved K2", "moved K3"]
        for round in 0..<8 {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let root = dir.appending("data")
            let keyFile = dir.appending("recovery.key")
            try makeDirectory(root)
            let before = try contents(DataStore(root: root))
            // Two kills per round: at an injected point or after a random delay, then a clean run.
            for _ in 0..<2 {
                let injected = Bool.random(using: &rng)
                let point = points.randomElement(using: &rng)
                let delay = Int.random(in: 0...250, using: &rng)
                _ = try runKilled(
                    root, keyFile: keyFile, killAt: injected ? point : nil, delayMs: injected ? nil : delay)
                var reader = DataStore(root: root)
                if FileManager.default.fileExists(atPath: keyFile), Accounts(store: reader).exist {
                    reader.keyring = try recoveryKeyring(reader, keyFile)
                }
                #expect(
                    try contents(reader) == before,
                    "seed \(seed) round \(round): \(injected ? "killed at \(point ?? "")" : "killed after \(delay) ms")"
                )
            }
            #expect(try runKilled(root, keyFile: keyFile, killAt: nil, delayMs: nil) == 0, "seed \(seed)")
            var reader = DataStore(root: root)
            reader.keyring = try recoveryKeyring(reader, keyFile)
            // The admin account signs in with the passphrase given to migrate and sees every client.
            let signedIn = try Accounts(store: reader).signIn(try AccountID("admin"), passphrase: Self.passphrase)
            #expect(signedIn.keyring.caseloadPrivateKey(of: try AccountID("admin")) != nil, "seed \(seed)")
            #expect(reader.isSealed(), "seed \(seed)")
            #expect(try contents(reader) == before, "seed \(seed) round \(round): after the final migrate")
            let check = try runRapport(["check", "--data-dir", root])
            #expect(check.status == 0, "seed \(seed): \(check.stdout)")
        }
    }

    @Test func checkReportsAFlippedByteWithExit65() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let root = dir.appending("data")
        try makeDirectory(root)
        #expect(try runKilled(root, keyFile: dir.appending("k"), killAt: nil, delayMs: nil) == 0)
        let path = root + "/clients/K1/records/s0001-client-wai-sr-r00001.json"
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        let range = try #require(data.range(of: Data("\"enc\":\"".utf8)))
        // Another valid base64 digit: the envelope stays well-formed, only the key would notice.
        let at = range.upperBound + 5
        data[at] = data[at] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        try data.write(to: URL(fileURLWithPath: path))
        // Without a key only the envelope is checked; the recovery key opens (authenticates) it.
        let unkeyed = try runRapport(["check", "--data-dir", root])
        #expect(unkeyed.status == 0)
        #expect(unkeyed.stdout.contains("checked by their envelope only"))
        let check = try runRapport(["check", "--data-dir", root, "--recovery-key-file", dir.appending("k")])
        #expect(check.status == 65)
        #expect(
            check.stdout.contains("error: \(path)") && check.stdout.contains("failed authentication"), "\(check.stdout)"
        )
        // A damaged header is found even without the key.
        try Data("{\"schemaVersion\":3,\"sealedTo\":\"admin\"}\n".utf8).write(to: URL(fileURLWithPath: path))
        let header = try runRapport(["check", "--data-dir", root])
        #expect(header.status == 65)
        #expect(header.stdout.contains(path), "\(header.stdout)")
    }
}
