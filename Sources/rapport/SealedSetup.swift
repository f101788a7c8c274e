import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// A new data directory with accounts, sealed from the start (schemaVersion 3): what `rapport init`,
/// the home menu's first run and `rapport demo` make (docs/accounts.md, "Setting up").
enum SealedSetup {
    /// Creates the admin account, the clinic key and the recovery key in `store` (initialised, with
    /// no clients and no accounts yet), then makes the directory sealed: `Migration` over a directory
    /// without clients writes `rapport.json` at schemaVersion 3 and the first keyed audit line.
    /// Returns the admin signed in (with the keyring of a fresh sign-in) and the recovery key.
    @discardableResult
    static func createAdmin(
        in store: DataStore, id: AccountID, name: String, passphrase: String, recovery: RecoveryKey,
        cost: ScryptCost
    ) throws -> SignedIn {
        let accounts = Accounts(store: store, cost: cost)
        let (admin, _) = try accounts.createAdmin(id: id, name: name, passphrase: passphrase, recovery: recovery)
        try seal(store, admin: admin)
        return admin
    }

    /// Turns an initialised directory without clients into a sealed one (see `createAdmin`).
    static func seal(_ store: DataStore, admin: SignedIn) throws {
        var sealing = store
        sealing.keyring = admin.keyring
        if try !store.clientIDs().ids.isEmpty {
            throw CLIError(
                "\(store.layout.root) has clients in the older format; seal it with 'rapport migrate'", code: Exit.usage
            )
        }
        let id = admin.account.id
        try Migration(store: sealing) { _ in id }.run()
    }

    /// Builds a new sealed directory at `root` (which must not be set up yet) in a hidden sibling
    /// directory and renames it into place, so that an interrupted set-up leaves either no data
    /// directory or a complete one (never accounts without the sealed format, or half a key set).
    /// `build` creates the accounts in the staging store; the recovery key must be saved before.
    static func createDirectory(
        at root: String, durable: Bool = true, build: (DataStore) throws -> Void
    ) throws {
        let fm = FileManager.default
        let parent = (root as NSString).deletingLastPathComponent
        let name = (root as NSString).lastPathComponent
        try PosixFileSystem().makeDirectory(parent.isEmpty ? "." : parent)
        let staging = (parent.isEmpty ? "." : parent) + "/.\(name).setup-\(getpid())"
        if fm.fileExists(atPath: staging) { try fm.removeItem(atPath: staging) }
        do {
            let store = DataStore(root: staging, durable: durable)
            try store.initialize()
            try build(store)
        } catch {
            try? fm.removeItem(atPath: staging)
            throw error
        }
        // rename(2) replaces an empty directory (a `mkdir`ed or `mktemp -d` one) in one step.
        if Glibc.rename(staging, root) != 0 {
            let reason = String(cString: strerror(errno))
            try? fm.removeItem(atPath: staging)
            throw CLIError(
                "cannot create the data directory \(root): \(reason) (an existing directory must be empty)",
                code: Exit.ioError)
        }
        if durable {
            let fd = open(parent.isEmpty ? "." : parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd >= 0 {
                fsync(fd)
                close(fd)
            }
        }
    }

    /// Writes the recovery key to a new file (0600, never over an existing one), durably.
    static func writeRecoveryKey(_ recovery: RecoveryKey, to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd < 0 {
            throw CLIError("cannot create \(path): \(String(cString: strerror(errno)))", code: Exit.ioError)
        }
        let bytes = Array((recovery.text + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        let synced = fsync(fd) == 0
        close(fd)
        if written != bytes.count || !synced {
            unlink(path)
            throw CLIError("cannot write \(path)", code: Exit.ioError)
        }
    }

    /// The lines that show the recovery key once (or say where it was written).
    static func recoveryText(_ recovery: RecoveryKey, file: String?) -> String {
        if let file {
            return "Recovery key written to \(file) (0600). Keep it offline; it is not stored here.\n"
        }
        return
            "Recovery key (shown once; write it down and keep it offline, it re-issues a lost passphrase):\n  \(recovery.text)\n"
    }
}
