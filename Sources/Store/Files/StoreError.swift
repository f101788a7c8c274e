import Foundation

/// Errors of the data directory. Every case names what was wrong; none carries an answer or a name.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidClientID(String)
    case clientExists(String)
    case noSuchClient(String)
    case notInitialized(path: String)
    case io(path: String, operation: String, errno: Int32)
    case corrupt(path: String, reason: String)
    case newerSchema(path: String, version: Int, supported: Int)
    case locked(path: String)
    case conflict(String)
    /// A record of this instrument and rater already exists for that session date (a correction
    /// must say so: the CLI's `--replace`).
    case duplicateRecord(client: String, instrument: String, rater: String, session: Int, date: String)
    case invalid(String)
    /// Sign-in failed: unknown account, disabled account or wrong passphrase (one wording for all,
    /// so an account's existence does not leak).
    case signInFailed
    /// The signed-in account may not do this (never used for "may not see": that is `noSuchClient`).
    case notPermitted(String)
    /// A sealed file this process holds no key for (a kiosk reading earlier data).
    case sealed(path: String)
    /// A sealed or MAC'd file failed authentication: changed, damaged or swapped.
    case tampered(path: String, reason: String)

    /// One line naming what was wrong, never an answer or a name.
    public var description: String {
        switch self {
        case let .invalidClientID(id):
            return "invalid client id '\(StoreError.printable(id))': use 1–32 letters, digits, '_' or '-'"
        case let .clientExists(id): return "client \(id) already exists"
        case let .noSuchClient(id): return "no client \(id) in this data directory"
        case let .notInitialized(path):
            return "\(path) is not a rapport data directory (run 'rapport init' or 'rapport demo')"
        case let .io(path, operation, code):
            return "\(path): \(operation) failed: \(String(cString: strerror(code)))"
        case let .corrupt(path, reason): return "\(path): \(reason)"
        case let .newerSchema(path, version, supported):
            return "\(path): schemaVersion \(version) is newer than this rapport supports (\(supported))"
        case let .locked(path): return "\(path) is locked by another rapport process"
        case let .conflict(message): return message
        case let .duplicateRecord(client, instrument, rater, session, date):
            return "client \(client) already has a \(instrument) (\(rater)) record for session \(session) (\(date))"
        case let .invalid(message): return message
        case .signInFailed: return "sign-in failed: unknown account or wrong passphrase"
        case let .notPermitted(what): return "not permitted: \(what)"
        case let .sealed(path): return "\(path): sealed, and this process holds no key that opens it"
        case let .tampered(path, reason): return "\(path): failed authentication (\(reason))"
        }
    }

    /// An id shown back to the user with control characters escaped and its length capped.
    static func printable(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars.prefix(40) {
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return s.unicodeScalars.count > 40 ? out + "…" : out
    }
}
