import AppCore
import Foundation

/// What one read of the `--plain` loop gave.
public enum PlainInput: Equatable, Sendable {
    /// A typed line, without its newline.
    case line(String)
    /// Nothing was typed within the tick interval.
    case timedOut
    /// End of input.
    case ended
}

/// The `--plain` run loop: prints the current prompt, reads a line, reduces, performs effects.
/// Input and output are injected, so tests feed lines (and time-outs) in and read the text back.
///
/// Reads wait at most ``tickSeconds``; a read that times out is a `tick`, so the idle timeout and
/// the kiosk's thank-you timeout work as on the full screen. The prompt is printed again only when
/// the state changed. `clearScreen` is called for the reducer's clear-screen effect (at the end of
/// a battery and on an idle wipe).
public final class PlainRunner {
    public private(set) var state: AppState
    let perform: (Effect) -> [Action]
    let now: () -> Date
    let read: (_ secret: Bool, _ timeoutSeconds: Double) -> PlainInput
    let clearScreen: () -> Void
    let write: (String) -> Void
    /// The longest a read waits before a tick.
    public var tickSeconds: Double = 1
    private var exit: AppExit?

    /// Creates a runner. `read(secret, timeout)` returns the next line, `.timedOut` after
    /// `timeout` seconds without one, or `.ended`; `secret` is true at the kiosk's passphrase
    /// prompt, where a terminal must not echo (the caller turns echo off).
    public init(
        state: AppState, now: @escaping () -> Date, perform: @escaping (Effect) -> [Action],
        read: @escaping (_ secret: Bool, _ timeoutSeconds: Double) -> PlainInput,
        clearScreen: @escaping () -> Void = {}, write: @escaping (String) -> Void
    ) {
        self.state = state
        self.now = now
        self.perform = perform
        self.read = read
        self.clearScreen = clearScreen
        self.write = write
    }

    /// A runner over plain line sources that never time out (scripts, tests): `readLine` returns
    /// nil at end of input; `readSecretLine`, when given, reads at the passphrase prompt instead.
    public convenience init(
        state: AppState, now: @escaping () -> Date, perform: @escaping (Effect) -> [Action],
        readLine: @escaping () -> String?, readSecretLine: (() -> String?)? = nil,
        write: @escaping (String) -> Void
    ) {
        self.init(
            state: state, now: now, perform: perform,
            read: { secret, _ in
                let line = secret ? (readSecretLine ?? readLine)() : readLine()
                return line.map(PlainInput.line) ?? .ended
            }, write: write)
    }

    /// Runs until the user quits, a rate battery ends, or input ends (the draft is kept).
    public func run(initialEffects: [Effect] = []) -> AppExit {
        for action in effects(initialEffects) { dispatch(action) }
        var promptDue = true
        var showNotice = true
        while exit == nil {
            if promptDue { write(PlainView.prompt(state, showNotice: showNotice)) }
            promptDue = false
            showNotice = true
            var secret = false
            if case .unlock = state.phase { secret = true }
            if case .locked = state.phase, !state.askingPresence { secret = true }
            switch read(secret, tickSeconds) {
            case .ended:
                exit = .inputEnded
            case .timedOut:
                let before = state
                dispatch(.tick)
                if state != before {
                    write("\n")
                    promptDue = true
                }
            case .line(let line):
                promptDue = true
                if secret { write("\n") }  // the Enter that ended the passphrase was not echoed either
                guard let actions = PlainBindings.actions(for: line, in: state) else {
                    // Only this message: the screen's earlier notice is stale now.
                    write("Not understood; type ? and Enter for the commands.\n")
                    showNotice = false
                    continue
                }
                for action in actions where exit == nil {
                    dispatch(action)
                }
                if case .questionnaire(let q) = state.phase, q.step == .review, !q.pendingNumber.isEmpty {
                    dispatch(.confirmRequested)
                }
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
            case .clearScreen: clearScreen()
            case .quit: exit = .quit
            case .startKiosk: exit = .startKiosk
            case .startReview: exit = .startReview
            default: results.append(contentsOf: perform(effect))
            }
        }
        return results
    }
}
