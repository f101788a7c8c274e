import AppCore
import Foundation
import ScreenKit

/// The review screens' run loop over any ``Terminal``, in the pattern of ``AppLoop``: render,
/// wait for an event, map it to an action, reduce, perform the effects (results come back as
/// actions), render again. One thread; nothing here prints.
public final class ReviewLoop<T: Terminal> {
    /// The terminal presented to.
    public let terminal: T
    /// The current state.
    public private(set) var state: ReviewState
    let perform: (ReviewEffect) -> [ReviewAction]
    let now: () -> Date
    /// How long to wait for a key before a tick, in milliseconds.
    public var tickMilliseconds: Int
    private var exit: AppExit?

    /// Creates a loop starting at `state`.
    public init(
        terminal: T, state: ReviewState, tickMilliseconds: Int = 1_000, now: @escaping () -> Date,
        perform: @escaping (ReviewEffect) -> [ReviewAction]
    ) {
        self.terminal = terminal
        self.state = state
        self.tickMilliseconds = tickMilliseconds
        self.now = now
        self.perform = perform
    }

    /// Runs until the therapist quits or input ends; the screen and scrollback are cleared on
    /// the way out.
    public func run() -> AppExit {
        exit = nil
        render()
        while exit == nil {
            guard let event = terminal.nextEvent(timeoutMs: tickMilliseconds) else {
                exit = .inputEnded
                break
            }
            switch event {
            case .key(let key):
                guard let action = ReviewKeyBindings.action(for: key, in: state) else { continue }
                dispatch(action)
                if exit == nil { render() }
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

    /// Sends one action (and the actions its effects produce) through the reducer. A loading
    /// screen is presented before slow effects run, so the therapist sees what is happening.
    public func dispatch(_ action: ReviewAction) {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            let effects = ReviewReducer.reduce(&state, next, now: now())
            for effect in effects {
                switch effect {
                case .clearScreen: terminal.clearAll()
                case .quit: exit = .quit
                default:
                    if case .loading = state.screen { render() }
                    queue.append(contentsOf: perform(effect))
                }
            }
        }
    }

    private func render() {
        terminal.present(ReviewAppView.render(state, size: terminal.size, colorMode: terminal.colorMode))
    }
}
