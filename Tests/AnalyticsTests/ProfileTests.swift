import Testing

@testable import Analytics

struct GapAndDivergenceTests {
    @Test func gapPerSessionAndScale() {
        let client = ["total": series([4.0, 4.5, nil, 3.0]), "bond": series([4, 4, 4, 4])]
        let therapist = ["total": series([4.5, 4.0, 4.0, 4.5, 5.0])]
        let gap = GapAnalysis.compute(client: client, therapist: therapist)
        #expect(gap.scales.map(\.scale) == ["total"])
        let total = gap.scales.first
        #expect(total?.sessions.map(\.session) == [1, 2, 4])
        #expect(total?.sessions.map(\.gap) == [-0.5, 0.5, -1.5])
        #expect(close(total?.meanGap, -0.5))
        #expect(close(total?.meanAbsoluteGap, 2.5 / 3))
        #expect(total?.largeGapSessions == [4])
    }

    @Test(arguments: [(1.0, [1, 2]), (1.5, [1])])
    func subscaleDivergence(threshold: Double, sessions: [Int]) {
        let subscales = ["goal": series([2.0, 3.0]), "task": series([3.0, 3.5]), "bond": series([4.5, 4.0])]
        let found = SubscaleDivergence.detect(in: subscales, threshold: threshold)
        #expect(found.map(\.session) == sessions)
        #expect(found.first?.highest == "bond" && found.first?.lowest == "goal")
        #expect(found.first?.difference == 2.5)
        #expect(found.first?.therapistWording == "bond high, goal low — worth talking about goal")
    }
}

struct AttachmentProfileTests {
    @Test func quadrantsOverTime() {
        let profile = AttachmentProfile.compute(anxiety: series([5, 4, 3]), avoidance: series([2, 4.5, 5]))
        #expect(profile.points.map(\.quadrant) == [.preoccupied, .dismissing, .dismissing])
        #expect(profile.latest == .dismissing)
        #expect(profile.anxietyChange == -2 && profile.avoidanceChange == 3)
        #expect(profile.descriptiveOnly && profile.cut == 4)
    }

    @Test func cutIsConfigurableAndStrict() {
        let profile = AttachmentProfile.compute(anxiety: series([4, 6]), avoidance: series([4.5, 6]), cut: 4.5)
        #expect(profile.points.map(\.quadrant) == [.secure, .fearful])
    }

    @Test func unpairedAdministrationsAreLeftOut() {
        let profile = AttachmentProfile.compute(anxiety: series([5, nil]), avoidance: series([nil, 2]))
        #expect(profile.points.isEmpty && profile.latest == nil && profile.anxietyChange == nil)
    }
}
