import Foundation
import Synchronization

/// Terminal settings saved for a signal handler to put back. The handler may run at any moment,
/// so nothing it reads is a plain global: the settings live in one buffer, allocated on first
/// use and never freed, published through atomics (`valid` is cleared before the buffer is
/// written and set after). Save and clear from one thread; ``restore(fd:)`` from anywhere,
/// including a signal handler (atomic loads and `tcsetattr` only).
package final class TermiosSlot: Sendable {
    /// The buffer's address (0: not allocated yet); an `Int` keeps the class `Sendable`.
    private let storage = Atomic<Int>(0)
    private let valid = Atomic<Bool>(false)

    package init() {}

    /// Whether settings are saved.
    package var isSaved: Bool { valid.load(ordering: .acquiring) }

    /// Saves `settings`, replacing what was saved.
    package func save(_ settings: termios) {
        valid.store(false, ordering: .sequentiallyConsistent)
        let buffer: UnsafeMutablePointer<termios>
        if let existing = UnsafeMutablePointer<termios>(bitPattern: storage.load(ordering: .acquiring)) {
            buffer = existing
        } else {
            buffer = .allocate(capacity: 1)
            buffer.initialize(to: settings)
            storage.store(Int(bitPattern: buffer), ordering: .releasing)
        }
        buffer.pointee = settings
        valid.store(true, ordering: .sequentiallyConsistent)
    }

    /// Saves the current settings of `fd`; false (nothing saved) when it is not a terminal.
    @discardableResult
    package func saveCurrent(of fd: Int32 = 0) -> Bool {
        var current = termios()
        guard tcgetattr(fd, &current) == 0 else { return false }
        save(current)
        return true
    }

    /// Forgets the saved settings.
    package func clear() {
        valid.store(false, ordering: .sequentiallyConsistent)
    }

    /// Puts the saved settings back on `fd`, if any. Async-signal-safe.
    @discardableResult
    package func restore(fd: Int32 = 0) -> Bool {
        guard valid.load(ordering: .acquiring),
            let buffer = UnsafeMutablePointer<termios>(bitPattern: storage.load(ordering: .acquiring))
        else { return false }
        return tcsetattr(fd, TCSANOW, buffer) == 0
    }
}
