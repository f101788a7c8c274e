/// A table of per-session series read from CSV: the first column is the session number, every
/// other column (named in the header) a series; an empty cell is a missed session.
///
/// ```
/// session,goal,task,bond
/// 1,2.91,3.0,3.62
/// 2,,3.05,3.56
/// ```
/// Rows may come in any order; sessions that have no row are missing in every series.
/// Quoted fields (RFC 4180, `""` for a quote), CRLF line ends, a UTF-8 byte-order mark and
/// blank lines are accepted.
public struct SeriesCSV: Sendable, Equatable {
    /// The series names (header columns 2…).
    public var names: [String]
    /// The first session number.
    public var firstSession: Int
    /// One array per series; `values[s][i]` is the value of series `s` at session `firstSession + i`.
    public var values: [[Double?]]

    /// The largest number of sessions a file may span (guards against a typo like `1000000`).
    public static let maximumSessionSpan = 100_000

    /// Creates a table directly.
    public init(names: [String], firstSession: Int, values: [[Double?]]) {
        self.names = names
        self.firstSession = firstSession
        self.values = values
    }

    /// Number of sessions spanned.
    public var sessionCount: Int { values.first?.count ?? 0 }

    /// The smallest and largest value present, or nil when every cell is empty.
    public var valueRange: ClosedRange<Double>? {
        var lo = Double.infinity
        var hi = -Double.infinity
        for s in values {
            for case let v? in s {
                lo = min(lo, v)
                hi = max(hi, v)
            }
        }
        return lo <= hi ? lo...hi : nil
    }

    /// The series as chart series.
    public var chartSeries: [ChartSeries] {
        zip(names, values).map { ChartSeries(name: $0, values: $1) }
    }

    /// Parses CSV text.
    /// - Throws: ``SeriesCSVError`` naming the line and the problem.
    public static func parse(_ text: String) throws(SeriesCSVError) -> SeriesCSV {
        var records = try splitRecords(text)
        guard let header = records.first else { throw .empty }
        records.removeFirst()
        guard header.fields.count >= 2 else {
            throw .badHeader(line: header.line, reason: "needs a session column and at least one series column")
        }
        let names = header.fields.dropFirst().map { $0.trimmingSpaces }
        var seen = Set<String>()
        for name in names {
            guard !name.isEmpty else { throw .badHeader(line: header.line, reason: "a series column has no name") }
            guard seen.insert(name).inserted else {
                throw .badHeader(line: header.line, reason: "series name '\(name)' appears twice")
            }
        }
        var rows: [(session: Int, line: Int, values: [Double?])] = []
        for record in records {
            guard record.fields.count == header.fields.count else {
                throw .wrongFieldCount(line: record.line, expected: header.fields.count, found: record.fields.count)
            }
            let sessionText = record.fields[0].trimmingSpaces
            guard let session = Int(sessionText) else {
                throw .badSession(line: record.line, text: sessionText)
            }
            var vals: [Double?] = []
            vals.reserveCapacity(names.count)
            for (k, raw) in record.fields.dropFirst().enumerated() {
                let t = raw.trimmingSpaces
                if t.isEmpty {
                    vals.append(nil)
                    continue
                }
                guard let v = Double(t), v.isFinite else {
                    throw .badValue(line: record.line, column: names[k], text: t)
                }
                vals.append(v)
            }
            rows.append((session, record.line, vals))
        }
        guard !rows.isEmpty else { throw .noDataRows }
        var byline: [Int: Int] = [:]
        var minSession = Int.max
        var maxSession = Int.min
        for row in rows {
            if let earlier = byline[row.session] {
                throw .duplicateSession(line: row.line, session: row.session, firstLine: earlier)
            }
            byline[row.session] = row.line
            minSession = min(minSession, row.session)
            maxSession = max(maxSession, row.session)
        }
        let (span, overflow) = maxSession.subtractingReportingOverflow(minSession)
        guard !overflow, span < maximumSessionSpan else {
            throw .sessionSpanTooLarge(first: minSession, last: maxSession)
        }
        var values = Array(repeating: [Double?](repeating: nil, count: span + 1), count: names.count)
        for row in rows {
            let i = row.session - minSession
            for s in 0..<names.count { values[s][i] = row.values[s] }
        }
        return SeriesCSV(names: names, firstSession: minSession, values: values)
    }

