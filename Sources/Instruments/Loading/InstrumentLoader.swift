import Foundation

/// Loads and validates instrument files.
public enum InstrumentLoader {
    /// Largest instrument file accepted.
    public static let maxFileSize = 1 << 20

    /// Decodes and validates one instrument from JSON data; `file` names it in errors.
    public static func load(data: Data, file: String) throws(InstrumentError) -> Instrument {
        if data.count > maxFileSize {
            throw .tooLarge(file: file, bytes: data.count, limit: maxFileSize)
        }
        // Read the format version first so a newer file gets a version error, not a field error.
        struct Header: Decodable { var formatVersion: Int? }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw .notJSON(file: file, reason: describe(error))
        }
        guard let version = header.formatVersion else {
            throw .invalid(file: file, field: "formatVersion", reason: "missing")
        }
        if version > Instrument.formatVersion {
            throw .newerFormat(file: file, version: version, supported: Instrument.formatVersion)
        }
        let instrument: Instrument
        do {
            instrument = try JSONDecoder().decode(Instrument.self, from: data)
        } catch let error as DecodingError {
            let (field, reason) = fieldAndReason(error)
            throw .invalid(file: file, field: field, reason: reason)
        } catch {
            throw .notJSON(file: file, reason: describe(error))
        }
        try InstrumentValidator.validate(instrument, file: file)
        return instrument
    }

    /// Loads one instrument file from disk.
    public static func load(file url: URL) throws(InstrumentError) -> Instrument {
        let name = url.path
        let attributes = try? FileManager.default.attributesOfItem(atPath: name)
        if let size = attributes?[.size] as? Int, size > maxFileSize {
            throw .tooLarge(file: name, bytes: size, limit: maxFileSize)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .unreadable(file: name, reason: (error as NSError).localizedDescription)
        }
        return try load(data: data, file: name)
    }

    /// Loads every `*.json` file of a directory, sorted by file name. A missing directory is empty.
    public static func loadDirectory(_ url: URL) throws(InstrumentError) -> [Instrument] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { return [] }
            throw .unreadable(file: url.path, reason: (error as NSError).localizedDescription)
        }
        var result: [Instrument] = []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            result.append(try load(file: url.appendingPathComponent(name)))
        }
        return result
    }

    /// A decoding error as an `.invalid` error naming the field; `unknownValue` may give a
    /// better reason for a field whose value is not one of its accepted values.
    static func invalid(
        _ error: DecodingError, file: String, unknownValue: (String) -> String? = { _ in nil }
    ) -> InstrumentError {
        var (field, reason) = fieldAndReason(error)
        if case .dataCorrupted = error, let better = unknownValue(field) { reason = better }
        return .invalid(file: file, field: field, reason: reason)
    }

    private static func fieldAndReason(_ error: DecodingError) -> (String, String) {
        func path(_ keys: [any CodingKey]) -> String {
            var out = ""
            for key in keys {
                if let index = key.intValue {
                    out += "[\(index)]"
                } else {
                    out += out.isEmpty ? key.stringValue : "." + key.stringValue
                }
            }
            return out.isEmpty ? "(top level)" : out
        }
        switch error {
        case let .keyNotFound(key, context):
            return (path(context.codingPath + [key]), "missing")
        case let .typeMismatch(type, context):
            return (path(context.codingPath), "expected \(typeName(type))")
        case let .valueNotFound(type, context):
            return (path(context.codingPath), "expected \(typeName(type)), found null")
        case let .dataCorrupted(context):
            return (path(context.codingPath), context.debugDescription)
        @unknown default:
            return ("(unknown)", "\(error)")
        }
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "a whole number"
        case is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "a list" }
            if name.hasPrefix("Optional") { return "a value" }
            return "an object (\(name))"
        }
    }

    private static func describe(_ error: any Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            if let underlying = context.underlyingError {
                return (underlying as NSError).localizedDescription
            }
            return context.debugDescription
        }
        return (error as NSError).localizedDescription
    }
}
