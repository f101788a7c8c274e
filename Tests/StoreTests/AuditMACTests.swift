import Crypto
import Foundation
import Instruments
import TestSupport
import Testing

@testable import Store

/// The audit log's keyed MAC chain (issue 13): with the clinic key each line carries an
/// HMAC-SHA256 over the previous line's MAC and itself, and `verify()` names the first line that
/// was changed, even when whoever changed it recomputed the SHA-256 chain.
@Suite("Audit MAC chain")
struct AuditMACTests {
    let dir: TemporaryDirectory
    let root: String
    let clock = FixedClock(Fixtures.referenceDate)
    let clinicKey = SymmetricKey(data: Data((0..<32).map { UInt8($0) }))

    init() throws {
        dir = try TemporaryDirectory()
        root = dir.appending("data")
        try DataStore(root: root, clock: clock).initialize()
    }

    /// The log with the clinic key (a sealed directory) and without (what someone without it sees).
    var keyed: AuditLog { AuditLog(root: root, clock: clock, clinicKey: clinicKey) }
    var plain: AuditLog { AuditLog(root: root, clock: clock) }

    func lines() throws -> [String] {
        try String(contentsOfFile: keyed.path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func writeLines(_ lines: [String]) throws {
        try (lines.joined(separator: "\n") + "\n").write(toFile: keyed.path, atomically: false, encoding: .utf8)
    }

    func fill(_ log: AuditLog) throws {
        let id = try ClientID("C1")
        try log.append(.kioskCodeIssued, role: .therapist, client: id)
        try log.append(.kioskCodeUsed, role: .client, client: id)
        try log.append(.passphraseFailed, role: .therapist, count: 1)
        try log.append(.reviewOpened, role: .therapist, client: id)
        try log.append(.draftResumed, role: .client, client: id, session: 3)
    }

    /// Rewrites every line's `prev` to the SHA-256 of the line before it and the head to the last
    /// line, as someone without the key would after editing a line.
    func rechained(_ lines: [String]) -> [String] {
        var out: [String] = []
        var previous = AuditLog.genesis
        for line in lines {
            let fixed = line.replacingOccurrences(
                of: #""prev":"[0-9a-f]{64}""#, with: "\"prev\":\"\(previous)\"", options: .regularExpression)
            out.append(fixed)
            previous = AuditLog.sha256Hex(Data(fixed.utf8))
        }
        return out
    }

    func rewriteHead(_ lines: [String]) throws {
        let head = AuditHead(seq: lines.count, hash: AuditLog.sha256Hex(Data(lines.last!.utf8)))
        try StoreCoding.encode(head, path: "audit.head").write(to: URL(fileURLWithPath: keyed.headPath))
    }

    @Test func lineHashIsLowercaseHexSHA256() {
        defer { dir.remove() }
        #expect(
            AuditLog.sha256Hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            AuditLog.sha256Hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func keyedLinesCarryAMACAsTheirLastKeyAndVerify() throws {
        defer { dir.remove() }
        try fill(keyed)
        let entries = try keyed.entries()
        #expect(entries.count == 5)
        #expect(entries.allSatisfy { $0.mac?.count == 64 })
        let raw = try lines()
        #expect(raw.allSatisfy { $0.hasSuffix("\"mac\":\"\(AuditLog.splitMAC(Data($0.utf8))!.mac)\"}") })
        // The chain: line 2's MAC covers line 1's MAC.
        let key = AuditLog.macKey(clinicKey: clinicKey)
        let first = AuditLog.splitMAC(Data(raw[0].utf8))!
        let second = AuditLog.splitMAC(Data(raw[1].utf8))!
        #expect(AuditLog.mac(key: key, previous: nil, line: first.covered) == first.mac)
        #expect(
            AuditLog.mac(key: key, previous: AuditLog.hexBytes(first.mac), line: second.covered) == second.mac)
        let result = try keyed.verify()
        #expect(result.problems.isEmpty)
        #expect(result.warnings.isEmpty)
        // Without the key the SHA-256 chain still verifies (old readers, plaintext tools).
        #expect(try plain.verify().problems.isEmpty)
    }

    /// A save makes its audit line while its record syncs (`prepare`), without the log's lock;
    /// the append writes that line only when the log is still the file it was made from, of the
    /// same size and change time, and the facts are the same — otherwise it makes the line again,
    /// so that the numbering and both chains go on whatever was appended in between.
    @Test func aLineMadeAheadIsWrittenOnlyOverTheLogItWasMadeFrom() throws {
        defer { dir.remove() }
        try fill(keyed)
        let id = try ClientID("C1")
        let saved = AuditFacts(
            .recordSaved, role: .therapist, client: id, session: 4, record: "s0004-client-phq-9-0001")
        let ready = try #require(keyed.prepare(saved))
        #expect(ready.entry.seq == 6)
        let written = try keyed.append(saved, alsoSync: nil, ready: ready)
        #expect(written == ready.entry)
        #expect(try lines().last == String(decoding: ready.line, as: UTF8.self))
        #expect(keyed.readHead() == AuditHead(seq: 6, hash: ready.hash))

        // Another process's line in between: made again after it.
        let late = try #require(keyed.prepare(saved))
        try keyed.append(.reviewOpened, role: .therapist, client: id)
        let after = try keyed.append(saved, alsoSync: nil, ready: late)
        #expect(after.seq == 8)
        #expect(after.prev == AuditLog.sha256Hex(Data(try lines()[6].utf8)))
        // Other facts than those it was made for: made again.
        let corrected = AuditFacts(.recordCorrected, role: .therapist, client: id, session: 4, record: "x")
        let again = try #require(keyed.prepare(saved))
        let other = try keyed.append(corrected, alsoSync: nil, ready: again)
        #expect(other.event == .recordCorrected && other.seq == 9)
        // An unfinished last line (an interrupted append): nothing is made ahead, and the append
        // repairs the end as before.
        let handle = try #require(FileHandle(forWritingAtPath: keyed.path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"client\":\"C1\",\"ev".utf8))
        try handle.close()
        #expect(keyed.prepare(saved) == nil)
        #expect(try keyed.append(saved, alsoSync: nil, ready: nil).seq == 10)
        let result = try keyed.verify()
        #expect(result.problems.isEmpty && result.warnings.isEmpty)
        #expect(result.lines == 10)
        #expect(keyed.readHead()?.seq == 10)
    }

    /// A failed sign-in unlocks no key, so its line carries no MAC; it is accepted between keyed
    /// lines, and removing it is still caught (the next keyed line's MAC covers its hash).
    @Test func anUnkeyedFailedSignInIsAcceptedButCannotBeRemoved() throws {
        try fill(keyed)
        try plain.append(.signInFailed, role: .therapist)
        try keyed.append(.signIn, role: .therapist)
        #expect(try keyed.verify().problems.isEmpty)
        // Another kind of line without a MAC is not accepted.
        try plain.append(.exportRun, role: .therapist)
        #expect(try keyed.verify().problems.map(\.line) == [8])
        // Removing the failed sign-in (line 6) and mending the SHA-256 chain breaks line 7's MAC.
        var all = try lines()
        all.removeLast()
        all.remove(at: 5)
        try writeLines(rechained(all))
        try rewriteHead(rechained(all))
        #expect(!(try keyed.verify().problems.isEmpty))
    }

    @Test func everyFlippedByteIsFoundAndNamed() throws {
        defer { dir.remove() }
        try fill(keyed)
        let original = try lines()
        for target in original.indices {
            let bytes = Array(original[target].utf8)
            // Every 7th byte of the line (and its last), flipped in its lowest bit.
            for position in Set(stride(from: 0, to: bytes.count, by: 7)).union([bytes.count - 1]) {
                var changed = bytes
                changed[position] ^= 0x01
                if changed[position] == 0x0A { continue }  // would split the line: a different test
                var raw = original
                raw[target] = String(decoding: changed, as: UTF8.self)
                try writeLines(raw)
                let problems = try keyed.verify().problems
                #expect(
                    problems.first?.line == target + 1,
                    "byte \(position) of line \(target + 1): \(problems)")
            }
        }
    }

    @Test func aRewriteWithRecomputedHashesIsCaughtOnlyWithTheKey() throws {
        defer { dir.remove() }
        try fill(keyed)
        var raw = try lines()
        raw[1] = raw[1].replacingOccurrences(of: "\"role\":\"client\"", with: "\"role\":\"therapist\"")
        raw = rechained(raw)
        try writeLines(raw)
        try rewriteHead(raw)
        // The SHA-256 chain alone is fooled …
        #expect(try plain.verify().problems.isEmpty)
        // … the MAC chain names the edited line first.
        let problems = try keyed.verify().problems
        #expect(
            problems.first == AuditProblem(line: 2, reason: "its MAC does not match (edited without the clinic key)"))
        // A wrong key does not verify anything.
        let other = AuditLog(root: root, clock: clock, clinicKey: SymmetricKey(size: .bits256))
        #expect(try other.verify().problems.first?.line == 1)
    }

    @Test func strippedOrInsertedLinesAreCaught() throws {
        defer { dir.remove() }
        try fill(keyed)
        let raw = try lines()
        // Every MAC removed and the hashes recomputed: a sealed log without MACs.
        let stripped = rechained(
            raw.map { $0.replacingOccurrences(of: #","mac":"[0-9a-f]{64}""#, with: "", options: .regularExpression) })
        try writeLines(stripped)
        try rewriteHead(stripped)
        #expect(try plain.verify().problems.isEmpty)
        #expect(try keyed.verify().problems.map(\.line) == [5])
        // A line without a MAC inserted after keyed ones (renumbered and rechained).
        try writeLines(raw)
        var inserted = raw
        inserted.insert(stripped[2], at: 3)
        inserted = inserted.enumerated().map { i, line in
            line.replacingOccurrences(of: #""seq":[0-9]+"#, with: "\"seq\":\(i + 1)", options: .regularExpression)
        }
        inserted = rechained(inserted)
        try writeLines(inserted)
        try rewriteHead(inserted)
        #expect(try plain.verify().problems.isEmpty)
        #expect(try keyed.verify().problems.first?.line == 4)
    }

    @Test func oldPlainLogsStayVerifiableAndTheChainContinues() throws {
        defer { dir.remove() }
        try fill(plain)  // written before the directory was sealed
        try fill(keyed)  // after
        let entries = try keyed.entries()
        #expect(entries.map(\.seq) == Array(1...10))
        #expect(entries.prefix(5).allSatisfy { $0.mac == nil })
        #expect(entries.suffix(5).allSatisfy { $0.mac != nil })
        #expect(try keyed.verify().problems.isEmpty)
        #expect(try plain.verify().problems.isEmpty)
        // An edit in the plaintext part with the hashes recomputed: the first keyed line's MAC covers
        // the SHA-256 of the line before it, so the rewrite shows there.
        var raw = try lines()
        raw[2] = raw[2].replacingOccurrences(of: "\"count\":1", with: "\"count\":9")
        raw = rechained(raw)
        try writeLines(raw)
        try rewriteHead(raw)
        #expect(try plain.verify().problems.isEmpty)
        #expect(try keyed.verify().problems.first?.line == 6)
    }

    @Test func aStoreWithTheClinicKeyMACsItsSavesAndCheckNamesTheLine() throws {
        defer { dir.remove() }
        var store = DataStore(root: root, clock: clock)
        store.keyring = StaticKeyring(clinicKey: clinicKey)
        #expect(store.audit.isKeyed)
        #expect(!DataStore(root: root, clock: clock).audit.isKeyed)
        try fill(store.audit)
        var raw = try lines()
        raw[3] = raw[3].replacingOccurrences(of: "reviewOpened", with: "exportRun")
        raw = rechained(raw)
        try writeLines(raw)
        try rewriteHead(raw)
        let problems = try StoreChecker(store: store, catalog: try Fixtures.catalog()).run().problems
            .filter { $0.path.hasSuffix("audit.log") }
        #expect(problems.first?.reason.hasPrefix("line 4: its MAC does not match") == true, "\(problems)")
        #expect(
            try StoreChecker(store: DataStore(root: root, clock: clock), catalog: try Fixtures.catalog()).run()
                .problems.filter { $0.path.hasSuffix("audit.log") }.isEmpty)
    }
}
