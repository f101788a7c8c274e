import ScreenKit

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
        var t = text
        let result = t.withUTF8 { buffer in
            Result { () throws(SeriesCSVError) -> SeriesCSV in try parse(utf8: buffer) }
        }
        return try result.get()
    }

    /// Parses CSV given as UTF-8 bytes (the fast path: no `String` per field).
    /// - Throws: ``SeriesCSVError`` naming the line and the problem.
    public static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(SeriesCSVError) -> SeriesCSV {
        var reader = CSVRecordReader(bytes)
        guard let headerLine = try reader.next() else { throw .empty }
        let columnCount = reader.fieldCount
        guard columnCount >= 2 else {
            throw .badHeader(line: headerLine, reason: "needs a session column and at least one series column")
        }
        var names: [String] = []
        var seen = Set<String>()
        for k in 1..<columnCount {
            let name = reader.trimmed(k)
            guard !name.isEmpty else { throw .badHeader(line: headerLine, reason: "a series column has no name") }
            guard seen.insert(name).inserted else {
                throw .badHeader(line: headerLine, reason: "series name '\(name)' appears twice")
            }
            names.append(name)
        }
        let seriesCount = names.count
        var sessions: [Int] = []
        var lines: [Int] = []
        var columns = [[Double?]](repeating: [], count: seriesCount)  // in file order
        var consecutive = true  // sessions so far are n, n+1, n+2, …
        while let line = try reader.next() {
            guard reader.fieldCount == columnCount else {
                throw .wrongFieldCount(line: line, expected: columnCount, found: reader.fieldCount)
            }
            guard let session = reader.integer(0) else {
                throw .badSession(line: line, text: reader.trimmed(0))
            }
            if let previous = sessions.last, previous &+ 1 != session { consecutive = false }
            sessions.append(session)
            lines.append(line)
            for k in 1..<columnCount {
                switch reader.number(k) {
                case .empty: columns[k - 1].append(nil)
                case .value(let v): columns[k - 1].append(v)
                case .invalid:
                    throw .badValue(line: line, column: names[k - 1], text: reader.trimmed(k))
                }
            }
        }
        guard let firstSession = sessions.min(), let lastSession = sessions.max() else { throw .noDataRows }
        if consecutive {
            // The common case: rows already in session order without holes.
            return SeriesCSV(names: names, firstSession: firstSession, values: columns)
        }
        let (span, overflow) = lastSession.subtractingReportingOverflow(firstSession)
        // Duplicates first (they name a line), then the span.
        var lineOfSession: [Int: Int] = [:]
        if overflow || span >= maximumSessionSpan || span + 1 != sessions.count {
            lineOfSession.reserveCapacity(sessions.count)
            for (row, session) in sessions.enumerated() {
                if let earlier = lineOfSession[session] {
                    throw .duplicateSession(line: lines[row], session: session, firstLine: earlier)
                }
                lineOfSession[session] = lines[row]
            }
        }
        guard !overflow, span < maximumSessionSpan else {
            throw .sessionSpanTooLarge(first: firstSession, last: lastSession)
        }
        var values = Array(repeating: [Double?](repeating: nil, count: span + 1), count: seriesCount)
        var filled = [Bool](repeating: false, count: span + 1)
        for (row, session) in sessions.enumerated() {
            let i = session - firstSession
            if filled[i] {
                // Only reachable when the span check above was skipped: cannot happen, but never
                // silently overwrite.
                let earlier = lines[sessions.firstIndex(of: session) ?? row]
                throw .duplicateSession(line: lines[row], session: session, firstLine: earlier)
            }
            filled[i] = true
            for s in 0..<seriesCount { values[s][i] = columns[s][row] }
        }
        return SeriesCSV(names: names, firstSession: firstSession, values: values)
    }
}

