import Foundation
import Testing

@testable import Analytics

/// The curve drawn behind the charts is the boundary the track tests its scores against.
@Suite("track curve")
struct TrackCurveTests {
    @Test("tier 1: the band's edge is baseline + RC before session 6, then the no-improvement rule")
    func rational() {
        let curve = TrackRules.curve(baseline: 18, through: 8, measure: phq, reference: TrackReference())
        #expect(curve.map(\.t) == Array(1...8))
        #expect(curve.allSatisfy { $0.tier == .rational && $0.referenceSize == 0 && $0.low == 0 })
        #expect(curve[1].high == 24)  // 18 + 6
        #expect(curve[5].high == 12)  // max(18 − 6, 10) from session 6
        // The display-only prior falls with log(session).
        #expect(curve[0].expected == 18)
        #expect(curve[7].expected! < curve[1].expected!)
    }

    @Test("the curve at the latest session equals the track's band and expected value")
    func matchesTrack() {
        let scores = [18.0, 17, 18, 17, 18, 17, 18].enumerated().map { TrackScore(t: $0.offset + 1, value: $0.element) }
        let track = TrackRules.track(scores: scores, measure: phq, reference: TrackReference())
        let curve = TrackRules.curve(baseline: 18, through: 7, measure: phq, reference: TrackReference())
        #expect(track.status == .notOnTrack)
        #expect(track.band == [curve[6].low, curve[6].high])
        #expect(track.expected == curve[6].expected)
    }

    @Test("tier 3 with a model: the band comes from the model at every session")
    func model() {
        let seed: UInt64 = 11
        let entries = simulate(
            240, seed: seed, beta0: -4, beta1: -0.2, tau: 1, sigma: 2, classification: .reliableImprovement)
        let reference = TrackReference(entries: entries)
        let curve = TrackRules.curve(baseline: 16, through: 6, measure: phq, reference: reference)
        #expect(curve.allSatisfy { $0.tier == .model && $0.referenceSize == 240 }, "seed \(seed)")
        #expect(
            curve.allSatisfy { $0.low < ($0.expected ?? .nan) && ($0.expected ?? .nan) < $0.high }, "seed \(seed)")
        #expect(curve[5].expected! < curve[1].expected!, "seed \(seed)")
    }
}
