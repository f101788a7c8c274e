import Crypto
import Foundation
import Store
import Testing

@Suite("Sealing (HPKE) and keyrings")
struct SealingTests {
    let key = Curve25519.KeyAgreement.PrivateKey()

    @Test func roundTripsAndHidesThePlaintext() throws {
        let text = Data("answers: 3 1 4 1 5".utf8)
        let sealed = try Sealing.seal(text, to: key.publicKey, info: "rapport/record/C001")
        #expect(sealed.ct.range(of: text) == nil)
        #expect(try Sealing.open(sealed, with: key, info: "rapport/record/C001", path: "r.json") == text)
    }

    @Test func aFlippedByteAnotherKeyOrAnotherInfoIsTampered() throws {
        let sealed = try Sealing.seal(Data("x".utf8), to: key.publicKey, info: "rapport/record/C001")
        var flipped = sealed
        flipped.ct[0] ^= 0x01
        #expect(throws: StoreError.tampered(path: "r.json", reason: "the sealed content does not open with its key")) {
            try Sealing.open(flipped, with: key, info: "rapport/record/C001", path: "r.json")
        }
        #expect(throws: StoreError.self) {
            try Sealing.open(sealed, with: Curve25519.KeyAgreement.PrivateKey(), info: "rapport/record/C001", path: "r")
        }
        #expect(throws: StoreError.self) {
            try Sealing.open(sealed, with: key, info: "rapport/record/C002", path: "r")
        }
    }

    @Test func aPublicOnlyKeyringCanSealButNotOpen() throws {
        let therapist = try AccountID("t1")
        let full = StaticKeyring(privateKeys: [therapist: key], clinicKey: SymmetricKey(size: .bits256))
        let kiosk = full.publicOnly
        #expect(kiosk.caseloadPublicKey(of: therapist) == key.publicKey)
        #expect(kiosk.caseloadPrivateKey(of: therapist) == nil)
        #expect(full.caseloadPrivateKey(of: therapist) != nil)
        #expect(throws: StoreError.self) { try AccountID("bad id") }
    }
}

extension Curve25519.KeyAgreement.PublicKey: @retroactive Equatable {
    public static func == (a: Self, b: Self) -> Bool { a.rawRepresentation == b.rawRepresentation }
}
