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
        // The code files (the codes' lock file, `.lock`, aside).
        let files = try FileManager.default.contentsOfDirectory(atPath: codes.directory).filter { !$0.hasPrefix(".") }
        #expect(files.count == 1)
        let text = try String(contentsOfFile: codes.directory + "/" + files[0], encoding: .utf8)
        #expect(!text.contains(code))
        #expect(text.contains("pbkdf2-sha256"))
        #expect(try codes.redeem(code) == .accepted(try ClientID("C1")))
        #expect(try codes.redeem(code) == .unknown)
        #expect(try FileManager.default.contentsOfDirectory(atPath: codes.directory) == [".lock"])
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

    struct CannotOpen: Error {}

    /// What the concurrent kiosks saw.
    final class Tally: @unchecked Sendable {
        let lock = NSLock()
        var opens = 0
        var outcomes: [KioskCodeOutcome] = []
        var errors: [String] = []
    }

    func usedLines() throws -> Int { try store.audit.entries().filter { $0.event == .kioskCodeUsed }.count }

    /// A battery that cannot be opened leaves the code as it was (usable, not logged as used); the
    /// next open that succeeds uses it up and logs it once.
    @Test func failingOpenLeavesTheCodeUsable() throws {
        defer { dir.remove() }
        let c1 = try ClientID("C1")
        let (code, _) = try codes.create(for: c1)
        let before = try FileManager.default.contentsOfDirectory(atPath: codes.directory).filter {
            $0.hasSuffix(".json")
        }
        var calls = 0
        for _ in 0..<2 {
            #expect(throws: CannotOpen.self) {
                _ = try codes.redeem(code) { (id: ClientID, again: Bool) throws -> Int in
                    calls += 1
                    #expect(id == c1 && !again)
                    throw CannotOpen()
                }
            }
        }
        #expect(calls == 2)
        let after = try FileManager.default.contentsOfDirectory(atPath: codes.directory).filter {
            $0.hasSuffix(".json")
        }
        #expect(after == before)
        #expect(try usedLines() == 0)
        let opened = try codes.redeem(code) { (_: ClientID, _: Bool) -> String in "battery" }
        #expect(opened.outcome == .accepted(c1))
        #expect(opened.opened == "battery")
        #expect(try usedLines() == 1)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: codes.directory).filter { $0.hasSuffix(".json") }
                .isEmpty)
        // Used up: the next try is refused and `open` is not called.
        let again = try codes.redeem(code) { (_: ClientID, _: Bool) -> String in
            Issue.record("a used code opened a battery")
            return "battery"
        }
        #expect(again.outcome == .unknown)
        #expect(again.opened == nil)
        #expect(try usedLines() == 1)
    }

    /// An expired code is refused without calling `open`, and removed; nothing is logged as used.
    @Test func expiredCodeOpensNothing() throws {
        defer { dir.remove() }
        let (code, _) = try codes.create(for: try ClientID("C1"), lifetime: 60)
        clock.advance(by: 61)
        let result = try codes.redeem(code) { (_: ClientID, _: Bool) -> Int in
            Issue.record("an expired code opened a battery")
            return 1
        }
        #expect(result.outcome == .expired)
        #expect(try codes.redeem(code) == .unknown)
        #expect(try usedLines() == 0)
    }

    /// Several kiosks type the same code at once: exactly one opens the battery (`open` runs once)
    /// and the others are told the code is unknown. `open` takes a while, so that without the
    /// codes' lock every kiosk would find the file still there and open too.
    @Test(arguments: [2, 4])
    func concurrentRedeemsOfOneCodeHaveOneWinner(kiosks: Int) throws {
        defer { dir.remove() }
        let c1 = try ClientID("C1")
        let rounds = 6
        for round in 0..<rounds {
            let (code, _) = try codes.create(for: c1)
            let tally = Tally()
            let codes = self.codes
            DispatchQueue.concurrentPerform(iterations: kiosks) { _ in
                do {
                    let result = try codes.redeem(code) { (_: ClientID, _: Bool) -> Int in
                        tally.lock.withLock { tally.opens += 1 }
                        usleep(30_000)
                        return 1
                    }
                    tally.lock.withLock { tally.outcomes.append(result.outcome) }
                } catch {
                    tally.lock.withLock { tally.errors.append("\(error)") }
                }
            }
            let (opens, outcomes, errors) = (tally.opens, tally.outcomes, tally.errors)
            #expect(errors.isEmpty, "round \(round)")
            #expect(opens == 1, "round \(round): \(opens) kiosks opened the battery")
            #expect(outcomes.filter { $0 == .accepted(c1) }.count == 1, "round \(round): \(outcomes)")
            #expect(outcomes.filter { $0 == .unknown }.count == kiosks - 1, "round \(round): \(outcomes)")
            #expect(try usedLines() == round + 1)
        }
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
