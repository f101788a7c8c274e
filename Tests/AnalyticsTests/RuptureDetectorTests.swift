import Foundation
import Testing

@testable import Analytics

struct RuptureDetectorTests {
    /// caseload SD 0.5, so with the default "stricter of both" every threshold below uses 0.5
    /// (the clients' own SDs in these series are smaller before the drop).
    let config = RuptureConfig(caseloadSD: 0.5, reliableChange: 1.0, levelCutoff: 3.0)

    @Test func vShapedRuptureIsRepaired() {
        // Before session 5: mean 4.075; threshold 2 × 0.5 = 1.0 (Stiles), 0.5 (Strauss).
        let events = RuptureDetector(config).events(in: series([4.0, 4.2, 4.0, 4.1, 2.5, 3.0, 4.2]))
        #expect(events.map(\.rule) == [.stiles, .strauss, .reliableDrop, .belowCutoff])
        #expect(events.allSatisfy { $0.start == 5 && $0.trough == 5 && $0.troughValue == 2.5 && $0.repaired })
        guard events.count == 4 else { return }

        let stiles = events[0]
        #expect(close(stiles.preDropLevel, 4.075))
        #expect(close(stiles.depth, 1.575))
        #expect(stiles.length == 2)
        #expect(stiles.repairedAt == 7)
        #expect(!stiles.open)

        let strauss = events[1]
        #expect(close(strauss.preDropLevel, 4.1))
        #expect(close(strauss.depth, 1.6))
        #expect(strauss.length == 2 && strauss.repairedAt == 7)

        let reliable = events[2]
        #expect(close(reliable.depth, 1.6))
        #expect(reliable.repairedAt == 7)

        // Back at the cutoff (3.0 is not below 3.0) one session later.
        let cutoff = events[3]
        #expect(cutoff.preDropLevel == 3.0)
        #expect(close(cutoff.depth, 0.5))
        #expect(cutoff.length == 1 && cutoff.repairedAt == 6)
    }

    @Test func unrepairedRuptureStaysOpen() {
        let detector = RuptureDetector(RuptureConfig(caseloadSD: 0.5))
        let events = detector.events(in: series([4.0, 4.1, 4.0, 2.8, 3.0, 3.2, 3.3, 3.4]))
        #expect(events.count == 2)
        guard events.count == 2 else { return }
        let stiles = events[0]
        #expect(stiles.rule == .stiles && stiles.start == 4 && stiles.trough == 4)
        #expect(close(stiles.preDropLevel, 12.1 / 3))
        #expect(close(stiles.depth, 12.1 / 3 - 2.8))
        #expect(stiles.length == 5)
        #expect(!stiles.repaired && stiles.repairedAt == nil && stiles.open)
        let strauss = events[1]
        #expect(strauss.rule == .strauss && strauss.start == 4 && close(strauss.depth, 1.2))
        #expect(strauss.length == 5 && !strauss.repaired && strauss.open)
    }

    @Test func returnAfterTheWindowIsNotARepair() {
        // Back above the pre-drop level 4 observed sessions after the start; window is 3.
        let values: [Double?] = [4.0, 4.1, 4.0, 2.8, 3.0, 3.2, 3.3, 4.1]
        let events = RuptureDetector(RuptureConfig(caseloadSD: 0.5)).events(in: series(values))
        #expect(events.count == 2)
        #expect(events.allSatisfy { !$0.repaired && $0.repairedAt == nil && !$0.open && $0.length == 4 })
        // A window of 4 makes it a repair at session 8.
        let wider = RuptureDetector(RuptureConfig(caseloadSD: 0.5, repairWindow: 4)).events(in: series(values))
        #expect(wider.count == 2)
        #expect(wider.allSatisfy { $0.repaired && $0.repairedAt == 8 })
    }

    @Test func slowDeclineOnlyCrossesTheLevelCutoff() {
        let values = [4.0, 3.9, 3.8, 3.7, 3.6, 3.5, 3.4]
        let config = RuptureConfig(caseloadSD: 0.3, reliableChange: 0.5, levelCutoff: 3.5)
        let events = RuptureDetector(config).events(in: series(values))
        #expect(events.count == 1)
        guard let event = events.first else { return }
        #expect(event.rule == .belowCutoff && event.start == 7 && event.trough == 7)
        #expect(close(event.depth, 0.1) && event.length == 1 && event.open && !event.repaired)
    }

