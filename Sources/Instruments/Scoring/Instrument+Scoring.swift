import Foundation

extension Instrument {
    /// Parses a comma-separated answer list ("4,5,,3"): the chosen options' values in item order,
    /// empty for a missing answer.
    public func parseAnswers(_ text: String) throws(AnswerError) -> [Int?] {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        if parts.count != items.count {
            throw .wrongCount(instrument: id, expected: items.count, got: parts.count)
        }
        var answers: [Int?] = []
        answers.reserveCapacity(parts.count)
        for (index, raw) in parts.enumerated() {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                answers.append(nil)
                continue
            }
            guard let value = Int(trimmed) else {
                throw .notANumber(instrument: id, item: items[index].number, text: String(trimmed.prefix(20)))
            }
            answers.append(value)
        }
        try validate(answers: answers)
        return answers
    }

    /// Checks the answer count and that every answer is a value of the response scale.
    public func validate(answers: [Int?]) throws(AnswerError) {
        if answers.count != items.count {
            throw .wrongCount(instrument: id, expected: items.count, got: answers.count)
        }
        let values = Set(responseScale.map(\.value))
        for (index, answer) in answers.enumerated() {
            if let answer, !values.contains(answer) {
                throw .outOfRange(
                    instrument: id, item: items[index].number, value: answer, allowed: minValue...maxValue)
            }
        }
    }

    /// The value of an answer after reverse keying.
    public func keyed(_ value: Int, item: Item) -> Int {
        item.reverse ? minValue + maxValue - value : value
    }

    /// Scores one administration. `answers[i]` is the answer to `items[i]` (nil = missing).
    public func score(_ answers: [Int?]) throws(AnswerError) -> ScoreResult {
        try validate(answers: answers)
        var byNumber: [Int: Int] = [:]
        for (index, item) in items.enumerated() {
            if let value = answers[index] {
                byNumber[item.number] = keyed(value, item: item)
            }
        }
        let scaleScores = scales.map { scoreScale($0, keyed: byNumber) }
        let missing = items.enumerated().compactMap { answers[$0.offset] == nil ? $0.element.number : nil }
        let primary = scaleScores.first { $0.id == primaryScale }
        let band = primary?.score.flatMap { self.band(for: $0) }
        var risk: [Int] = []
        var riskUnanswered: [Int] = []
        for flag in self.risk {
            guard let index = items.firstIndex(where: { $0.number == flag.item }) else { continue }
            if let value = answers[index] {
                if value > flag.above { risk.append(flag.item) }
            } else {
                riskUnanswered.append(flag.item)
            }
        }
        return ScoreResult(
            instrument: id, version: version, scales: scaleScores, primaryScale: primaryScale, band: band,
            missing: missing, prorated: scaleScores.contains { $0.prorated },
            valid: scaleScores.allSatisfy(\.valid), risk: risk, riskUnanswered: riskUnanswered)
    }

    /// The band label for a primary-scale score: the last band whose minimum is at or below it.
    public func band(for score: Double) -> String? {
        guard let bands, !bands.isEmpty else { return nil }
        var found: Band?
        for band in bands.sorted(by: { $0.min < $1.min }) where band.min <= score + 1e-9 {
            found = band
        }
        return found?.label
    }

    private func scoreScale(_ scale: Scale, keyed: [Int: Int]) -> ScaleScore {
        let values = scale.items.compactMap { keyed[$0] }
        let missing = scale.items.filter { keyed[$0] == nil }
        let answered = values.count
        let total = Double(values.reduce(0, +))
        let n = Double(scale.items.count)
        let allowed = missing.count <= scale.maxMissing && answered > 0
        var score: Double?
        var prorated = false
        if allowed {
            switch scale.method {
            case .mean:
                score = total / Double(answered)
                prorated = !missing.isEmpty
            case .scaledSum:
                score = (scale.factor ?? 1) * total / Double(answered)
                prorated = !missing.isEmpty
            case .sum:
                if missing.isEmpty {
                    score = total
                } else if scale.prorate {
                    score = (total * n / Double(answered)).rounded(.toNearestOrAwayFromZero)
                    prorated = true
                }
            }
        }
        return ScaleScore(
            id: scale.id, score: score, valid: score != nil, missing: missing, prorated: prorated,
            answered: answered)
    }
}
