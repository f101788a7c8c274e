import Foundation

/// The client-facing text of the app in one language: screens, key hints and the notices a client
/// sees. Loaded from `assets/strings/<language>.json` (see docs/instrument-format.md, "UI string
/// tables"); English is also built in, so the app works without the files.
public struct StringTable: Sendable, Equatable, Codable {
    /// Current version of the string-table file format.
    public static let formatVersion = 1

    public var formatVersion: Int
    /// Language tag ("en", "de", "es").
    public var language: String
    /// Where the text comes from and whether it was reviewed.
    public var note: String?
    /// Text by key; `{name}` marks a placeholder filled in when shown.
    public var strings: [String: String]

    public init(language: String, note: String? = nil, strings: [String: String]) {
        formatVersion = StringTable.formatVersion
        self.language = language
        self.note = note
        self.strings = strings
    }

    /// The text for `key` with its placeholders filled in from `values` ("{seconds}" → values["seconds"]).
    /// A key missing from a validated table cannot happen; the English text is the safety net.
    public func text(_ key: String, _ values: [String: String] = [:]) -> String {
        var text = strings[key] ?? StringTable.englishStrings[key] ?? key
        for (name, value) in values {
            text = text.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return text
    }

    /// Subscript form of ``text(_:_:)`` for texts without placeholders.
    public subscript(_ key: String) -> String { text(key) }

    /// The language's own name ("Deutsch").
    public var languageName: String { text("language.name") }

    /// The placeholders (`{name}`) a text uses.
    public static func placeholders(in text: String) -> Set<String> {
        var found = Set<String>()
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            found.insert(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    /// The built-in English table (the same text as assets/strings/en.json; a test keeps them equal).
    public static let english = StringTable(
        language: "en", note: "rapport's own client-facing text (the source of truth for translations).",
        strings: englishStrings)

    /// Every key of a string table, with its English text.
    public static let englishStrings: [String: String] = [
        "language.name": "English",
        "screen.enlarge": "Please enlarge the terminal (at least 40×12).",
        "screen.opening": "Opening…",
        "hint.keys": "keys",
        "hint.finishLater": "finish later",
        "hint.later": "later",
        "hint.back": "back",
        "hint.quit": "quit",
        "hint.continue": "continue",
        "hint.anyKey": "any key",
        "hint.choose": "choose",
        "hint.skip": "skip",
        "hint.move": "move",
        "hint.confirm": "confirm",
        "hint.begin": "begin",
        "hint.change": "change",
        "hint.submit": "submit",
        "hint.scroll": "scroll",
        "hint.done": "done",
        "hint.finish": "finish",
        "hint.unlock": "unlock",
        "welcome.title": "Welcome",
        "welcome.prompt": "Please type the 6-digit code your therapist gave you, then press Enter.",
        "welcome.language": "Language: {language}",
        "welcome.hint.code": "code",
        "welcome.hint.open": "open",
        "welcome.hint.erase": "erase",
        "welcome.hint.language": "language",
        "welcome.codeLength": "The code has {digits} digits.",
        "welcome.waitOne": "Please wait 1 second and try again.",
        "welcome.wait": "Please wait {seconds} seconds and try again.",
        "welcome.expired": "This code has expired. Please ask your therapist for a new one.",
        "welcome.unknown": "This code was not recognised. Please check it and try again.",
        "welcome.alreadyDone":
            "Today's questionnaires were already answered, so there is nothing to fill in now. Please ask your therapist.",
        "welcome.cannotOpen": "This code cannot be used right now. Please ask your therapist.",
        "intro.position": "Questionnaire {number} of {count} · {items} items",
        "intro.begin": "Press Enter to begin.",
        "client.support":
            "Thank you for your answers so far. If anything in these questions troubles you, you can talk about it with your therapist today.",
        "client.supportAtEnd":
            "If anything in these questions troubles you, you can talk about it with your therapist today.",
        "client.saved": "Thank you. Your answers have been saved.",
        "item.position": "Item {item} of {items} · questionnaire {number} of {count}",
        "review.position": "Your answers · questionnaire {number} of {count}",
        "review.help": "Type an item number to change its answer, or press Enter to submit.",
        "review.pending": "Item {number}… type another digit, or press Enter to open item {number}.",
        "review.saving": "Saving…",
        "review.skipped": "skipped",
        "notice.lastNotSaved": "Your last answer could not be saved. Please tell your therapist.",
        "notice.notSubmittedNotSaved": "Your answers could not be submitted or saved. Please tell your therapist.",
        "notice.notSubmittedSaved":
            "Your answers could not be submitted; they are saved for later. Please tell your therapist.",
        "notice.choose": "Choose {range}.",
        "notice.chooseAnswer": "Choose an answer: {range}, or ↑/↓ then Enter.",
        "notice.answered": "This question is answered. To change it, choose another answer.",
        "notice.needsAnswer": "This question needs an answer.",
        "notice.noItem": "There is no item {number}. Items are numbered 1–{count}.",
        "thanks.title": "Thank you",
        "thanks.kioskClears": "The screen will clear for the next person in a moment.",
        "thanks.handBack": "Please hand the terminal back to your therapist.",
        "presence.title": "Are you still there?",
        "presence.text":
            "Press any key to go on with the questions. Otherwise this screen closes in {seconds} seconds.",
        "lock.title": "Locked",
        "lock.passphrase": "Therapist passphrase:",
        "lock.handBack": "Thank you. Please hand the terminal back to your therapist.",
        "lock.savedForLater":
            "Your answers so far are saved; you can finish later. Please hand the terminal back to your therapist.",
        "lock.notSaved": "Some answers could not be saved. Please tell your therapist.",
        "lock.askToLeave": "Leaving needs the therapist's passphrase. Press Esc to go back to the questions.",
        "message.continue": "Press Enter to continue.",
        "message.finishLater.title": "Finish later",
        "message.finishLater.saved": "Your answers so far are saved for later.",
        "help.title": "Keys",
        "help.close": "Any key closes this.",
        "help.choose": "choose an answer and go on",
        "help.move": "move the choice",
        "help.confirm": "confirm the choice",
        "help.back": "back one item",
        "help.skip": "skip (only where allowed)",
        "help.numberKey": "number",
        "help.change": "change an item (review)",
        "help.finishLater": "finish later (kept)",
        "help.leave": "leave (passphrase)",
        "help.quitKept": "quit (answers kept)",
    ]
}

/// Why a string table could not be loaded. Every case names the file and, where there is one, the key.
public struct StringTableError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var field: String?
    public var reason: String
    public init(file: String, field: String? = nil, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }
    public var description: String { "\(file): " + (field.map { "\($0): " } ?? "") + reason }
}

/// The string tables available: English always, plus those loaded from files.
public struct StringTables: Sendable, Equatable {
    /// Tables by language tag.
    public private(set) var tables: [String: StringTable]

    /// English only (the built-in table).
    public static let builtIn = StringTables(tables: [StringTable.english])

    public init(tables: [StringTable]) {
        var byLanguage = ["en": StringTable.english]
        for table in tables { byLanguage[table.language] = table }
        self.tables = byLanguage
    }

    /// The languages with a table: English first, then the others by tag.
    public var languages: [String] { ["en"] + tables.keys.filter { $0 != "en" }.sorted() }

    /// The table for `language` (English when there is none).
    public func table(for language: String) -> StringTable { tables[language] ?? StringTable.english }

    /// The language after `language` in ``languages`` (wrapping round), for the kiosk's language key.
    public func next(after language: String) -> String {
        let list = languages
        guard let i = list.firstIndex(of: language) else { return list[0] }
        return list[(i + 1) % list.count]
    }

    /// The language of ``languages`` matching `tag` exactly or by its primary code ("de_DE.UTF-8" → "de").
    public func match(_ tag: String) -> String? {
        let cleaned = String(tag.split(separator: ".").first ?? "").split(separator: "@").first.map(String.init) ?? ""
        let normal = cleaned.replacingOccurrences(of: "_", with: "-")
        if let exact = languages.first(where: { $0.lowercased() == normal.lowercased() }) { return exact }
        let primary = String(normal.lowercased().split(separator: "-").first ?? "")
        return languages.first { $0.lowercased() == primary }
    }

    /// Loads every `<language>.json` of a directory (a missing directory gives English only).
    public static func load(directory: URL) throws(StringTableError) -> StringTables {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else {
            return .builtIn
        }
        var tables: [StringTable] = []
        for name in names.sorted() where name.hasSuffix(".json") && !name.hasPrefix(".") {
            let url = directory.appendingPathComponent(name)
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw StringTableError(
                    file: url.path, reason: "cannot read: \((error as NSError).localizedDescription)")
            }
            tables.append(try load(data: data, file: url.path))
        }
        return StringTables(tables: tables)
    }

    /// Decodes and validates one table: the language matches the file name, the table has exactly the
    /// English keys, and every text has exactly the placeholders of its English text.
    public static func load(data: Data, file: String) throws(StringTableError) -> StringTable {
        if data.count > 1 << 20 { throw StringTableError(file: file, reason: "more than 1 MiB") }
        let table: StringTable
        do {
            table = try JSONDecoder().decode(StringTable.self, from: data)
        } catch {
            throw StringTableError(file: file, reason: "not a string table: \(describe(error))")
        }
        try validate(table, file: file)
        return table
    }

    /// Throws the first problem of `table`, naming its key.
    public static func validate(_ table: StringTable, file: String) throws(StringTableError) {
        if table.formatVersion > StringTable.formatVersion {
            throw StringTableError(
                file: file, field: "formatVersion",
                reason: "\(table.formatVersion) is newer than this rapport supports (\(StringTable.formatVersion))")
        }
        if table.language.range(of: #"^[a-z]{2,3}(-[A-Z]{2})?$"#, options: .regularExpression) == nil {
            throw StringTableError(file: file, field: "language", reason: "must be a language code such as \"de\"")
        }
        let base = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if file.hasSuffix(".json"), base != table.language {
            throw StringTableError(
                file: file, field: "language", reason: "is \"\(table.language)\" but the file is named \(base).json")
        }
        let english = StringTable.englishStrings
        if let missing = english.keys.sorted().first(where: { table.strings[$0] == nil }) {
            throw StringTableError(file: file, field: "strings.\(missing)", reason: "missing")
        }
        if let unknown = table.strings.keys.sorted().first(where: { english[$0] == nil }) {
            throw StringTableError(file: file, field: "strings.\(unknown)", reason: "not a key of the string table")
        }
        for key in english.keys.sorted() {
            let text = table.strings[key] ?? ""
            if text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw StringTableError(file: file, field: "strings.\(key)", reason: "must not be empty")
            }
            let expected = StringTable.placeholders(in: english[key] ?? "")
            let found = StringTable.placeholders(in: text)
            if expected != found {
                func list(_ s: Set<String>) -> String {
                    s.isEmpty ? "none" : s.sorted().map { "{\($0)}" }.joined(separator: ", ")
                }
                throw StringTableError(
                    file: file, field: "strings.\(key)",
                    reason: "placeholders must be \(list(expected)) as in English; found \(list(found))")
            }
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, _): return "\(key.stringValue) missing"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context):
            return (context.codingPath.map(\.stringValue) + [context.debugDescription]).joined(separator: ": ")
        case let DecodingError.dataCorrupted(context):
            return (context.underlyingError as NSError?)?.localizedDescription ?? context.debugDescription
        default: return (error as NSError).localizedDescription
        }
    }
}

