/// A home-menu form the therapist fills in after the passphrase: add a client, make a kiosk code.
public struct HomeForm: Sendable, Equatable {
    /// What the form does.
    public enum Kind: Sendable, Equatable {
        /// Adds a client: their id, then (optionally) the therapist's name.
        case addClient
        /// Makes a one-time kiosk code for a client.
        case kioskCode
    }

    /// What the form does.
    public var kind: Kind
    /// Fields already confirmed, in order.
    public var values: [String]
    /// The field being typed.
    public var entry: TextEntry

    /// Creates a form on its first field.
    public init(kind: Kind, values: [String] = [], entry: TextEntry = TextEntry()) {
        self.kind = kind
        self.values = values
        self.entry = entry
    }

    /// The label of the field being typed.
    public var label: String {
        switch (kind, values.count) {
        case (.addClient, 0), (.kioskCode, _): return "Client id:"
        case (.addClient, _): return "Therapist's name (shown in the questions; Enter for none):"
        }
    }

    /// The screen title.
    public var title: String {
        switch kind {
        case .addClient: return "Add a client"
        case .kioskCode: return "Make a kiosk code"
        }
    }

    /// How many fields the form has.
    public var fieldCount: Int { kind == .addClient ? 2 : 1 }
}
