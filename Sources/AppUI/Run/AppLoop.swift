import AppCore
import Foundation
import ScreenKit

/// The app's run loop over any ``Terminal``: render `view(state, size)`, wait for an event,
/// map it to an action, reduce, perform the effects (their results come back as actions), and
/// render again. One thread; nothing here prints.
///
/// Tests drive it with a headless terminal and a fixed clock; the CLI with curses.
public final class AppLoop<T: Terminal> {
    /// The terminal presented to.
    public let terminal: T
    /// The current state.
    public private(set) var state: AppState
    /// Performs store effects (``AppCore/StoreEffects/perform(_:)`` in the app).
    let perform: (Effect) -> [Action]
    /// The current time.
    let now: () -> Date
    /// How long to wait for a key before a tick, in milliseconds.
    public var tickMilliseconds: Int
    /// When set, the time from each key arriving to its frame being presented is recorded here
    /// (for `--bench-keys`).
    public private(set) var keyLatencies: [Duration] = []
    /// Whether to record ``keyLatencies``.
    public var measuresKeys = false
    private var exit: AppExit?

    /// Creates a run loop starting at `state`.
    public init(
        terminal: T, state: AppState, tickMilliseconds: Int = 1_000, now: @escaping () -> Date,
        perform: @escaping (Effect) -> [Action]
    ) {
        self.terminal = terminal
        self.state = state
        self.tickMilliseconds = tickMilliseconds
        self.now = now
        self.perform = perform
    }

    /// Runs until the user quits, the home menu asks for kiosk mode, or input ends (EOF or a
    /// signal). The screen and scrollback are cleared on every way out.
    public func run(initialEffects: [Effect] = []) -> AppExit {
        exit = nil
        for action in handleCollecting(initialEffects) { dispatch(action) }
        render()
        while exit == nil {
            guard let event = terminal.nextEvent(timeoutMs: tickMilliseconds) else {
                exit = .inputEnded
                break
            }
            let started = ContinuousClock.now
            switch event {
            case .key(let key):
                guard let action = KeyBindings.action(for: key, in: state) else { continue }
                dispatch(action)
                if exit == nil { render() }
                if measuresKeys { keyLatencies.append(ContinuousClock.now - started) }
            case .resize:
                render()
            case .tick:
                let before = state
                dispatch(.tick)
                if exit == nil && state != before { render() }
            }
        }
        terminal.clearAll()
        return exit ?? .inputEnded
    }

    /// Sends one action (and the actions its effects produce) through the reducer.
    public func dispatch(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            let effects = AppReducer.reduce(&state, next, now: now())
            queue.append(contentsOf: handleCollecting(effects))
        }
    }

    private func handleCollecting(_ effects: [Effect]) -> [Action] {
        var results: [Action] = []
        for effect in effects {
            switch effect {
            case .clearScreen: terminal.clearAll()
            case .quit: exit = .quit
            case .startKiosk: exit = .startKiosk
            case .startReview: exit = .startReview
            default: results.append(contentsOf: perform(effect))
            }
        }
        return results
    }

    private func render() {
        terminal.present(AppView.render(state, size: terminal.size, colorMode: terminal.colorMode))
    }
}