/// Reads CSV records from UTF-8 bytes: quotes (RFC 4180, `""` inside quotes), CRLF, a BOM,
/// blank lines skipped. Field contents are kept in one reused byte buffer.
struct CSVRecordReader {
    /// A field's value as a number.
    enum Number {
        case empty
        case value(Double)
        case invalid
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position: Int
    private var line = 1
    /// Unquoted contents of the current record's fields, back to back.
    private var content: [UInt8] = []
    /// End offset in `content` of each field of the current record.
    private var ends: [Int] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = bytes.count >= 3 && Array(bytes[0..<3]) == bom ? 3 : 0
        content.reserveCapacity(256)
        ends.reserveCapacity(16)
    }

    /// Fields in the current record.
    var fieldCount: Int { ends.count }

    /// Reads the next non-blank record; returns its first line number, or nil at the end.
    mutating func next() throws(SeriesCSVError) -> Int? {
        while position < bytes.count {
            let recordLine = line
            content.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
            var quoted = false  // the current field was quoted (and is closed)
            var anyQuoted = false
            recordLoop: while position < bytes.count {
                let c = bytes[position]
                switch c {
                case UInt8(ascii: "\""):
                    guard !quoted, isBlank(from: ends.last ?? 0) else { throw .badQuote(line: line) }
                    content.removeSubrange((ends.last ?? 0)...)
                    position += 1
                    var closed = false
                    while position < bytes.count {
                        let q = bytes[position]
                        position += 1
                        if q == UInt8(ascii: "\"") {
                            if position < bytes.count && bytes[position] == UInt8(ascii: "\"") {
                                content.append(q)
                                position += 1
                                continue
                            }
                            closed = true
                            break
                        }
                        if q == UInt8(ascii: "\n") { line += 1 }
                        content.append(q)
                    }
                    guard closed else { throw .unterminatedQuote(line: recordLine) }
                    quoted = true
                    anyQuoted = true
                    continue
                case UInt8(ascii: ","):
                    ends.append(content.count)
                    quoted = false
                case UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    position += 1
                    if c == UInt8(ascii: "\r") && position < bytes.count && bytes[position] == UInt8(ascii: "\n") {
                        position += 1
                    }
                    line += 1
                    break recordLoop
                case UInt8(ascii: " "), UInt8(ascii: "\t"):
                    if !quoted { content.append(c) }
                default:
                    if quoted { throw .badQuote(line: line) }
                    content.append(c)
                }
                position += 1
            }
            ends.append(content.count)
            if ends.count == 1 && !anyQuoted && isBlank(from: 0) { continue }
            return recordLine
        }
        return nil
    }

    private func isBlank(from start: Int) -> Bool {
        var i = start
        while i < content.count {
            if content[i] != UInt8(ascii: " ") && content[i] != UInt8(ascii: "\t") { return false }
            i += 1
        }
        return true
    }

    /// Field `k` without the spaces and tabs around it, as a string (invalid UTF-8 replaced).
    /// Trimmed as bytes, before a `String` exists: trimming a `String` walks it by `Character`.
    func trimmed(_ k: Int) -> String {
        var lo = k == 0 ? 0 : ends[k - 1]
        var hi = ends[k]
        while lo < hi && (content[lo] == UInt8(ascii: " ") || content[lo] == UInt8(ascii: "\t")) { lo += 1 }
        while hi > lo && (content[hi - 1] == UInt8(ascii: " ") || content[hi - 1] == UInt8(ascii: "\t")) { hi -= 1 }
        return String(decoding: content[lo..<hi], as: UTF8.self)
    }

    /// Field `k` as a whole number (spaces and tabs around it allowed), or nil.
    func integer(_ k: Int) -> Int? {
        Int(trimmed(k))
    }

    /// Field `k` as a finite number (empty → ``Number/empty``), as `Double(String)` reads it.
    func number(_ k: Int) -> Number {
        let text = trimmed(k)
        guard !text.isEmpty else { return .empty }
        guard let v = Double(text), v.isFinite else { return .invalid }
        return .value(v)
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
