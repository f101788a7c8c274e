import Crypto
import Foundation
import Store

#if canImport(Glibc)
    import Glibc
#endif

/// Pseudonyms for sharing exports with researchers: client ids and therapists replaced by
/// HMAC-SHA256 pseudonyms keyed with the clinic's salt, dates shifted per client by a stable
/// offset (so intervals within a client are kept). The same salt gives the same pseudonyms and
/// offsets on every export; without the salt they cannot be reversed or recomputed.
public struct Deidentifier: Sendable {
    /// The salt file in the data directory (32 random bytes, 0600), made on first use.
    public static let saltFileName = "deidentify.salt"
    public static let saltSize = 32
    /// Dates move by 1 to `maxShift` days, earlier or later.
    public static let maxShift = 365

    private let salt: Data

    public init(salt: Data) {
        self.salt = salt
    }

    private func code(_ purpose: String, _ value: String) -> [UInt8] {
        Array(
            HMAC<SHA256>.authenticationCode(
                for: Data((purpose + "\u{0}" + value).utf8), using: SymmetricKey(data: salt)))
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// A client's pseudonym: "P-" and 12 hex digits (a valid client id).
    public func client(_ id: ClientID) -> String { "P-" + Self.hex(code("client", id.rawValue).prefix(6)) }

    /// A therapist's pseudonym: "T-" and 12 hex digits; empty stays empty.
    public func therapist(_ name: String?) -> String {
        guard let name, !name.isEmpty else { return "" }
        return "T-" + Self.hex(code("therapist", name).prefix(6))
    }

    /// The client's date shift in days: ±1…365, never 0.
    public func dayOffset(_ id: ClientID) -> Int {
        let b = code("date-shift", id.rawValue)
        let v = (UInt32(b[0]) << 24) | (UInt32(b[1]) << 16) | (UInt32(b[2]) << 8) | UInt32(b[3])
        let magnitude = Int(v % UInt32(Self.maxShift)) + 1
        return b[4] & 1 == 0 ? magnitude : -magnitude
    }

    public func shift(_ date: SessionDate, _ id: ClientID) -> String {
        Self.add(days: dayOffset(id), to: date)
    }

    public func shift(_ date: Date, _ id: ClientID) -> Date {
        date.addingTimeInterval(Double(dayOffset(id)) * 86_400)
    }

    static func add(days: Int, to date: SessionDate) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let p = date.rawValue.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3, let start = cal.date(from: DateComponents(year: p[0], month: p[1], day: p[2])),
            let moved = cal.date(byAdding: .day, value: days, to: start)
        else { return date.rawValue }
        return SessionDate(date: moved, timeZone: cal.timeZone).rawValue
    }

    /// The clinic's salt from `<data>/deidentify.salt`, made (random, 0600, written atomically and
    /// durably) when absent. A salt file of another size is refused.
    public static func clinicSalt(_ store: DataStore) throws(StoreError) -> Data {
        let path = store.layout.root + "/" + saltFileName
        if store.fs.exists(path) {
            let data = try store.fs.read(path)
            guard data.count == saltSize else {
                throw .corrupt(path: path, reason: "the salt must be \(saltSize) bytes, it has \(data.count)")
            }
            return data
        }
        let salt = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        // Written whole under a temporary name, then linked into place: link() refuses to replace
        // a salt another export made meanwhile, which is then used instead (one key per clinic).
        let staged = path + ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try store.fs.writeAtomically(salt, to: staged, durable: true)
        defer { try? store.fs.remove(staged) }
        if link(staged, path) != 0 {
            let code = errno
            guard code == EEXIST else { throw .io(path: path, operation: "link", errno: code) }
            return try clinicSalt(store)
        }
        // The new name is made durable too (a salt lost in a crash would change every pseudonym).
        let dir = open(store.layout.root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dir >= 0 {
            defer { close(dir) }
            if fsync(dir) != 0 { throw .io(path: store.layout.root, operation: "fsync directory", errno: errno) }
        }
        return salt
    }
}
