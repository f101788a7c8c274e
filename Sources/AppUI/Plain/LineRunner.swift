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

/// The line front end (`--plain`) of the ``Runtime``: prints the current prompt, reads a line,
/// reduces, performs effects. Input and output are injected, so tests feed lines (and time-outs)
/// in and read the text back.
///
/// Reads wait at most ``tickSeconds``; a read that times out is a tick, so the idle timeout and
/// the kiosk's thank-you timeout work as on the full screen. The prompt is printed again only when
/// the state changed. Before a slow effect the program's progress line ("Checking…") is printed.
/// `clearScreen` is called for the clear-screen effect (at the end of a battery, on an idle wipe).
public final class LineRunner<P: LineProgram> {
    let runtime: Runtime<P>
    let read: (_ secret: Bool, _ timeoutSeconds: Double) -> PlainInput
    let write: (String) -> Void
    /// The longest a read waits before a tick.
    public var tickSeconds: Double = 1
    private var progressShown: P.State?
    /// False while the start-up effects run (their outcome is the first prompt).
    private var started = false

    /// The current state.
    public var state: P.State { runtime.state }

    /// Creates a runner. `read(secret, timeout)` returns the next line, `.timedOut` after
    /// `timeout` seconds without one, or `.ended`; `secret` is true at a passphrase prompt, where
    /// a terminal must not echo (the caller turns echo off).
    public init(
        state: P.State, now: @escaping () -> Date, perform: @escaping (P.Effect) -> [P.Action],
        read: @escaping (_ secret: Bool, _ timeoutSeconds: Double) -> PlainInput,
        clearScreen: @escaping () -> Void = {}, write: @escaping (String) -> Void
    ) {
        runtime = Runtime(state: state, now: now, perform: perform)
        self.read = read
        self.write = write
        runtime.clearScreen = clearScreen
        runtime.beforeSlowEffect = { [unowned self] state in
            guard self.started, state != self.progressShown, let line = P.progress(state) else { return }
            self.progressShown = state
            self.write(line)
        }
    }

    /// A runner over plain line sources that never time out (scripts, tests): `readLine` returns
    /// nil at end of input; `readSecretLine`, when given, reads at a passphrase prompt instead.
    public convenience init(
        state: P.State, now: @escaping () -> Date, perform: @escaping (P.Effect) -> [P.Action],
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

    /// Runs until the program ends the run or input ends.
    public func run(initialEffects: [P.Effect] = []) -> AppExit {
        progressShown = nil
        started = false
        runtime.start(initialEffects)
        started = true
        var promptDue = true
        var showNotice = true
        while runtime.exit == nil {
            if promptDue { write(P.prompt(state, showNotice: showNotice)) }
            promptDue = false
            showNotice = true
            let secret = P.readsSecret(state)
            switch read(secret, tickSeconds) {
            case .ended:
                runtime.inputEnded()
            case .timedOut:
                let before = state
                runtime.dispatch(P.tick)
                if state != before {
                    write("\n")
                    promptDue = true
                }
            case .line(let line):
                promptDue = true
                if secret { write("\n") }  // the Enter that ended the secret was not echoed either
                guard let actions = P.actions(for: line, in: state) else {
                    // Only this message: the screen's earlier notice is stale now.
                    write(P.notUnderstood(in: state))
                    showNotice = false
                    continue
                }
                for action in actions where runtime.exit == nil { runtime.dispatch(action) }
                if runtime.exit == nil, let action = P.followUp(state) { runtime.dispatch(action) }
            }
        }
        write("\n")
        return runtime.exit ?? .inputEnded
    }

    /// Sends one action (and the actions its effects produce) through the reducer.
    public func dispatch(_ action: P.Action) {
        runtime.dispatch(action)
    }
}
