import Foundation
import Instruments
import Store
import TestSupport
import Testing

@testable import Analytics

/// The shipped prompt library, read from the checkout's assets (no file outside the repository).
func shippedPrompts() throws -> PromptLibrary {
    try PromptLoader.loadDirectory(Fixtures.repositoryRoot.appendingPathComponent("assets/prompts"))
}

@Suite("Prompt triggers")
struct PromptTriggerTests {
    func signals(
        notOnTrack: [String] = [], early: Bool = false, deterioration: [String] = [],
        alliance: AllianceDirection = .unknown, rupture: RupturePattern?? = nil, anxiety: Bool = false,
        avoidance: Bool = false, obstacles: [ObstacleArea] = []
    ) -> PromptSignals {
        var s = PromptSignals()
        s.notOnTrack = notOnTrack
        s.earlyDepression = early
        s.deterioration = deterioration
        s.alliance = alliance
        if let rupture {
            s.rupture = true
            s.rupturePattern = rupture
        }
        s.highAnxiety = anxiety
        s.highAvoidance = avoidance
        s.obstacles = obstacles
        return s
    }

    @Test func nothingFiresWithoutASignal() {
        #expect(PromptTriggers.fired(PromptSignals()).isEmpty)
        // Attachment alone is not a reason for a prompt.
        #expect(PromptTriggers.fired(signals(alliance: .steady, anxiety: true, avoidance: true)).isEmpty)
    }

    @Test func notOnTrackWithFallingAllianceLeadsWithAllianceAndGoalTask() {
        let t = PromptTriggers.fired(signals(notOnTrack: ["phq-9"], alliance: .falling, rupture: .some(.goalTask)))
        #expect(t == [.notOnTrackFallingAlliance, .ruptureGoalTask, .rupture, .notOnTrack])
        #expect(!t.contains(.notOnTrackSteadyAlliance))
    }

    @Test func notOnTrackWithSteadyAllianceLeadsWithSupportAndLifeEvents() {
        let t = PromptTriggers.fired(signals(notOnTrack: ["gad-7"], alliance: .steady))
        #expect(t == [.notOnTrackSteadyAlliance, .notOnTrack])
    }

    @Test func notOnTrackWithUnknownAllianceGetsTheFourObstacles() {
        #expect(PromptTriggers.fired(signals(notOnTrack: ["core-10"])) == [.notOnTrack])
    }

