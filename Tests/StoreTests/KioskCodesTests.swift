import Foundation
import Store
import TestSupport
import Testing

@Suite("Kiosk codes and passphrase")
struct KioskCodesTests {
    let dir: TemporaryDirectory
    let store: DataStore
    let clock = FixedClock(Fixtures.referenceDate)
    let codes: KioskCodes

    init() throws {
        dir = try TemporaryDirectory()
        store = DataStore(root: dir.appending("data"), clock: clock, durable: false)
        try store.initialize()
        try store.addClient(try ClientID("C1"))
        try store.addClient(try ClientID("C2"))
        codes = KioskCodes(store: store, rounds: 1_000)
    }

    @Test func codeIsSixDigitsStoredHashedAndSingleUse() throws {
        defer { dir.remove() }
        let (code, expires) = try codes.create(for: try ClientID("C1"), lifetime: 600)
        #expect(KioskCodes.isWellFormed(code))
        #expect(expires == Fixtures.referenceDate.addingTimeInterval(600))
        let files = try FileManager.default.contentsOfDirectory(atPath: codes.directory)
        #expect(files.count == 1)
        let text = try String(contentsOfFile: codes.directory + "/" + files[0], encoding: .utf8)
        #expect(!text.contains(code))
        #expect(text.contains("pbkdf2-sha256"))
        #expect(try codes.redeem(code) == .accepted(try ClientID("C1")))
        #expect(try codes.redeem(code) == .unknown)
        #expect(try FileManager.default.contentsOfDirectory(atPath: codes.directory).isEmpty)
    }

    @Test func wrongAndMalformedCodesAreUnknown() throws {
        defer { dir.remove() }
        let (code, _) = try codes.create(for: try ClientID("C1"))
        let other = String(code.reversed()) == code ? "000000" : String(code.reversed())
        if other != code { #expect(try codes.redeem(other) == .unknown) }
        #expect(try codes.redeem("12345") == .unknown)
        #expect(try codes.redeem("abcdef") == .unknown)
        #expect(try codes.redeem(code) == .accepted(try ClientID("C1")))
    }

    @Test func expiredCodeIsRefusedAndRemoved() throws {
        defer { dir.remove() }
        let (code, _) = try codes.create(for: try ClientID("C2"), lifetime: 60)
        clock.advance(by: 61)
        #expect(try codes.redeem(code) == .expired)
        #expect(try codes.redeem(code) == .unknown)
    }

    @Test func newCodeReplacesTheClientsEarlierCode() throws {
        defer { dir.remove() }
        let (first, _) = try codes.create(for: try ClientID("C1"))
        let (second, _) = try codes.create(for: try ClientID("C1"))
        let (other, _) = try codes.create(for: try ClientID("C2"))
        if first != second { #expect(try codes.redeem(first) == .unknown) }
        #expect(try codes.redeem(second) == .accepted(try ClientID("C1")))
        #expect(try codes.redeem(other) == .accepted(try ClientID("C2")))
    }

    @Test func codeForUnknownClientIsRefused() throws {
        defer { dir.remove() }
        #expect(throws: StoreError.noSuchClient("C9")) { try codes.create(for: try ClientID("C9")) }
    }

    @Test func purgeRemovesOnlyExpired() throws {
        defer { dir.remove() }
        _ = try codes.create(for: try ClientID("C1"), lifetime: 60)
        _ = try codes.create(for: try ClientID("C2"), lifetime: 3600)
        clock.advance(by: 120)
        #expect(try codes.purgeExpired() == 1)
    }

    @Test func passphraseHashVerifies() throws {
        defer { dir.remove() }
        let hash = try Passphrase.hash("correct horse", rounds: 1_000)
        #expect(hash.algorithm == "pbkdf2-sha256")
        #expect(hash.cost == 1_000)
        #expect(!hash.hash.contains("correct"))
        #expect(Passphrase.verify("correct horse", against: hash))
        #expect(!Passphrase.verify("correct horsE", against: hash))
        #expect(!Passphrase.verify("", against: hash))
        var damaged = hash
        damaged.hash = "AAAA"
        #expect(!Passphrase.verify("correct horse", against: damaged))
        var other = hash
        other.algorithm = "md5"
        #expect(!Passphrase.verify("correct horse", against: other))
        // Salted: the same passphrase hashes differently each time.
        #expect(try Passphrase.hash("correct horse", rounds: 1_000).hash != hash.hash)
    }

    @Test func passphraseRules() {
        defer { dir.remove() }
        #expect(Passphrase.problem(with: "short") == "the passphrase must have at least 8 characters")
        #expect(Passphrase.problem(with: "long enough") == nil)
        #expect(Passphrase.problem(with: "tab\there ok") == "the passphrase must not contain control characters")
    }
}
