import Foundation
import Instruments
import Store

/// A fresh data directory with one client (`C1`) and the shipped PHQ-9, on a fixed clock at the
/// reference date: the setting of the store's timeline and risk-flag tests.
public struct OneClientStore: Sendable {
    public let dir: TemporaryDirectory
    public let store: DataStore
    public let clock: FixedClock
    public let phq: Instrument
    public let id: ClientID

    public init() throws {
        dir = try TemporaryDirectory()
        clock = FixedClock(Fixtures.referenceDate)  // 2026-11-24
        store = DataStore(root: dir.appending("data"), clock: clock)
        try store.initialize()
        phq = try Fixtures.instrument("phq-9")
        id = try ClientID("C1")
        try store.addClient(id)
    }

    /// Saves a client-rated administration dated `date` (PHQ-9 unless `instrument` is given).
    @discardableResult
    public func save(
        _ date: String, _ answers: [Int?], session: Int? = nil, instrument: Instrument? = nil, replace: Bool = false
    ) throws -> AdministrationRecord {
        try store.save(
            NewAdministration(
                clientId: id, session: session, sessionDate: try SessionDate(date), rater: .client,
                instrument: instrument ?? phq, answers: answers, administeredAt: clock.now(), source: .cli,
                replace: replace))
    }
}
