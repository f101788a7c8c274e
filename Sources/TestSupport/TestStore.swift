import Foundation
import Testing

/// A reducer test helper in the style of The Composable Architecture's `TestStore`: each step
/// sends one action and states what it does to the *whole* state (a closure that edits a copy of
/// the state before the step) and the effects it returns, in order. The helper compares the whole
/// state, so an edit the test did not state fails the test, and a failure shows the lines of the
/// two states that differ.
///
/// With `perform`, the effects of a step are carried out and the actions they produce wait for
/// ``receive(_:effects:sourceLocation:_:)``; a step cannot be sent while results wait unread,
/// and ``finish(sourceLocation:)`` checks that none is left.
///
/// ```swift
/// var store = TestStore(ReviewState(now: now), now: now, reduce: ReviewReducer.reduce)
/// store.send(.characterTyped("x")) { $0.screen = .locked(TextEntry(text: "x")) }
/// store.send(.confirmRequested, effects: [.checkPassphrase("x")]) {
///     $0.screen = .locked(TextEntry(notice: "Checking…"))
/// }
/// ```
public struct TestStore<State: Equatable, Action: Equatable, Effect: Equatable> {
    /// The state after the last step.
    public private(set) var state: State
    /// The time every step is reduced at (change it between steps to pass time).
    public var now: Date
    /// Actions produced by performed effects, not yet received.
    public private(set) var pending: [Action] = []
    let reduce: (inout State, Action, Date) -> [Effect]
    let perform: ((Effect) -> [Action])?

    /// A store at `state`; `reduce` is the reducer under test; `perform`, when given, carries
    /// out each step's effects (their actions must then be received).
    public init(
        _ state: State, now: Date, reduce: @escaping (inout State, Action, Date) -> [Effect],
        perform: ((Effect) -> [Action])? = nil
    ) {
        self.state = state
        self.now = now
        self.reduce = reduce
        self.perform = perform
    }

    /// Sends `action`; expects exactly `effects` and the state before the step edited by `update`.
    public mutating func send(
        _ action: Action, effects: [Effect] = [], sourceLocation: SourceLocation = #_sourceLocation,
        _ update: (inout State) -> Void = { _ in }
    ) {
        if !pending.isEmpty {
            Issue.record(
                "send(\(action)) while \(pending.count) action(s) from effects wait to be received: \(pending)",
                sourceLocation: sourceLocation)
        }
        step(action, expectedEffects: effects, label: "send", sourceLocation: sourceLocation, update)
    }

    /// Takes the next action an effect produced, expects it to be `action`, and runs it as a step.
    public mutating func receive(
        _ action: Action, effects: [Effect] = [], sourceLocation: SourceLocation = #_sourceLocation,
        _ update: (inout State) -> Void = { _ in }
    ) {
        guard !pending.isEmpty else {
            Issue.record("receive(\(action)): no action from an effect is waiting", sourceLocation: sourceLocation)
            return
        }
        let next = pending.removeFirst()
        if next != action {
            Issue.record(
                "receive: the next action from an effect differs\n  expected: \(action)\n    actual: \(next)",
                sourceLocation: sourceLocation)
        }
        step(next, expectedEffects: effects, label: "receive", sourceLocation: sourceLocation, update)
    }

    /// Checks that no action from an effect is left unreceived.
    public func finish(sourceLocation: SourceLocation = #_sourceLocation) {
        if !pending.isEmpty {
            Issue.record(
                "\(pending.count) action(s) from effects never received: \(pending)", sourceLocation: sourceLocation)
        }
    }

    private mutating func step(
        _ action: Action, expectedEffects: [Effect], label: String, sourceLocation: SourceLocation,
        _ update: (inout State) -> Void
    ) {
        var expected = state
        update(&expected)
        let effects = reduce(&state, action, now)
        if state != expected {
            let difference = Self.difference(expected: expected, actual: state)
            Issue.record(
                "\(label)(\(action)): the state differs (- expected, + actual):\n\(difference)",
                sourceLocation: sourceLocation)
        }
        if effects != expectedEffects {
            Issue.record(
                "\(label)(\(action)): the effects differ\n  expected: \(expectedEffects)\n    actual: \(effects)",
                sourceLocation: sourceLocation)
        }
        if let perform { for effect in effects { pending += perform(effect) } }
    }

    /// The lines of `dump(expected)` and `dump(actual)` that differ: the common head and tail are
    /// left out (with a line of context each side), long middles are cut.
    public static func difference(expected: State, actual: State, limit: Int = 40) -> String {
        var e = ""
        var a = ""
        dump(expected, to: &e)
        dump(actual, to: &a)
        return lineDifference(expected: e, actual: a, limit: limit)
    }

    /// The differing middle of two texts, line by line (`-` expected, `+` actual, line numbers of
    /// each), at most `limit` lines of each side.
    public static func lineDifference(expected: String, actual: String, limit: Int = 40) -> String {
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        if e == a { return "" }
        var head = 0
        while head < e.count, head < a.count, e[head] == a[head] { head += 1 }
        var tail = 0
        while tail < e.count - head, tail < a.count - head, e[e.count - 1 - tail] == a[a.count - 1 - tail] {
            tail += 1
        }
        let from = max(0, head - 1)
        var out: [String] = []
        func side(_ lines: [Substring], _ mark: String) {
            let end = lines.count - max(0, tail - 1)
            guard from < end else { return }
            for i in from..<min(end, from + limit) {
                let changed = i >= head && i < lines.count - tail
                out.append((changed ? mark : " ") + String(format: "%4d|", i + 1) + lines[i])
            }
            if end - from > limit { out.append(mark + "    … \(end - from - limit) more lines") }
        }
        side(e, "-")
        side(a, "+")
        return out.joined(separator: "\n")
    }
}
