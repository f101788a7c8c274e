import Foundation
import ScreenKit

/// A terminal for `rate --bench-keys`: draws on `inner` (the real curses terminal when there is
/// one) but feeds scripted keys instead of reading the keyboard.
final class BenchTerminal: Terminal {
    let inner: (any Terminal)?
    private var keys: [Key]
    private let fallbackSize = Size(width: 80, height: 24)

    init(inner: (any Terminal)?, keys: [Key]) {
        self.inner = inner
        self.keys = keys.reversed()
    }

    var size: Size { inner?.size ?? fallbackSize }
    var colorMode: ColorMode { inner?.colorMode ?? .none }
    func present(_ screen: Screen) { inner?.present(screen) }
    func nextEvent(timeoutMs: Int) -> TerminalEvent? {
        guard let key = keys.popLast() else { return nil }
        return .key(key)
    }
    func clearAll() { inner?.clearAll() }
    func shutdown() { inner?.shutdown() }
}
