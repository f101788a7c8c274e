import AppCore
import Foundation

/// Maps one typed line (`--plain`) to actions. nil: the line means nothing here.
public enum PlainBindings {
    /// The actions for one line typed on `state`'s screen (an empty line is Enter).
    public static func actions(for rawLine: String, in state: AppState) -> [Action]? {
        let line = rawLine.trimmingCharacters(in: .whitespaces)
        if state.askingPresence { return [.presenceConfirmed] }
        if state.showingHelp { return [.helpDismissed] }
        switch state.phase {
        case .home:
            if line == "q" { return [.quitRequested] }
            if line == "?" { return [.helpRequested] }
            if let n = Int(line), let choice = HomeChoice(rawValue: n - 1) { return [.menuChosen(choice)] }
            return nil
        case .clientPrompt:
            var id = line
            var actions: [Action] = []
            if id.hasSuffix(" t") {
                id = String(id.dropLast(2)).trimmingCharacters(in: .whitespaces)
                actions.append(.raterToggled)
            }
            return actions + typed(id)
        case .welcome:
            if line == "q" { return [.quitRequested] }
            if line == "l" { return [.characterTyped("l")] }
            return typed(line)
        case .unlock, .locked:
            if rawLine.isEmpty { return [.cancelRequested] }
            return typed(rawLine)
        case .form:
            if line == "q" { return [.cancelRequested] }
            return typed(line)
        case .opening:
            return []
        case .thanks, .message:
            if state.mode == .kiosk, !line.isEmpty, line.allSatisfy({ $0.isASCII && $0.isNumber }) {
                return typed(line)  // the next person's code, typed while the thank-you showed
            }
            return line == "q" ? [.quitRequested] : [.confirmRequested]
        case .questionnaire(let q):
            switch line {
            case "?": return [.helpRequested]
            case "f": return [.finishLaterRequested]
            case "q": return state.mode == .kiosk ? nil : [.quitRequested]
            case "b", "<", "back": return [.backRequested]
            default: break
            }
            switch q.step {
            case .intro:
                return line.isEmpty ? [.confirmRequested] : nil
            case .item:
                if line.isEmpty { return [.confirmRequested] }
                if line == "s" { return [.skipRequested] }
                if let n = Int(line) { return [.answerChosen(n)] }
                return nil
            case .review:
                if line.isEmpty { return [.confirmRequested] }
                guard Int(line) != nil else { return nil }
                let digits = line.compactMap { $0.wholeNumberValue }
                return digits.map { .reviewNumberTyped($0) }
            }
        }
    }

    static func typed(_ text: String) -> [Action] {
        text.map { .characterTyped($0) } + [.confirmRequested]
    }
}
