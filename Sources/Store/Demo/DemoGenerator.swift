import Foundation
import Instruments

/// A small deterministic PRNG (SplitMix64), so demo data are the same for a seed on every platform.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-12)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// Generates realistic synthetic clients: alliance that grows, V-shaped ruptures that are repaired
/// and some that are not, therapist ratings, attachment at intake, social identification, and
/// outcomes that improve or do not. Deterministic for a seed.
public struct DemoGenerator: Sendable {
    public struct Options: Sendable {
        public var clients: Int
        public var sessions: Int
        public var seed: UInt64
        /// First session date of the first client.
        public var start: SessionDate
        public init(clients: Int, sessions: Int, seed: UInt64, start: SessionDate) {
            self.clients = clients
            self.sessions = sessions
            self.seed = seed
            self.start = start
        }
    }

    /// The kind of course a demo client's therapy takes.
    public enum Course: String, Sendable, CaseIterable {
        case steady, repairedRupture, unrepairedRupture, lowAlliance, nonImprover
    }

    public let catalog: InstrumentCatalog
    public let options: Options

    public init(catalog: InstrumentCatalog, options: Options) {
        self.catalog = catalog
        self.options = options
    }

    static let therapists = ["Dr Amara Lee", "Sam Okafor", "Dr Ines Varga", "Jonas Berg", "Priya Nair", "Dr Tom Walsh"]

    /// Client id of the i-th demo client.
    public static func clientID(_ index: Int) -> String { String(format: "D%04d", index + 1) }

    /// Everything the i-th client gets: course, therapist and administrations.
    public func client(
        _ index: Int
    ) throws(StoreError) -> (
        id: ClientID, therapist: String, course: Course, administrations: [NewAdministration]
    ) {
        var rng = SplitMix64(seed: options.seed &* 0x9E37_79B9 &+ UInt64(index) &* 0x85EB_CA6B &+ 1)
        let id = try ClientID(DemoGenerator.clientID(index))
        let therapist = DemoGenerator.therapists[Int(rng.next() % UInt64(DemoGenerator.therapists.count))]
        let roll = rng.unit()
        let course: Course =
            roll < 0.35
            ? .steady
            : roll < 0.60
                ? .repairedRupture
                : roll < 0.72
                    ? .unrepairedRupture
                    : roll < 0.85 ? .lowAlliance : .nonImprover
        let n = options.sessions
        // Attachment at intake (1–7): insecure clients start lower.
        let anxiety = min(6.5, max(1.2, 3.4 + 1.2 * rng.normal()))
        let avoidance = min(6.5, max(1.2, 3.2 + 1.1 * rng.normal()))
        let insecurity = ((anxiety - 4) + (avoidance - 4)) / 6
        var start = 3.1 - 0.35 * insecurity + 0.3 * rng.normal()
        var plateau = 4.3 - 0.3 * insecurity + 0.2 * rng.normal()
        if course == .lowAlliance {
            start -= 0.7
            plateau -= 1.0
        }
        let ruptureAt = n >= 5 ? 3 + Int(rng.next() % UInt64(max(1, n - 4))) : Int.max
        let depth = 1.0 + 0.6 * rng.unit()
        let pre0 = 14 + 6 * rng.unit()  // PHQ-9 at intake
        let improves = course != .nonImprover && course != .unrepairedRupture && rng.unit() < 0.85
        var alliance: [Double] = []
        for s in 1...max(n, 1) {
            let t = Double(s - 1)
            var a = plateau - (plateau - start) * exp(-t / 4)
            if s >= ruptureAt {
                switch course {
                case .repairedRupture:
                    let k = s - ruptureAt
                    a -= k == 0 ? depth : k == 1 ? depth * 0.45 : 0
                case .unrepairedRupture:
                    a -= depth * 0.8
                default: break
                }
            }
            alliance.append(min(5, max(1, a + 0.12 * rng.normal())))
        }
        let therapistBias = -0.25 + 0.15 * rng.normal()
        let dayBase = index % 28
        var out: [NewAdministration] = []
        var missedSession = -1
        if n > 6, rng.unit() < 0.3 { missedSession = 2 + Int(rng.next() % UInt64(n - 3)) }
        for s in 1...max(n, 1) where n > 0 {
            if s == missedSession { continue }  // a missed session: no forms at all
            let date = sessionDate(dayOffset: dayBase + (s - 1) * 7)
            let at = isoDate(date, hour: 9 + (index % 8))
            let a = alliance[s - 1]
            func add(_ instrumentID: String, _ answers: [Int?]) {
                guard let inst = try? catalog.instrument(instrumentID) else { return }
                out.append(
                    NewAdministration(
                        clientId: id, session: s, sessionDate: date, rater: inst.rater, instrument: inst,
                        answers: answers, administeredAt: at, source: .demo))
            }
            // WAI-SR, client: subscale offsets (bond a little higher than goal).
            if let wai = try? catalog.instrument("wai-sr") {
                add(
                    "wai-sr",
                    answers(wai, rng: &rng) { item in
                        let offset =
                            wai.scale("bond")?.items.contains(item) == true
                            ? 0.2 : wai.scale("goal")?.items.contains(item) == true ? -0.15 : 0
                        return a + offset
                    })
            }
            if let wait = try? catalog.instrument("wai-sr-therapist") {
                // Therapists rate a little lower than clients, with a steady personal bias.
                let bias = therapistBias + 0.05 * rng.normal()
                add("wai-sr-therapist", answers(wait, rng: &rng) { _ in a + bias })
            }
            if let si = try? catalog.instrument("si-therapist") {
                let level = 1 + (a - 1) * 1.45 + 0.3 * rng.normal()
                add("si-therapist", answers(si, rng: &rng) { _ in level })
            }
            let progress = Double(s - 1) / Double(max(1, n - 1))
            let severity = improves ? pre0 * (1 - 0.65 * (1 - exp(-3 * progress))) : pre0 + 2 * sin(Double(s) / 3)
            if let phq = try? catalog.instrument("phq-9") {
                var ans = answers(phq, rng: &rng) { _ in severity / 9 }
                if let last = phq.items.last, ans.count == phq.items.count {
                    ans[last.number - 1] = severity > 17 && rng.unit() < 0.25 ? 1 : 0
                }
                add("phq-9", ans)
            }
            if let gad = try? catalog.instrument("gad-7") {
                add("gad-7", answers(gad, rng: &rng) { _ in severity * 0.8 / 7 })
            }
            if s == 1 || s % 6 == 0, let ecr = try? catalog.instrument("ecr-rs") {
                let anx = ecr.scale("anxiety")?.items ?? []
                add("ecr-rs", answers(ecr, rng: &rng) { item in anx.contains(item) ? anxiety : avoidance })
            }
        }
        return (id, therapist, course, out)
    }

