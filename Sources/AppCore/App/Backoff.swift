import Foundation

/// Slows down wrong tries: after the second wrong try in a row, each further try must wait
/// 2, 4, 8 … seconds (at most a minute). A right try resets it.
public struct Backoff: Sendable, Equatable {
    /// Wrong tries in a row.
    public var failures: Int
    /// No try is checked before this time.
    public var lockedUntil: Date?

    /// Creates a backoff (default: no wrong tries yet).
    public init(failures: Int = 0, lockedUntil: Date? = nil) {
        self.failures = failures
        self.lockedUntil = lockedUntil
    }

    /// Whole seconds still to wait at `now` (0: may try).
    public func secondsToWait(at now: Date) -> Int {
        guard let until = lockedUntil, until > now else { return 0 }
        return Int(until.timeIntervalSince(now).rounded(.up))
    }

    /// Records a wrong try at `now`.
    public mutating func recordFailure(at now: Date) {
        failures += 1
        let delay = failures < 2 ? 0 : min(60, 1 << min(failures - 1, 6))
        lockedUntil = delay > 0 ? now.addingTimeInterval(TimeInterval(delay)) : nil
    }

    /// Records a right try.
    public mutating func reset() {
        failures = 0
        lockedUntil = nil
    }
}
