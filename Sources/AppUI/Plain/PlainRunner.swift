import AppCore
import Foundation

/// The `--plain` run loop: prints the current prompt, reads a line, reduces, performs effects.
/// Input and output are injected, so tests feed lines in and read the text back.
///
/// There are no ticks: a blocked read cannot time out, so the idle timeout does not apply.
public final class PlainRunner {
    public private(set) var state: AppState
    let perform: (Effect) -> [Action]
    let now: () -> Date
    let readLine: () -> String?
    let readSecretLine: (() -> String?)?
    let write: (String) -> Void
    private var exit: AppExit?

    /// Creates a runner; `readLine` returns nil at end of input. `readSecretLine`, when given,
    /// reads the therapist's passphrase at the kiosk unlock prompt instead of `readLine`: on a
    /// terminal, with echo off, so the passphrase never shows on the shared screen.
    public init(
        state: AppState, now: @escaping () -> Date, perform: @escaping (Effect) -> [Action],
        readLine: @escaping () -> String?, readSecretLine: (() -> String?)? = nil,
        write: @escaping (String) -> Void
    ) {
        self.state = state
        self.now = now
        self.perform = perform
        self.readLine = readLine
        self.readSecretLine = readSecretLine
        self.write = write
    }

    /// Runs until the user quits, a rate battery ends, or input ends (the draft is kept).
    public func run(initialEffects: [Effect] = []) -> AppExit {
        for action in effects(initialEffects) { dispatch(action) }
        while exit == nil {
            write(PlainView.prompt(state))
            var secret = false
            if case .unlock = state.phase { secret = readSecretLine != nil }
            guard let line = secret ? readSecretLine?() : readLine() else {
                exit = .inputEnded
                break
            }
            if secret { write("\n") }  // the Enter that ended the passphrase was not echoed either
            guard let actions = PlainBindings.actions(for: line, in: state) else {
                write("Not understood; type ? and Enter for the keys.\n")
                continue
            }
            for action in actions where exit == nil {
                dispatch(action)
            }
            if case .questionnaire(let q) = state.phase, q.step == .review, !q.pendingNumber.isEmpty {
                dispatch(.confirmRequested)
            }
        }
        write("\n")
        return exit ?? .inputEnded
    }

    func dispatch(_ action: Action) {
        var queue = [action]
        while !queue.isEmpty {
            let next = queue.removeFirst()
            queue.append(contentsOf: effects(AppReducer.reduce(&state, next, now: now())))
        }
    }

    private func effects(_ effects: [Effect]) -> [Action] {
        var results: [Action] = []
        for effect in effects {
            switch effect {
            case .clearScreen: break
            case .quit: exit = .quit
            case .startKiosk: exit = .startKiosk
            case .startReview: exit = .startReview
            default: results.append(contentsOf: perform(effect))
            }
        }
        return results
    }
}
