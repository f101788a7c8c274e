import Foundation

/// Names put into `{therapist}` and `{client}` placeholders.
public struct PlaceholderNames: Sendable, Equatable {
    public var therapist: String?
    public var client: String?
    public init(therapist: String? = nil, client: String? = nil) {
        self.therapist = therapist
        self.client = client
    }

    /// Default wording when no name is on record.
    public static let defaultTherapist = "my therapist"
    public static let defaultClient = "my client"
}

extension Instrument {
    /// The item text with `{therapist}` / `{client}` filled in. A placeholder at the start of a
    /// sentence gets a capital letter ("My therapist and I …").
    public func text(of item: Item, names: PlaceholderNames = .init()) -> String {
        Instrument.fill(item.text, names: names)
    }

    /// Fills `{therapist}` and `{client}` placeholders in any text of the instrument.
    public static func fill(_ text: String, names: PlaceholderNames) -> String {
        var out = ""
        var rest = Substring(text)
        let pairs: [(String, String)] = [
            ("{therapist}", nonEmpty(names.therapist) ?? PlaceholderNames.defaultTherapist),
            ("{client}", nonEmpty(names.client) ?? PlaceholderNames.defaultClient),
        ]
        while !rest.isEmpty {
            var matched = false
            for (token, value) in pairs where rest.hasPrefix(token) {
                let trimmed = out.trimmingCharacters(in: .whitespaces)
                let sentenceStart =
                    trimmed.isEmpty || trimmed.hasSuffix(".") || trimmed.hasSuffix("?")
                    || trimmed.hasSuffix("!")
                out += sentenceStart ? capitalizeFirst(value) : value
                rest = rest.dropFirst(token.count)
                matched = true
                break
            }
            if !matched {
                out.append(rest.removeFirst())
            }
        }
        return out
    }

    private static func nonEmpty(_ s: String?) -> String? {
        guard let s = s?.trimmingCharacters(in: .whitespacesAndNewlines), !s.isEmpty else { return nil }
        return s
    }

    private static func capitalizeFirst(_ s: String) -> String {
        guard let first = s.first else { return s }
        return first.uppercased() + s.dropFirst()
    }

    /// The label of the response option with this value.
    public func label(for value: Int) -> String? {
        responseScale.first { $0.value == value }?.label
    }
}