    @Test func slowDeclineTripsStilesOnTheClientsOwnTinySD() {
        // Session 3: mean of 4.0, 3.9 = 3.95, SD 0.0707; 3.8 is 0.15 ≥ 2 × 0.0707 below.
        // Why the default takes the stricter of client and caseload SD.
        let config = RuptureConfig(straussSDs: nil, deviationSource: .client)
        let events = RuptureDetector(config).events(in: series([4.0, 3.9, 3.8, 3.7, 3.6, 3.5, 3.4]))
        #expect(events.count == 1)
        #expect(events.first?.rule == .stiles && events.first?.start == 3 && events.first?.open == true)
        #expect(close(events.first?.preDropLevel, 3.95))
    }

    @Test func flatCeilingHasNoRuptureButIsACeiling() {
        let flat = series([5, 5, 5, 5])
        #expect(RuptureDetector().events(in: flat).isEmpty)
        #expect(CeilingPattern.detect(in: flat, scaleMaximum: 5) == CeilingPattern(sessions: 4, scaleMaximum: 5))
        #expect(CeilingPattern.detect(in: series([5, 5, 4.9, 5]), scaleMaximum: 5) == nil)
        #expect(CeilingPattern.detect(in: series([5, nil, 5]), scaleMaximum: 5) == nil)
        #expect(CeilingPattern.detect(in: series([5, nil, 5, 5]), scaleMaximum: 5)?.sessions == 3)
    }

    @Test func flatSeriesWithOnlyItsOwnZeroSDIsNotJudged() {
        // SD 0 cannot scale a threshold: the SD rules skip; the reliable-drop rule still fires.
        let config = RuptureConfig(deviationSource: .client, reliableChange: 1)
        let events = RuptureDetector(config).events(in: series([5, 5, 5, 3]))
        #expect(events.map(\.rule) == [.reliableDrop])
    }

    @Test func missedSessionsNeitherStartNorEndAnEvent() {
        let values: [Double?] = [4.0, nil, 4.2, 4.0, nil, 2.5, nil, 4.2]
        let events = RuptureDetector(RuptureConfig(caseloadSD: 0.5)).events(in: series(values))
        #expect(events.map(\.rule) == [.stiles, .strauss])
        for event in events {
            #expect(event.start == 6 && event.trough == 6 && event.repairedAt == 8 && event.length == 1)
        }
        guard events.count == 2 else { return }
        #expect(close(events[0].depth, 12.2 / 3 - 2.5))
        #expect(close(events[1].depth, 1.5))
    }

    @Test func missedSessionsDoNotCountTowardsTheMinimum() {
        let events = RuptureDetector(RuptureConfig(caseloadSD: 0.5, levelCutoff: 3))
            .events(in: series([4.0, nil, nil, 2.0]))
        #expect(events.isEmpty)
    }

    @Test(arguments: [[4.0], [4.0, 2.0]])
    func tooShortSeriesFiresNothing(values: [Double]) {
        let config = RuptureConfig(caseloadSD: 0.5, reliableChange: 1, levelCutoff: 3)
        #expect(RuptureDetector(config).events(in: series(values)).isEmpty)
    }

    @Test func minimumSessionsIsConfigurable() {
        let values: [Double?] = [4.0, 4.0, 2.0]
        #expect(RuptureDetector(RuptureConfig(caseloadSD: 0.5)).events(in: series(values)).count == 2)
        #expect(RuptureDetector(RuptureConfig(caseloadSD: 0.5, minimumSessions: 4)).events(in: series(values)).isEmpty)
    }

    @Test(arguments: [(3.0, true), (3.01, false)])
    func stilesThresholdIsInclusive(value: Double, fires: Bool) {
        // Mean 4, caseload SD 0.5, k = 2: a drop of exactly 1.0 counts.
        let config = RuptureConfig(straussSDs: nil, deviationSource: .caseload, caseloadSD: 0.5)
        let events = RuptureDetector(config).events(in: series([4, 4, value]))
        #expect(events.isEmpty == !fires)
    }

    @Test func reliableDropIsSkippedWithoutAValue() {
        let config = RuptureConfig(stilesSDs: nil, straussSDs: nil, reliableChange: nil)
        #expect(RuptureDetector(config).events(in: series([5, 5, 1, 1])).isEmpty)
    }

    @Test func caseloadSDPoolsAllObservedValues() {
        let sd = RuptureDetector.caseloadSD(of: [series([1, nil, 3]), series([5])])
        #expect(close(sd, 2))  // values 1, 3, 5
    }

    @Test func eventsRoundTripThroughJSON() throws {
        let events = RuptureDetector(config).events(in: series([4.0, 4.2, 4.0, 4.1, 2.5, 3.0, 4.2]))
        let data = try JSONEncoder().encode(events)
        #expect(try JSONDecoder().decode([RuptureEvent].self, from: data) == events)
    }
}
