import Foundation

/// RFC 4180 CSV: fields quoted when they hold a comma, quote, CR or LF; quotes doubled; CRLF or LF
/// line ends read alike.
public enum CSV {
    public static func field(_ s: String) -> String {
        // The bytes first: a field without these bytes (nearly every one) holds none of these
        // characters either; one with them is checked by character, as it always was.
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\n"
    }

    public enum ParseError: Error, Equatable, CustomStringConvertible {
        case unterminatedQuote(line: Int)
        case textAfterQuote(line: Int)
        public var description: String {
            switch self {
            case .unterminatedQuote(let line): "line \(line): a quoted field is not closed"
            case .textAfterQuote(let line): "line \(line): text after a closing quote"
            }
        }
    }

    /// Parses CSV text into rows of fields. A UTF-8 byte-order mark and a final line end are ignored;
    /// blank lines are skipped.
    public static func parse(_ text: String) throws(ParseError) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var inQuotes = false
        var afterQuote = false
        var line = 1
        var quoteStart = 1
        var chars = Substring(text)
        if chars.first == "\u{FEFF}" { chars = chars.dropFirst() }
        func endRow() {
            row.append(field)
            if !(row.count == 1 && row[0].isEmpty) { rows.append(row) }
            row = []
            field = ""
        }
        var iterator = chars.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" {
                            field.append("\"")
                        } else {
                            inQuotes = false
                            afterQuote = true
                            pending = next
                        }
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case ",":
                row.append(field)
                field = ""
                afterQuote = false
            case "\n", "\r\n", "\r":
                endRow()
                afterQuote = false
                line += 1
            case "\"" where field.isEmpty && !afterQuote:
                inQuotes = true
                quoteStart = line
            default:
                if afterQuote { throw .textAfterQuote(line: line) }
                field.append(c)
            }
        }
        if inQuotes { throw .unterminatedQuote(line: quoteStart) }
        if !field.isEmpty || !row.isEmpty || afterQuote { endRow() }
        return rows
    }
}
