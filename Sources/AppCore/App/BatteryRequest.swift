import Instruments
import Store

/// What to open: a client's battery for one rater.
public struct BatteryRequest: Sendable, Equatable {
    /// Whose battery.
    public var clientId: ClientID
    /// Who fills it in.
    public var rater: Rater
    /// Instrument ids given on the command line (nil: the draft's, the client's or the clinic default).
    public var battery: [String]?
    /// How the records will be marked.
    public var source: RecordSource
    /// Ask today's questionnaires again even when they are already recorded (the new records
    /// supersede the earlier ones).
    public var again: Bool

    /// Creates a request.
    public init(clientId: ClientID, rater: Rater, battery: [String]? = nil, source: RecordSource, again: Bool = false) {
        self.clientId = clientId
        self.rater = rater
        self.battery = battery
        self.source = source
        self.again = again
    }
}
