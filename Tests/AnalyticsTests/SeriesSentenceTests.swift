import Testing

@testable import Analytics

/// The sentence under a `rapport chart --csv` chart.
@Suite("Series sentence")
struct SeriesSentenceTests {
    func s(_ name: String, _ values: [Double?]) -> SeriesSentence.Series {
        SeriesSentence.Series(name: name, points: series(values))
    }

    @Test("a dip that comes back")
    func dipBack() {
        let text = SeriesSentence.sentence([s("alliance", [4.2, 4.1, 4.2, 3.9, 3.1, 3.6, 4.1, 4.2])], span: 4)
        #expect(text == "Alliance fell from 4.2 to 3.1 at session 5 and came back by session 7.")
    }

    @Test("a fall that stays is worded neutrally (lower may be better: a symptom score), with the latest value")
    func dipOpen() {
        let text = SeriesSentence.sentence([s("goal", [4, 4, 4, 2.5, 2.75])], span: 4)
        #expect(text == "Goal fell from 4 to 2.5 at session 4 and has stayed lower since (2.75 at session 5).")
        let phq = SeriesSentence.sentence([s("phq-9", [18, 17, 18, 9, 8, 9])], span: 27)
        #expect(phq == "PHQ-9 fell from 18 to 8 at session 5 and has stayed lower since (9 at session 6).")
        #expect(!phq.contains("come back") && !phq.contains("dip"))
    }

    @Test("a dip at the last session")
    func dipLast() {
        let text = SeriesSentence.sentence([s("goal", [4, 4, 2])], span: 4)
        #expect(text == "Goal fell from 4 to 2 at session 3.")
    }

    @Test("names: codes in capitals (never \"Phq\"), words with a capital initial at the start, others as written")
    func names() {
        #expect(SeriesSentence.displayName("phq") == "PHQ")
        #expect(SeriesSentence.displayName("phq-9") == "PHQ-9")
        #expect(SeriesSentence.displayName("gad7") == "GAD7")
        #expect(SeriesSentence.displayName("b") == "b")
        #expect(SeriesSentence.displayName("big") == "big")
        #expect(SeriesSentence.displayName("PHQ-9") == "PHQ-9")
        #expect(SeriesSentence.displayName("Mood") == "Mood")
        #expect(SeriesSentence.displayName("goal") == "goal")
        #expect(SeriesSentence.displayName("") == "The series")
        let text = SeriesSentence.sentence([s("phq", [20, 18, 15, 12, 9])], span: 27)
        #expect(text == "PHQ fell from 20 at session 1 to 9 at session 5.")
        let two = SeriesSentence.sentence([s("goal", [4, 4, 4]), s("gad-7", [3, 3, 3])], span: 21)
        #expect(two.hasSuffix("; GAD-7 is the lowest at session 3."), "\(two)")
    }

    @Test("a fall over several sessions counts from the highest of the three before the low point")
    func gradualDip() {
        let text = SeriesSentence.sentence([s("bond", [4.5, 4.0, 3.5, 3.0, 4.5])], span: 4)
        #expect(text == "Bond fell from 4.5 to 3 at session 4 and came back by session 5.")
    }

    @Test("missed sessions are skipped, not read as zeros")
    func gaps() {
        let text = SeriesSentence.sentence([s("goal", [4, nil, 4.1, nil, 4.2])], span: 4)
        #expect(text == "Goal stayed level (ended within 0.4 of where it began).")
    }

    @Test("no dip: the largest first-to-last change")
    func change() {
        let text = SeriesSentence.sentence([s("goal", [3, 3.2, 3.4]), s("task", [3.1, 3.5, 3.9])], span: 4)
        #expect(text == "Task rose from 3.1 at session 1 to 3.9 at session 3; goal is the lowest at session 3.")
    }

    @Test("a fall is worded as a fall; a large sum-scale span scales the thresholds")
    func fallOnWideScale() {
        let text = SeriesSentence.sentence([s("PHQ-9", [18, 16, 14, 12, 10, 9])], span: 27)
        #expect(text == "PHQ-9 fell from 18 at session 1 to 9 at session 6.")
    }

    @Test("level series, and the lowest only when clearly lowest")
    func level() {
        #expect(
            SeriesSentence.sentence([s("a", [3, 3.1]), s("b", [3, 3.05])], span: 4)
                == "Every series stayed level (each ended within 0.4 of where it began).")
        #expect(
            SeriesSentence.sentence([s("a", [3, 3.1]), s("b", [2, 2.1])], span: 4)
                == "Every series stayed level (each ended within 0.4 of where it began); b is the lowest at session 2.")
    }

    @Test("one value, none, unnamed, and a zero span")
    func edges() {
        #expect(
            SeriesSentence.sentence([s("goal", [nil, 3.5])], span: 4) == "Goal was 3.5 at session 2 (one value so far)."
        )
        #expect(SeriesSentence.sentence([s("goal", [nil, nil])], span: 4) == "No values to chart yet.")
        #expect(SeriesSentence.sentence([], span: 4) == "No values to chart yet.")
        #expect(
            SeriesSentence.sentence([s("", [1, 5])], span: 0)
                == "The series rose from 1 at session 1 to 5 at session 2.")
        #expect(
            SeriesSentence.sentence([s("x", [2, 2])], span: 0) == "X stayed level (ended within 0.1 of where it began)."
        )
    }

    @Test("numbers: at most two decimals, huge values do not trap")
    func numbers() {
        #expect(SeriesSentence.number(4) == "4")
        #expect(SeriesSentence.number(4.25) == "4.25")
        #expect(SeriesSentence.number(-0.355) == "-0.36")
        #expect(SeriesSentence.number(3.10) == "3.1")
        #expect(SeriesSentence.number(1e300) == "1e+300")
        #expect(SeriesSentence.sentence([s("big", [1e300, -1e300])], span: 0).hasPrefix("Big fell from 1e+300"))
    }

    @Test("random series with gaps, infinities and huge values: one sentence, never a trap")
    func randomSeries() {
        let seed: UInt64 = 20_261_125
        var rng = Xoshiro256StarStar(seed: seed)
        let specials: [Double?] = [nil, .nan, .infinity, -.infinity, 1e300, -1e300, 0, -0.0]
        for round in 0..<2_000 {
            let count = Int.random(in: 1...4, using: &rng)
            var list: [SeriesSentence.Series] = []
            for k in 0..<count {
                let length = Int.random(in: 0...40, using: &rng)
                var values: [Double?] = []
                for _ in 0..<length {
                    if Int.random(in: 0..<10, using: &rng) == 0 {
                        values.append(specials.randomElement(using: &rng)!)
                    } else {
                        values.append(Double.random(in: -5...30, using: &rng))
                    }
                }
                list.append(s(k == 0 ? "" : "s\(k)", values))
            }
            let span = [0, 4, 27, -1, .nan].randomElement(using: &rng)!
            let text = SeriesSentence.sentence(list, span: span)
            #expect(text.hasSuffix("."), "seed \(seed), round \(round)")
            #expect(text.first?.isUppercase == true, "seed \(seed), round \(round): \(text)")
            #expect(!text.contains("\n"), "seed \(seed), round \(round)")
        }
    }
}
