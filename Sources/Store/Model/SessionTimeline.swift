import Foundation

/// A client's clinical timeline: one session per distinct session date, numbered by date order.
///
/// The clinical session number is the rank of the session date among the client's distinct
/// session dates (1 = earliest). A backdated form therefore takes its place in the timeline and
/// every later session moves up by one. Record files keep the number they were saved under
/// (`AdministrationRecord.session`); readers use the rank.
public struct SessionTimeline: Sendable, Equatable {
    /// Distinct session dates, earliest first.
    public private(set) var dates: [SessionDate]

    /// The timeline of the given session dates (duplicates count once).
    public init<S: Sequence>(dates: S) where S.Element == SessionDate {
        self.dates = Array(Set(dates)).sorted()
    }

    /// The session number of `date`, when the client has a session that day.
    public func number(of date: SessionDate) -> Int? {
        let i = insertionIndex(date)
        return i < dates.count && dates[i] == date ? i + 1 : nil
    }

    /// The number `date` has, or would get if a form dated that day were added now.
    public func numberForNew(_ date: SessionDate) -> Int { insertionIndex(date) + 1 }

    /// Adds a date (no effect when present); returns its number and whether it was new.
    @discardableResult
    public mutating func insert(_ date: SessionDate) -> (number: Int, inserted: Bool) {
        let i = insertionIndex(date)
        if i < dates.count && dates[i] == date { return (i + 1, false) }
        dates.insert(date, at: i)
        return (i + 1, true)
    }

    /// The date of session `number`, if it exists.
    public func date(of number: Int) -> SessionDate? {
        number >= 1 && number <= dates.count ? dates[number - 1] : nil
    }

    /// The sessions as number–date pairs, in order.
    public var sessions: [SessionInfo] {
        dates.enumerated().map { SessionInfo(session: $0.offset + 1, date: $0.element) }
    }

    private func insertionIndex(_ date: SessionDate) -> Int {
        var lo = 0
        var hi = dates.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dates[mid] < date { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    // MARK: Plausible dates

    /// The earliest session date accepted for a new form: the published versions of the shipped
    /// instruments date from 1999–2006, so a form dated earlier is a typing error.
    public static let earliestDate: SessionDate = {
        guard let d = try? SessionDate("2000-01-01") else { fatalError("constant date") }
        return d
    }()

    /// Refuses a session date after `today` or before ``earliestDate``.
    public static func checkPlausible(_ date: SessionDate, today: SessionDate) throws(StoreError) {
        if date > today {
            throw .invalid("session date \(date) is in the future (today is \(today))")
        }
        if date < earliestDate {
            throw .invalid("session date \(date) is implausibly old (the earliest accepted is \(earliestDate))")
        }
    }
}
