import Crypto
import Foundation
import Store
import TestSupport

/// A demo caseload sealed (`migrate` as a library) into two caseloads: the clients alternate
/// between therapists t1 (even positions) and t2. The set-up of the caseload visibility and rows
/// cache tests.
struct TwoCaseloads {
    /// The demo caseload (remove with ``remove()``).
    let demo: DemoCaseload
    let t1: AccountID
    let t2: AccountID
    let k1: Curve25519.KeyAgreement.PrivateKey
    let k2: Curve25519.KeyAgreement.PrivateKey
    /// Both caseload keys (an admin's).
    let full: StaticKeyring
    /// The demo's store with `full`.
    let admin: DataStore
    /// Every client id, sorted.
    let ids: [ClientID]
    /// The clients of t1's caseload.
    let inT1: Set<ClientID>

    init(clients: Int, sessions: Int, seed: UInt64) throws {
        let demo = try DemoCaseload.make(clients: clients, sessions: sessions, seed: seed)
        self.demo = demo
        t1 = try AccountID("t1")
        t2 = try AccountID("t2")
        k1 = Curve25519.KeyAgreement.PrivateKey()
        k2 = Curve25519.KeyAgreement.PrivateKey()
        full = StaticKeyring(privateKeys: [t1: k1, t2: k2], clinicKey: SymmetricKey(size: .bits256))
        var admin = demo.store
        admin.keyring = full
        self.admin = admin
        ids = try demo.store.clientIDs().ids
        let inT1 = Set(ids.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
        self.inT1 = inT1
        let (t1, t2) = (t1, t2)
        do {
            try Migration(store: admin, assign: { inT1.contains($0.id) ? t1 : t2 }).run()
        } catch {
            demo.remove()
            throw error
        }
    }

    /// A store of the demo directory with this keyring, reading through `fileSystem`.
    func store(_ keyring: StaticKeyring, fileSystem: any FileSystem) -> DataStore {
        var s = DataStore(root: demo.store.layout.root, fileSystem: fileSystem, clock: demo.clock, durable: false)
        s.keyring = keyring
        return s
    }

    /// Removes the demo directory.
    func remove() { demo.remove() }

    /// t1's therapist: t1's caseload key, t2's public key only.
    var t1Keyring: StaticKeyring { StaticKeyring(publicKeys: [t2: k2.publicKey], privateKeys: [t1: k1]) }
}