    /// A record (one logical CSV line) and the 1-based line where it starts.
    struct Record {
        var line: Int
        var fields: [String]
    }

    /// Splits text into records of fields, honouring quotes; skips blank lines.
    static func splitRecords(_ text: String) throws(SeriesCSVError) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var quotedField = false
        var line = 1
        var recordLine = 1
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var i = 0
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].trimmingSpaces.isEmpty && !quotedField) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
            field = ""
            quotedField = false
        }
        while i < scalars.count {
            let c = scalars[i]
            if inQuotes {
                if c == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                        field.unicodeScalars.append("\"")
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "\"":
                guard !quotedField, field.trimmingSpaces.isEmpty else {
                    throw .badQuote(line: line)
                }
                field = ""
                inQuotes = true
                quotedField = true
            case ",":
                fields.append(field)
                field = ""
                quotedField = false
            case "\r":
                if i + 1 < scalars.count && scalars[i + 1] == "\n" { break }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                if quotedField && c != " " && c != "\t" {
                    // Text after a closing quote, e.g. "a"b.
                    throw .badQuote(line: line)
                }
                if quotedField { break }
                field.unicodeScalars.append(c)
            }
            i += 1
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || quotedField { endRecord() }
        return records
    }
}

/// Why a series CSV could not be read. Every case names the 1-based line when there is one.
public enum SeriesCSVError: Error, Equatable, CustomStringConvertible {
    /// The file has no header.
    case empty
    /// The header is unusable.
    case badHeader(line: Int, reason: String)
    /// A header but no data rows.
    case noDataRows
    /// A row has a different number of fields than the header.
    case wrongFieldCount(line: Int, expected: Int, found: Int)
    /// The session column is not a whole number.
    case badSession(line: Int, text: String)
    /// A value is not a finite number.
    case badValue(line: Int, column: String, text: String)
    /// Two rows for the same session.
    case duplicateSession(line: Int, session: Int, firstLine: Int)
    /// Session numbers span more than ``SeriesCSV/maximumSessionSpan``.
    case sessionSpanTooLarge(first: Int, last: Int)
    /// A quoted field is not closed.
    case unterminatedQuote(line: Int)
    /// A quote in the middle of an unquoted field, or text after a closing quote.
    case badQuote(line: Int)

    /// The line the problem is on, if any.
    public var line: Int? {
        switch self {
        case .empty, .noDataRows, .sessionSpanTooLarge: return nil
        case .badHeader(let l, _), .wrongFieldCount(let l, _, _), .badSession(let l, _), .badValue(let l, _, _),
            .duplicateSession(let l, _, _), .unterminatedQuote(let l), .badQuote(let l):
            return l
        }
    }

    public var description: String {
        switch self {
        case .empty: return "the file is empty (expected a header such as 'session,goal,task,bond')"
        case .badHeader(let l, let reason): return "line \(l): bad header: \(reason)"
        case .noDataRows: return "no data rows after the header"
        case .wrongFieldCount(let l, let e, let f): return "line \(l): expected \(e) fields, found \(f)"
        case .badSession(let l, let t): return "line \(l): session '\(t)' is not a whole number"
        case .badValue(let l, let c, let t): return "line \(l): value '\(t)' in column '\(c)' is not a number"
        case .duplicateSession(let l, let s, let first): return "line \(l): session \(s) already given on line \(first)"
        case .sessionSpanTooLarge(let a, let b):
            return "sessions \(a) to \(b) span more than \(SeriesCSV.maximumSessionSpan) sessions"
        case .unterminatedQuote(let l): return "line \(l): quoted field is not closed"
        case .badQuote(let l): return "line \(l): misplaced quote"
        }
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
