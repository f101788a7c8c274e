import Foundation

/// Why an instrument file could not be loaded. Every case names the file.
public enum InstrumentError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(file: String, reason: String)
    case tooLarge(file: String, bytes: Int, limit: Int)
    case notJSON(file: String, reason: String)
    case invalid(file: String, field: String, reason: String)
    case newerFormat(file: String, version: Int, supported: Int)
    case duplicateID(id: String, files: [String])
    case unknown(id: String)
    /// The folder of the shipped instruments does not exist (or is not a folder): `folder` is its path.
    case missingFolder(folder: String)

    /// One line naming the file, the field and the reason.
    public var description: String {
        switch self {
        case let .unreadable(file, reason): return "\(file): cannot read: \(reason)"
        case let .tooLarge(file, bytes, limit):
            return "\(file): file is \(bytes) bytes, more than the \(limit)-byte limit for an instrument"
        case let .notJSON(file, reason): return "\(file): not valid JSON: \(reason)"
        case let .invalid(file, field, reason): return "\(file): \(field): \(reason)"
        case let .newerFormat(file, version, supported):
            return "\(file): formatVersion \(version) is newer than this rapport supports (\(supported))"
        case let .duplicateID(id, files):
            return "instrument id '\(id)' is defined twice: \(files.joined(separator: " and "))"
        case let .unknown(id): return "unknown instrument '\(id)'"
        case let .missingFolder(folder):
            let url = URL(fileURLWithPath: folder)
            return "\(url.lastPathComponent)/ not found in \(url.deletingLastPathComponent().path)"
        }
    }
}