    /// Sessions at the end of a demo client's course whose risk flags stay open; older ones are
    /// acknowledged (role `system`), as a therapist would have done at the time.
    public static let openRiskSessions = 3

    /// Acknowledges a demo client's risk flags older than its last ``openRiskSessions`` sessions.
    public static func acknowledgeOlderRisk(_ store: DataStore, _ id: ClientID) throws(StoreError) {
        let summary = try store.summary(id)
        let last = summary.sessions.count - openRiskSessions
        for session in Set(summary.openRisk.map(\.session)).sorted() where session <= last {
            try store.acknowledgeRisk(id, session: session, role: .system)
        }
    }

    /// Raw answers around a keyed target level per item, with noise, reverse keying undone, and
    /// now and then one item left out where the instrument allows it.
    func answers(_ inst: Instrument, rng: inout SplitMix64, level: (Int) -> Double) -> [Int?] {
        let lo = Double(inst.minValue)
        let hi = Double(inst.maxValue)
        var out: [Int?] = inst.items.map { item in
            let keyed = Int((min(hi, max(lo, level(item.number) + 0.45 * rng.normal()))).rounded())
            return item.reverse ? inst.minValue + inst.maxValue - keyed : keyed
        }
        if rng.unit() < 0.02 {
            let pick = Int(rng.next() % UInt64(inst.items.count))
            if inst.allowsSkipping(item: pick + 1), !inst.risk.contains(where: { $0.item == pick + 1 }) {
                out[pick] = nil
            }
        }
        return out
    }

    func sessionDate(dayOffset: Int) -> SessionDate {
        let base = isoDate(options.start, hour: 12)
        return SessionDate(
            date: base.addingTimeInterval(Double(dayOffset) * 86_400), timeZone: TimeZone(identifier: "UTC") ?? .current
        )
    }

    func isoDate(_ date: SessionDate, hour: Int) -> Date {
        let parts = date.rawValue.split(separator: "-").compactMap { Int($0) }
        var c = DateComponents()
        c.year = parts[0]
        c.month = parts[1]
        c.day = parts[2]
        c.hour = hour
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC") ?? .current
        return cal.date(from: c) ?? Date(timeIntervalSince1970: 0)
    }
}
