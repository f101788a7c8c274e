import Instruments
import Store

/// A risk flag no therapist has acknowledged yet: a risk item answered above its threshold, or
/// left unanswered. It stays an alert, whatever is entered afterwards, until acknowledged.
public struct RiskFinding: Codable, Sendable, Equatable {
    /// The session (number in date order).
    public var session: Int
    /// The instrument id.
    public var instrument: String
    /// The instrument's short title ("PHQ-9").
    public var instrumentName: String
    /// The item number.
    public var item: Int
    /// False when the item was not answered.
    public var answered: Bool
    /// The record the flag comes from.
    public var recordId: String
    /// True when that record was corrected by one that no longer flags the item (the alert stays
    /// until acknowledged).
    public var corrected: Bool

    /// The finding of a summary's risk flag.
    public init(_ flag: RiskFlag, catalog: InstrumentCatalog) {
        session = flag.session
        instrument = flag.instrument
        instrumentName = (try? catalog.instrument(flag.instrument)).map { $0.shortTitle ?? $0.title } ?? flag.instrument
        item = flag.item
        answered = !flag.unanswered
        recordId = flag.recordId
        corrected = flag.corrected
    }

    /// The words shown to the therapist.
    public var wording: String {
        let then = corrected ? ", then corrected" : ""
        return answered
            ? "risk item answered\(then) (\(instrumentName) item \(item), session \(session)) — check in with the client"
            : "risk item not answered\(then) (\(instrumentName) item \(item), session \(session)) — ask in person"
    }
}
