import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import Analytics

/// A summary whose sessions 1…n fall on consecutive weeks from 2026-01-05.
func datedSummary(_ id: String, _ series: [String: [Double?]]) throws -> ClientSummary {
    let count = series.values.map(\.count).max() ?? 0
    var stored: [String: [ScorePoint]] = [:]
    for (key, values) in series {
        stored[key] = values.enumerated().compactMap { i, v in v.map { ScorePoint(session: i + 1, value: $0) } }
    }
    return ClientSummary(
        clientId: try ClientID(id), recordCount: 0,
        sessions: try (1...Swift.max(1, count)).map { SessionInfo(session: $0, date: try weekDate($0)) },
        series: stored, risk: [], notes: [])
}

/// The date of session `n` in `datedSummary`.
func weekDate(_ n: Int) throws -> SessionDate {
    let start = Date(timeIntervalSince1970: 1_767_571_200)  // 2026-01-05T00:00:00Z
    return SessionDate(
        date: start.addingTimeInterval(Double(n - 1) * 7 * 86_400), timeZone: TimeZone(identifier: "UTC")!)
}

struct EpisodeOutcomeTests {
    @Test func classificationGoldenValues() {
        // PHQ-9: cutoff 10, reliable change 6 (NHS Talking Therapies).
        func c(_ b: Double, _ l: Double) -> EpisodeClassification {
            EpisodeOutcome.classify(baseline: b, last: l, cutoff: 10, reliableChange: 6).classification
        }
        #expect(c(15, 8) == .reliableRecovery)  // −7, crossed below 10
        #expect(c(15, 9) == .reliableRecovery)  // exactly −6 is reliable
        #expect(c(12, 9) == .recovery)  // crossed, −3 not reliable
        #expect(c(15, 10) == .noReliableChange)  // −5, still at caseness (10 is caseness)
        #expect(c(20, 12) == .reliableImprovement)  // −8, still at caseness
        #expect(c(8, 2) == .reliableImprovement)  // not at caseness at the start: never "recovered"
        #expect(c(9, 15) == .reliableDeterioration)
        #expect(c(9, 14) == .noReliableChange)
        let r = EpisodeOutcome.classify(baseline: 8, last: 2, cutoff: 10, reliableChange: 6)
        #expect(r.recovered == nil && r.caseness == false)
    }

    @Test func episodesSplitAtDischarges() throws {
        let sessions = try (1...6).map { ($0, try weekDate($0)) }
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let episodes = Episode.split(
            sessions: sessions, discharges: [Discharge(date: try weekDate(3), reason: .completed, recordedAt: now)])
        #expect(episodes.map(\.firstSession) == [1, 4])
        #expect(episodes.map(\.lastSession) == [3, 6])
        #expect(episodes.map { $0.discharge == nil } == [false, true])
        // Discharged after the last session: one closed episode, no empty open one.
        let closed = Episode.split(
            sessions: sessions, discharges: [Discharge(date: try weekDate(6), reason: .dropout, recordedAt: now)])
        #expect(closed.count == 1 && closed[0].discharge?.reason == .dropout)
        #expect(Episode.split(sessions: [], discharges: []).count == 1)
    }

