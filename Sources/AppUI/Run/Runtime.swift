import AppCore
import Foundation

/// The one run loop's core, shared by every front end: sends an action through the program's
/// reducer, handles the runtime's own effects (clear, exit), hands the rest to `perform`, and
/// feeds their results back as actions until none are left. Before a slow effect it calls
/// `beforeSlowEffect`, where a front end shows the current state. One thread; nothing here
/// prints.
public final class Runtime<P: Program> {
    /// The current state.
    public private(set) var state: P.State
    /// Why the run ended, once it has.
    public private(set) var exit: AppExit?
    let now: () -> Date
    let perform: (P.Effect) -> [P.Action]
    /// Called for ``RuntimeCommand/clearScreen``.
    var clearScreen: () -> Void = {}
    /// Called with the current state before a slow effect runs (see ``Program/isSlow(_:)``).
    var beforeSlowEffect: (P.State) -> Void = { _ in }

    /// A runtime starting at `state`; `perform` runs an effect and returns the resulting actions.
    public init(state: P.State, now: @escaping () -> Date, perform: @escaping (P.Effect) -> [P.Action]) {
        self.state = state
        self.now = now
        self.perform = perform
    }

    /// Sends one action (and the actions its effects produce) through the reducer.
    public func dispatch(_ action: P.Action) {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            queue.append(contentsOf: run(P.reduce(&state, next, now: now())))
        }
    }

    /// Performs effects in order (those given at start-up, or a reducer's) and returns the
    /// actions they produced, not yet dispatched.
    func run(_ effects: [P.Effect]) -> [P.Action] {
        var results: [P.Action] = []
        for effect in effects {
            switch P.command(for: effect) {
            case .clearScreen: clearScreen()
            case .exit(let reason): exit = reason
            case nil:
                if P.isSlow(effect) { beforeSlowEffect(state) }
                results.append(contentsOf: perform(effect))
            }
        }
        return results
    }

    /// Starts a run: clears a previous exit and performs the start-up effects (before the first
    /// frame, which shows their outcome).
    func start(_ initialEffects: [P.Effect]) {
        exit = nil
        for action in run(initialEffects) { dispatch(action) }
    }

    /// Ends the run because input ended (EOF or a signal), unless it already ended.
    func inputEnded() {
        if exit == nil { exit = .inputEnded }
    }
}
