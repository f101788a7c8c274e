import AppCore
import Foundation
import ScreenKit

/// The full-screen front end of the ``Runtime`` over any ``Terminal`` (curses in the app, the
/// headless terminal in tests): present `view(state, size)`, wait for an event, map it to an
/// action, reduce and perform, present again. The current state is also presented before a slow
/// effect runs, when it changed since the last frame (start-up effects run before the first
/// frame). Ticks redraw only when they changed the state. The screen and scroll-back are cleared
/// on every way out.
public final class ScreenRunner<P: ScreenProgram, T: Terminal> {
    /// The terminal presented to.
    public let terminal: T
    /// How long to wait for a key before a tick, in milliseconds.
    public var tickMilliseconds: Int
    let runtime: Runtime<P>
    private var drawn: P.State?
    /// False while the start-up effects run (before the first frame, nothing is drawn).
    private var started = false

    /// The current state.
    public var state: P.State { runtime.state }

    /// A runner starting at `state`; `perform` runs an effect and returns the resulting actions.
    public init(
        terminal: T, state: P.State, tickMilliseconds: Int = 1_000, now: @escaping () -> Date,
        perform: @escaping (P.Effect) -> [P.Action]
    ) {
        self.terminal = terminal
        self.tickMilliseconds = tickMilliseconds
        runtime = Runtime(state: state, now: now, perform: perform)
        runtime.clearScreen = { [unowned self] in self.terminal.clearAll() }
        runtime.beforeSlowEffect = { [unowned self] state in
            if self.started && state != self.drawn { self.draw() }
        }
    }

    /// Runs until the program ends the run or input ends (EOF or a signal; the caller checks
    /// which). `initialEffects` run before the first frame.
    public func run(initialEffects: [P.Effect] = []) -> AppExit {
        drawn = nil
        started = false
        runtime.start(initialEffects)
        started = true
        draw()
        while runtime.exit == nil {
            guard let event = terminal.nextEvent(timeoutMs: tickMilliseconds) else {
                runtime.inputEnded()
                break
            }
            switch event {
            case .key(let key):
                guard let action = P.action(for: key, in: state) else { continue }
                runtime.dispatch(action)
                if runtime.exit == nil { draw() }
            case .resize:
                draw()
            case .tick:
                let before = state
                runtime.dispatch(P.tick)
                if runtime.exit == nil && state != before { draw() }
            }
        }
        terminal.clearAll()
        return runtime.exit ?? .inputEnded
    }

    /// Sends one action (and the actions its effects produce) through the reducer.
    public func dispatch(_ action: P.Action) {
        runtime.dispatch(action)
    }

    private func draw() {
        drawn = state
        terminal.present(P.view(state, size: terminal.size, colorMode: terminal.colorMode))
    }
}