    @Test func perEpisodeBaselinesAndPairRule() throws {
        let s = try datedSummary(
            "A",
            [
                "phq-9/client/total": [16, 12, 8, 14, 15, 21],
                "gad-7/client/total": [12, 9, 6, 7, nil, 12],
            ])
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let analysis = ClientAnalysis.build(
            summary: s, catalog: try Fixtures.catalog(),
            discharges: [Discharge(date: try weekDate(3), reason: .completed, recordedAt: now)])
        #expect(analysis.episodes.count == 2)
        let first = analysis.episodes[0]
        let phq1 = try #require(first.measures.first { $0.instrument == "phq-9" })
        #expect(phq1.baseline == 16 && phq1.last == 8 && phq1.classification == .reliableRecovery)
        let gad1 = try #require(first.measures.first { $0.instrument == "gad-7" })
        #expect(gad1.baseline == 12 && gad1.last == 6 && gad1.classification == .reliableRecovery)
        #expect(first.paired?.recovered == true && first.paired?.reliableRecovery == true)
        let day3 = try weekDate(3).rawValue
        #expect(first.discharged == day3 && first.open == false)
        // Episode 2 has its own baseline (session 4): 14 → 21 is a reliable deterioration.
        let second = analysis.episodes[1]
        let phq2 = try #require(second.measures.first { $0.instrument == "phq-9" })
        #expect(phq2.baselineSession == 4 && phq2.baseline == 14 && phq2.classification == .reliableDeterioration)
        #expect(phq2.track.status == .notOnTrack && phq2.track.tier == .rational)
        let gad2 = try #require(second.measures.first { $0.instrument == "gad-7" })
        #expect(gad2.baseline == 7 && gad2.classification == .reliableDeterioration)  // 7 → 12: +5 ≥ 4
        #expect(second.paired?.reliableDeterioration == true && second.paired?.reliableImprovement == false)
        #expect(second.paired?.caseness == true && second.paired?.recovered == false)
        #expect(phq1.criterion.contains("NHS Talking Therapies"))
    }

    @Test func coreTenCriterionIsLabelledNinetyPercent() throws {
        let s = try datedSummary("B", ["core-10/client/clinical": [20, 13]])
        let analysis = ClientAnalysis.build(summary: s, catalog: try Fixtures.catalog())
        let core = try #require(analysis.episodes.first?.measures.first { $0.instrument == "core-10" })
        #expect(core.criterion.contains("90%") && core.cutoff == 11 && core.reliableChange == 6)
        #expect(core.classification == .reliableImprovement)  // −7, still ≥ 11
    }

    @Test func jsonHasTheTrackObject() throws {
        let s = try datedSummary("C", ["phq-9/client/total": [15, 13]])
        let report = CaseloadReport.build(summaries: [s], catalog: try Fixtures.catalog())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try #require(JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
        let clients = try #require(json["clients"] as? [[String: Any]])
        let episodes = try #require(clients[0]["episodes"] as? [[String: Any]])
        let measures = try #require(episodes[0]["measures"] as? [[String: Any]])
        let track = try #require(measures[0]["track"] as? [String: Any])
        #expect(track["status"] as? String == "onTrack")
        #expect(track["tier"] as? Int == 1)
        #expect(track["referenceSize"] as? Int == 0)
        let band = try #require(track["band"] as? [Double])
        #expect(band == [0, 21])  // before session 6: off only at baseline + 6
        let expected = try #require(track["expected"] as? Double)
        #expect(abs(expected - 15 * (1 - 0.1876 * log(2.0))) < 1e-9)
    }
}

struct TrackReferenceFromCaseloadTests {
    /// 60 discharged clients who improved 15 → 9 → 8 make tier 2 active for a new client at
    /// intake 15; the client's own closed episodes never enter its reference.
    @Test func closedImprovedEpisodesOfOtherClientsFormTheReference() throws {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        var summaries: [ClientSummary] = []
        var discharges: [String: [Discharge]] = [:]
        for i in 0..<60 {
            let id = "R\(i)"
            summaries.append(try datedSummary(id, ["phq-9/client/total": [15, 9, 8 - Double(i % 3)]]))
            discharges[id] = [Discharge(date: try weekDate(3), reason: .completed, recordedAt: now)]
        }
        summaries.append(try datedSummary("NEW", ["phq-9/client/total": [15, 9]]))
        let report = CaseloadReport.build(
            summaries: summaries, catalog: try Fixtures.catalog(), discharges: discharges)
        let new = try #require(report.clients.first { $0.clientID == "NEW" })
        let track = try #require(new.episodes.first?.measures.first { $0.instrument == "phq-9" }?.track)
        #expect(track.tier == .empirical && track.referenceSize == 60)
        #expect(track.expected == 9 && track.band == [9, 9])
        #expect(track.status == .onTrack)
        // One of the reference clients: its reference is the other 59 (≥ 50): still tier 2.
        let r0 = try #require(report.clients.first { $0.clientID == "R0" })
        #expect(r0.episodes.first?.measures.first?.track.referenceSize == 59)
    }
}