/// Chooses the language a client sees: `--lang`, else the locale of the environment
/// (`LC_ALL`, then `LC_MESSAGES`, then `LANG`, as POSIX orders them; "de_DE.UTF-8" → "de"), else
/// English. Only languages with a string table can be chosen.
public enum LanguageChoice {
    /// Why `--lang` was refused.
    public struct Unavailable: Error, Equatable, Sendable, CustomStringConvertible {
        public var requested: String
        public var available: [String]
        public var description: String {
            "--lang \(requested): no client text in that language (available: \(available.joined(separator: ", ")))"
        }
    }

    /// The language to show. An explicit `option` without a table is an error; a locale without
    /// one falls back to English silently (the machine's locale is not the client's choice).
    public static func resolve(
        option: String?, environment: [String: String], tables: StringTables
    ) throws(Unavailable) -> String {
        if let option {
            guard let match = tables.match(option.trimmingCharacters(in: .whitespaces)), !option.isEmpty else {
                throw Unavailable(requested: option, available: tables.languages)
            }
            return match
        }
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            // The first variable that is set decides, as in POSIX; "C" and "POSIX" mean English.
            if value == "C" || value == "POSIX" || value.hasPrefix("C.") { return "en" }
            return tables.match(value) ?? "en"
        }
        return "en"
    }
}
