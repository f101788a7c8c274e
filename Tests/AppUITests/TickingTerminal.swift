import AppCore
import Foundation
import Instruments
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// A headless terminal whose ticks move a fixed clock forward, for idle-timeout scripts.
final class TickingTerminal: Terminal {
    let inner: HeadlessTerminal
    let clock: FixedClock
    let secondsPerTick: TimeInterval

    init(_ inner: HeadlessTerminal, clock: FixedClock, secondsPerTick: TimeInterval) {
        self.inner = inner
        self.clock = clock
        self.secondsPerTick = secondsPerTick
    }

    var size: Size { inner.size }
    var colorMode: ColorMode { inner.colorMode }
    func present(_ screen: Screen) { inner.present(screen) }
    func nextEvent(timeoutMs: Int) -> TerminalEvent? {
        let event = inner.nextEvent(timeoutMs: timeoutMs)
        if event == .tick { clock.advance(by: secondsPerTick) }
        return event
    }
    func clearAll() { inner.clearAll() }
    func shutdown() { inner.shutdown() }
}
