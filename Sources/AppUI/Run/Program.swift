import AppCore
import Foundation
import ScreenKit

/// What the runtime does with an effect itself instead of handing it to the effect runner.
public enum RuntimeCommand: Sendable, Equatable {
    /// Clear the screen and the scroll-back (the front end's clear).
    case clearScreen
    /// End the run with this reason (after the current action's other effects).
    case exit(AppExit)
}

/// A program the ``Runtime`` runs: a state, the actions that change it, and the effects the
/// reducer asks for. Pure: `reduce` does no I/O; effects are performed outside and come back as
/// actions. The front ends add how the state is shown and how input becomes actions
/// (``ScreenProgram`` for curses and the headless terminal, ``LineProgram`` for `--plain`).
public protocol Program {
    associatedtype State: Equatable
    associatedtype Action
    associatedtype Effect

    /// The action sent when a tick passes without input (idle timeouts, the thank-you timeout).
    static var tick: Action { get }

    /// Applies `action` to `state` and returns the effects to perform, in order.
    static func reduce(_ state: inout State, _ action: Action, now: Date) -> [Effect]

    /// The effects the runtime handles itself (clearing, ending the run); nil for the rest,
    /// which go to the effect runner.
    static func command(for effect: Effect) -> RuntimeCommand?

    /// Whether `effect` may take long enough to be noticed (a key derivation, reading a
    /// caseload): the front end shows the current state before it runs, so the screen the
    /// reducer set for the wait ("Checking…", "Opening…") is seen.
    static func isSlow(_ effect: Effect) -> Bool
}

/// A program with a full-screen front end: a view of the state and key bindings.
public protocol ScreenProgram: Program {
    /// The frame for `state` at `size`.
    static func view(_ state: State, size: Size, colorMode: ColorMode) -> Screen
    /// The action for `key` on `state`'s screen, or nil when the key does nothing there.
    static func action(for key: Key, in state: State) -> Action?
}

/// A program with a line front end (`--plain`): a prompt per state and typed lines as actions.
public protocol LineProgram: Program {
    /// The text printed before the next line is read (without the screen's notice when
    /// `showNotice` is false: it was printed already, or a "not understood" replaced it).
    static func prompt(_ state: State, showNotice: Bool) -> String
    /// The actions one typed line means, or nil when it is not understood.
    static func actions(for line: String, in state: State) -> [Action]?
    /// Printed instead of the notice when a line is not understood.
    static var notUnderstood: String { get }
    /// Printed instead of the notice when a line is not understood on `state`'s screen (by
    /// default ``notUnderstood``; a program of several parts answers for the part on screen).
    static func notUnderstood(in state: State) -> String
    /// Whether the next line is a secret (the terminal must not echo it).
    static func readsSecret(_ state: State) -> Bool
    /// A line telling what the program is waiting for ("Checking…"), printed before a slow
    /// effect; nil when there is nothing to tell.
    static func progress(_ state: State) -> String?
    /// An action to send after a line's actions (nil: none).
    static func followUp(_ state: State) -> Action?
}

extension LineProgram {
    public static func progress(_ state: State) -> String? { nil }
    public static func followUp(_ state: State) -> Action? { nil }
    public static func notUnderstood(in state: State) -> String { notUnderstood }
}
