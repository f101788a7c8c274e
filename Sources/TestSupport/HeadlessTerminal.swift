import ScreenKit

/// A ``Terminal`` for tests: fixed (but changeable) size, scripted events, and a record of every
/// presented frame. Never touches a real terminal.
public final class HeadlessTerminal: Terminal {
    /// The current size.
    public private(set) var size: Size
    /// The colour mode reported to views.
    public var colorMode: ColorMode
    /// Every screen passed to ``present(_:)``, in order.
    public private(set) var frames: [Screen] = []
    /// Events still to be delivered, front first.
    public private(set) var pendingEvents: [TerminalEvent]
    /// How many times ``clearAll()`` was called.
    public private(set) var clearCount = 0
    /// How many times ``shutdown()`` was called.
    public private(set) var shutdownCount = 0
    /// When true, an exhausted script yields `.tick` forever instead of nil (end of input).
    public var ticksWhenIdle: Bool

    /// Creates a headless terminal of `size` that will deliver `events` in order.
    public init(
        size: Size = Size(width: 80, height: 24), events: [TerminalEvent] = [],
        colorMode: ColorMode = .none, ticksWhenIdle: Bool = false
    ) {
        self.size = size
        self.pendingEvents = events
        self.colorMode = colorMode
        self.ticksWhenIdle = ticksWhenIdle
    }

    /// Creates a headless terminal that will deliver these key presses in order.
    public convenience init(size: Size = Size(width: 80, height: 24), keys: [Key]) {
        self.init(size: size, events: keys.map { .key($0) })
    }

    /// The last presented screen, if any.
    public var lastFrame: Screen? { frames.last }

    /// True once ``shutdown()`` has been called.
    public var isShutdown: Bool { shutdownCount > 0 }

    /// Adds events to the end of the script.
    public func enqueue(_ events: TerminalEvent...) {
        pendingEvents.append(contentsOf: events)
    }

    /// Adds key presses to the end of the script.
    public func enqueue(keys: [Key]) {
        pendingEvents.append(contentsOf: keys.map { .key($0) })
    }

    /// Adds one `.char` key press per character of `text` (typing it).
    public func enqueue(typing text: String) {
        pendingEvents.append(contentsOf: text.map { .key(.char($0)) })
    }

    /// Changes the size now and queues the matching `.resize` event next.
    public func resize(to newSize: Size) {
        size = newSize
        pendingEvents.insert(.resize(newSize), at: 0)
    }

    public func present(_ screen: Screen) {
        frames.append(screen)
    }

    public func nextEvent(timeoutMs: Int) -> TerminalEvent? {
        guard !pendingEvents.isEmpty else { return ticksWhenIdle ? .tick : nil }
        let event = pendingEvents.removeFirst()
        if case .resize(let s) = event { size = s }
        return event
    }

    public func clearAll() {
        clearCount += 1
    }

    public func shutdown() {
        shutdownCount += 1
    }
}
