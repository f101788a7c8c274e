import AppCore
import Foundation
import Instruments
import Store
import TestSupport
import Testing

/// The kiosk, review and resume paths write their audit events (never answers or codes).
@Suite("Audit events of the interactive paths")
struct AuditWiringTests {
    @Test func kioskCodeIssuedUsedAndPassphraseFailed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = DataStore(root: dir.appending("data"), clock: FixedClock(Fixtures.referenceDate))
        try store.initialize()
        let id = try ClientID("K1")
        try store.addClient(id)
        let codes = KioskCodes(store: store)
        let (code, _) = try codes.create(for: id)
        #expect(try codes.redeem(code) == .accepted(id))
        let effects = StoreEffects(
            store: store, catalog: try Fixtures.catalog(),
            passphrase: try Passphrase.hash("correct horse", rounds: 1000))
        _ = effects.perform(.checkPassphrase("wrong"))
        let events = try store.audit.entries().map(\.event)
        #expect(events == [.kioskCodeIssued, .kioskCodeUsed, .passphraseFailed])
        let log = try String(contentsOfFile: store.audit.path, encoding: .utf8)
        #expect(!log.contains(code))
        #expect(!log.contains("wrong"))
        #expect(try store.audit.verify().problems.isEmpty)
    }
}
