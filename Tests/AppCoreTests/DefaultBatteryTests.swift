import Instruments
import Testing

@testable import AppCore

@Suite("default battery")
struct DefaultBatteryTests {
    @Test(arguments: [(1, true), (2, false), (5, false), (6, true), (7, false), (12, true), (18, true)])
    func attachmentAtFirstAndEverySixthSession(session: Int, due: Bool) {
        let ids = DefaultBattery.ids(rater: .client, session: session)
        #expect(ids.prefix(4) == ["wai-sr", "si-therapist", "phq-9", "gad-7"])
        #expect(ids.contains("ecr-rs") == due)
    }

    @Test func therapist() {
        #expect(DefaultBattery.ids(rater: .therapist, session: 1) == ["wai-sr-therapist"])
    }
}
