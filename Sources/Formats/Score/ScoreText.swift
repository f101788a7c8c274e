import Foundation
import Instruments
import Numbers

/// The readable output of `rapport score`: one line per scale (label, score, band, prorated or
/// invalid), then the missing items and any risk item.
public enum ScoreText {
    /// The text of `result`, scored by `instrument`.
    public static func render(_ r: ScoreResult, instrument: Instrument) -> String {
        var out = "\(instrument.shortTitle ?? instrument.title) (\(r.instrument) \(r.version))\n"
        for s in r.scales {
            let label = instrument.scale(s.id)?.label ?? s.id
            var line =
                "  \(label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(NumberText.readable(s.score))"
            if s.id == r.primaryScale, let band = r.band { line += "  (\(band))" }
            if !s.valid {
                line += "  invalid: \(s.missing.count) of \(s.missing.count + s.answered) items missing"
            } else if s.prorated {
                line += "  prorated"
            }
            out += line + "\n"
        }
        if !r.missing.isEmpty { out += "  missing items: \(r.missing.map(String.init).joined(separator: ", "))\n" }
        if !r.risk.isEmpty {
            out +=
                "  RISK: item \(r.risk.map(String.init).joined(separator: ", ")) answered above 0 — follow up today\n"
        }
        if !r.riskUnanswered.isEmpty {
            out +=
                "  RISK: item \(r.riskUnanswered.map(String.init).joined(separator: ", ")) not answered — ask in person\n"
        }
        return out
    }
}
