import Foundation

/// Tier 3: change from the baseline on log(session), with a random slope per episode
/// (after Finch et al. 2001; parameterisation and two-stage estimator: docs/analytics.md):
///
///     Δ_it = (β0 + β1·(y_i1 − ȳ1))·ℓ_t + u_i·ℓ_t + ε_it,  ℓ_t = ln t,  u_i ~ N(0, τ²),  ε_it ~ N(0, σ²)
///
/// Estimated without a mixed-model library: per-episode slopes through the origin, the pooled
/// residual variance σ², then weighted least squares of the slopes on the centred baseline with
/// weights 1/(τ² + σ²/Σℓ²), τ² re-estimated by moments, iterated to convergence.
public struct LogSessionModel: Codable, Sendable, Equatable {
    public var beta0: Double
    public var beta1: Double
    /// Mean baseline ȳ1 of the fitted episodes.
    public var meanBaseline: Double
    /// Between-episode slope variance τ² and residual variance σ².
    public var tau2: Double
    public var sigma2: Double
    /// Episodes used (each with at least three scores).
    public var episodes: Int

    static let z90 = 1.2815515655446004
    static let z75 = 0.6744897501960817

    /// Expected score and predictive SD √(τ²ℓ² + σ²) at session `t` for a baseline.
    public func predict(baseline: Double, t: Int) -> (expected: Double, sd: Double) {
        let l = log(Double(Swift.max(t, 1)))
        let expected = baseline + (beta0 + beta1 * (baseline - meanBaseline)) * l
        return (expected, (tau2 * l * l + sigma2).squareRoot())
    }

    /// Fits the model; `nil` with fewer than three usable episodes or no residual degrees of freedom.
    public static func fit(_ data: [(baseline: Double, scores: [TrackScore])]) -> LogSessionModel? {
        var baselines: [Double] = []
        var slopes: [Double] = []
        var sums: [Double] = []
        var rss = 0.0
        var df = 0
        for (baseline, scores) in data {
            let later = scores.filter { $0.t >= 2 }
            guard later.count >= 2 else { continue }
            var sll = 0.0
            var sdl = 0.0
            for s in later {
                let l = log(Double(s.t))
                sll += l * l
                sdl += (s.value - baseline) * l
            }
            guard sll > 0 else { continue }
            let b = sdl / sll
            for s in later {
                let r = (s.value - baseline) - b * log(Double(s.t))
                rss += r * r
            }
            df += later.count - 1
            baselines.append(baseline)
            slopes.append(b)
            sums.append(sll)
        }
        let n = slopes.count
        guard n >= 3, df > 0 else { return nil }
        let sigma2 = rss / Double(df)
        let mean = baselines.reduce(0, +) / Double(n)
        let x = baselines.map { $0 - mean }
        var tau2 = 0.0
        var beta0 = 0.0
        var beta1 = 0.0
        for _ in 0..<100 {
            let w = sums.map { 1 / (tau2 + sigma2 / $0) }
            let sw = w.reduce(0, +)
            let mx = zip(w, x).map(*).reduce(0, +) / sw
            let my = zip(w, slopes).map(*).reduce(0, +) / sw
            var sxx = 0.0
            var sxy = 0.0
            for i in 0..<n {
                sxx += w[i] * (x[i] - mx) * (x[i] - mx)
                sxy += w[i] * (x[i] - mx) * (slopes[i] - my)
            }
            beta1 = sxx > 0 ? sxy / sxx : 0
            beta0 = my - beta1 * mx
            var ss = 0.0
            for i in 0..<n {
                let r = slopes[i] - beta0 - beta1 * x[i]
                ss += r * r
            }
            let noise = sums.map { sigma2 / $0 }.reduce(0, +) / Double(n)
            let next = Swift.max(0, ss / Double(Swift.max(n - 2, 1)) - noise)
            if abs(next - tau2) <= 1e-12 * Swift.max(1, tau2) {
                tau2 = next
                break
            }
            tau2 = next
        }
        return LogSessionModel(
            beta0: beta0, beta1: beta1, meanBaseline: mean, tau2: tau2, sigma2: sigma2, episodes: n)
    }
}