    @Test func earlyDepressionAndDeterioration() {
        #expect(
            PromptTriggers.fired(signals(notOnTrack: ["phq-9"], early: true, alliance: .steady))
                == [.notOnTrackSteadyAlliance, .notOnTrack, .earlyDepressionNotOnTrack])
        // A deterioration counts as off track too.
        #expect(
            PromptTriggers.fired(signals(deterioration: ["phq-9"], alliance: .steady))
                == [.notOnTrackSteadyAlliance, .notOnTrack, .reliableDeterioration])
    }

    @Test func ruptureSubscalePatternPicksImmediateOrExploratoryRepair() {
        #expect(
            PromptTriggers.fired(signals(alliance: .falling, rupture: .some(.goalTask))) == [
                .ruptureGoalTask, .rupture,
            ])
        #expect(PromptTriggers.fired(signals(alliance: .falling, rupture: .some(.bond))) == [.ruptureBond, .rupture])
        #expect(PromptTriggers.fired(signals(alliance: .falling, rupture: .some(.mixed))) == [.rupture])
        #expect(PromptTriggers.fired(signals(alliance: .falling, rupture: .some(nil))) == [.rupture])
    }

    @Test func attachmentAddsTheDistanceNoteOnlyWithAProblem() {
        #expect(
            PromptTriggers.fired(signals(alliance: .falling, rupture: .some(.bond), avoidance: true))
                == [.ruptureBond, .rupture, .attachmentAvoidance])
        #expect(
            PromptTriggers.fired(signals(notOnTrack: ["phq-9"], alliance: .steady, anxiety: true))
                == [.notOnTrackSteadyAlliance, .notOnTrack, .attachmentAnxiety])
        #expect(
            PromptTriggers.fired(signals(alliance: .falling, anxiety: true, avoidance: true))
                == [.attachmentAvoidance, .attachmentAnxiety])
    }

    @Test func obstacleCheckAnswersAddTheirPrompts() {
        #expect(PromptTriggers.fired(signals(obstacles: [.lifeEvents])) == [.obstacleSupport])
        #expect(PromptTriggers.fired(signals(obstacles: [.support, .lifeEvents])) == [.obstacleSupport])
        #expect(PromptTriggers.fired(signals(obstacles: [.motivation])) == [.obstacleRelationship])
        // Risk comes first, before anything else.
        #expect(
            PromptTriggers.fired(signals(notOnTrack: ["phq-9"], alliance: .steady, obstacles: [.risk, .lifeEvents]))
                == [.obstacleRisk, .notOnTrackSteadyAlliance, .notOnTrack, .obstacleSupport])
    }

    @Test func everyTriggerHasAShippedPromptAndPromptsFollowTriggerOrder() throws {
        let library = try shippedPrompts()
        for t in PromptTrigger.allCases {
            #expect(!library.prompts(for: t).isEmpty, "no prompt for \(t.rawValue)")
        }
        let s = signals(notOnTrack: ["phq-9"], alliance: .falling, rupture: .some(.goalTask))
        let prompts = PromptTriggers.prompts(s, library: library)
        #expect(prompts.map(\.trigger) == [.notOnTrackFallingAlliance, .ruptureGoalTask, .rupture, .notOnTrack])
    }

    // MARK: Signals from a client's data

    @Test func signalsFromData_falllingAllianceWithGoalTaskDrop() throws {
        // Client WAI-SR: goal and task fall at session 4, bond stays; PHQ-9 rises.
        let s = try datedSummary(
            "A",
            [
                "wai-sr/client/total": [4.0, 4.1, 4.0, 3.0, 2.9],
                "wai-sr/client/goal": [4.0, 4.0, 4.0, 2.5, 2.5],
                "wai-sr/client/task": [4.0, 4.2, 4.0, 2.6, 2.3],
                "wai-sr/client/bond": [4.0, 4.1, 4.0, 3.9, 3.9],
                "phq-9/client/total": [14, 15, 16, 19, 21],
            ])
        let a = ClientAnalysis.build(summary: s, catalog: try Fixtures.catalog())
        let sig = PromptTriggers.signals(analysis: a, summary: s, obstacles: nil)
        #expect(sig.rupture)
        #expect(sig.alliance == .falling)
        #expect(sig.rupturePattern == .goalTask)
        #expect(sig.deterioration == ["phq-9"])
        let t = PromptTriggers.fired(sig)
        #expect(Array(t.prefix(3)) == [.notOnTrackFallingAlliance, .ruptureGoalTask, .rupture])
    }

    @Test func signalsFromData_bondDropAndSteadyAlliance() throws {
        let s = try datedSummary(
            "B",
            [
                "wai-sr/client/goal": [4.0, 4.0, 4.0, 3.9],
                "wai-sr/client/task": [4.0, 4.0, 4.0, 3.9],
                "wai-sr/client/bond": [4.5, 4.5, 4.5, 2.5],
            ])
        #expect(
            PromptTriggers.pattern(
                summary: s, series: "wai-sr/client/total", start: 4, subscales: ["goal", "task", "bond"]) == .bond)
        #expect(
            PromptTriggers.pattern(
                summary: s, series: "wai-sr/client/total", start: 2, subscales: ["goal", "task", "bond"]) == .bond)
        // Steady: two scores going up.
        let steady = try datedSummary("C", ["wai-sr/client/total": [3.5, 3.8], "phq-9/client/total": [12, 13]])
        let a = ClientAnalysis.build(summary: steady, catalog: try Fixtures.catalog())
        let sig = PromptTriggers.signals(analysis: a, summary: steady, obstacles: nil)
        #expect(sig.alliance == .steady && !sig.rupture)
        // Too few alliance scores: unknown.
        let one = try datedSummary("D", ["wai-sr/client/total": [3.5]])
        let a1 = ClientAnalysis.build(summary: one, catalog: try Fixtures.catalog())
        #expect(PromptTriggers.signals(analysis: a1, summary: one, obstacles: nil).alliance == .unknown)
    }

    @Test func signalsReadTheLatestObstacleCheckAndAttachment() throws {
        let s = try datedSummary(
            "E", ["ecr-rs/client/anxiety": [5.5, 5.8], "ecr-rs/client/avoidance": [2.0, 2.5]])
        let a = ClientAnalysis.build(summary: s, catalog: try Fixtures.catalog())
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let checks = [
            ObstacleCheck(date: try weekDate(2), answers: [.lifeEvents: .yes], recordedAt: now),
            ObstacleCheck(date: try weekDate(1), answers: [.relationship: .yes], recordedAt: now),
        ]
        let f = ClientFeedback.build(
            analysis: a, summary: s, responses: [], obstacles: checks, library: try shippedPrompts())
        #expect(f.signals.highAnxiety && !f.signals.highAvoidance)
        #expect(f.obstacles?.date == (try weekDate(2)))
        #expect(f.triggers == [.obstacleSupport])
        #expect(f.prompts.map(\.id) == ["o2-support-noted"])
    }
}
