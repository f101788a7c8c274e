import Foundation

/// Loads and validates prompt files, like instrument files: every error names the file and field.
public enum PromptLoader {
    /// Largest prompt file accepted.
    public static let maxFileSize = 1 << 20
    /// Longest prompt text, in characters.
    public static let maxTextLength = 400

    /// Decodes and validates one prompt file; `file` names it in errors.
    public static func load(data: Data, file: String) throws(InstrumentError) -> PromptFile {
        if data.count > maxFileSize {
            throw .tooLarge(file: file, bytes: data.count, limit: maxFileSize)
        }
        struct Header: Decodable { var formatVersion: Int? }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw .notJSON(file: file, reason: (error as NSError).localizedDescription)
        }
        guard let version = header.formatVersion else {
            throw .invalid(file: file, field: "formatVersion", reason: "missing")
        }
        if version > PromptFile.formatVersion {
            throw .newerFormat(file: file, version: version, supported: PromptFile.formatVersion)
        }
        let decoded: PromptFile
        do {
            decoded = try JSONDecoder().decode(PromptFile.self, from: data)
        } catch let error as DecodingError {
            throw InstrumentLoader.invalid(error, file: file, unknownValue: unknownValueReason)
        } catch {
            throw .notJSON(file: file, reason: (error as NSError).localizedDescription)
        }
        try validate(decoded, file: file)
        return decoded
    }

    /// The reason for an unknown `trigger` or `evidence` value: the accepted values.
    static func unknownValueReason(_ field: String) -> String? {
        if field.hasSuffix(".trigger") {
            return "unknown trigger; expected one of " + PromptTrigger.allCases.map(\.rawValue).joined(separator: ", ")
        }
        if field.hasSuffix(".evidence") {
            return "unknown evidence marker; expected one of "
                + PromptEvidence.allCases.map(\.rawValue).joined(separator: ", ")
        }
        return nil
    }

    /// Checks what decoding cannot: ids, lengths, at most two sentences, a citation.
    public static func validate(_ f: PromptFile, file: String) throws(InstrumentError) {
        func fail(_ field: String, _ reason: String) -> InstrumentError {
            .invalid(file: file, field: field, reason: reason)
        }
        if f.version.trimmingCharacters(in: .whitespaces).isEmpty { throw fail("version", "empty") }
        if f.prompts.isEmpty { throw fail("prompts", "no prompts") }
        var ids = Set<String>()
        for (i, p) in f.prompts.enumerated() {
            let at = "prompts[\(i)]"
            if p.id.isEmpty || p.id.count > 64
                || !p.id.unicodeScalars.allSatisfy({
                    CharacterSet.lowercaseLetters.contains($0) || CharacterSet.decimalDigits.contains($0) || $0 == "-"
                })
            {
                throw fail("\(at).id", "must be 1 to 64 lower-case letters, digits or '-'")
            }
            if !ids.insert(p.id).inserted { throw fail("\(at).id", "'\(p.id)' is used twice") }
            let text = p.text.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty { throw fail("\(at).text", "empty") }
            if text.count > maxTextLength { throw fail("\(at).text", "longer than \(maxTextLength) characters") }
            if text.contains("\n") { throw fail("\(at).text", "must be one paragraph (no line breaks)") }
            let count = sentenceCount(text)
            if count > 2 { throw fail("\(at).text", "\(count) sentences; a prompt has at most two") }
            if p.citation.trimmingCharacters(in: .whitespaces).isEmpty { throw fail("\(at).citation", "empty") }
        }
    }

    /// Sentences in a text: ends ('.', '!', '?' followed by a space or the end), not counting
    /// common abbreviations ("e.g.", "i.e.", "et al.", "vs.") or decimals.
    public static func sentenceCount(_ text: String) -> Int {
        let chars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines))
        guard !chars.isEmpty else { return 0 }
        let abbreviations = ["e.g.", "i.e.", "al.", "vs.", "cf.", "etc.", "approx."]
        var count = 0
        for i in chars.indices where ".!?".contains(chars[i]) {
            let atEnd = i == chars.count - 1
            guard atEnd || chars[i + 1] == " " else { continue }
            if chars[i] == "." && !atEnd {
                let before = String(chars[..<(i + 1)]).lowercased()
                if abbreviations.contains(where: { before.hasSuffix(" " + $0) || before == $0 }) { continue }
            }
            count += 1
        }
        // A last sentence without a final stop still counts.
        if let last = chars.last, !".!?".contains(last) { count += 1 }
        return count
    }

    /// Loads one prompt file from disk.
    public static func load(file url: URL) throws(InstrumentError) -> PromptFile {
        let name = url.path
        if let size = (try? FileManager.default.attributesOfItem(atPath: name))?[.size] as? Int, size > maxFileSize {
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

    /// Loads every `*.json` file of a directory, sorted by name, into one library; a prompt id
    /// used in two files is refused. A missing directory is an empty library.
    public static func loadDirectory(_ url: URL) throws(InstrumentError) -> PromptLibrary {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) { return PromptLibrary() }
            throw .unreadable(file: url.path, reason: (error as NSError).localizedDescription)
        }
        var library = PromptLibrary()
        var seen: [String: String] = [:]
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let path = url.appendingPathComponent(name)
            let f = try load(file: path)
            for p in f.prompts {
                if let other = seen[p.id] {
                    throw .invalid(
                        file: path.path, field: "prompts.id", reason: "'\(p.id)' is also defined in \(other)")
                }
                seen[p.id] = path.path
            }
            library.prompts += f.prompts
            library.versions.append("\(name) \(f.version)")
        }
        return library
    }
}
