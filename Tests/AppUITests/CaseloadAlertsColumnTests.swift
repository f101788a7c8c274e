import AppCore
import Testing

@testable import AppUI

/// The caseload's alerts column: whole alerts, raters as initials when narrow, and the most
/// urgent alert never hidden behind "+N".
@Suite("caseload alerts column")
struct CaseloadAlertsColumnTests {
    let rupture = ReviewAlert(kind: .possibleRupture, session: 11, wording: "w", raters: "client, therapist")
    let stuck = ReviewAlert(kind: .outcomeNotImproving, session: 14, wording: "w")
    let unanswered = ReviewAlert(kind: .riskNotAnswered, session: 7, wording: "w")

    @Test("wide: every alert in full")
    func wide() {
        #expect(CaseloadView.fitAlerts([rupture, stuck], width: 60) == "rupture s11 (client, therapist), stuck s14")
    }

    @Test("narrow: raters as initials before an alert is left out")
    func initials() {
        #expect(CaseloadView.fitAlerts([rupture, stuck], width: 20) == "rupture s11 (C+T) +1")
        #expect(CaseloadView.fitAlerts([rupture], width: 20) == "rupture s11 (C+T)")
        #expect(CaseloadView.fitAlerts([rupture, stuck], width: 14) == "rupture s11 +1")
    }

    @Test("the most urgent alert always shows, cut only when nothing else fits")
    func neverOnlyACount() {
        // The label is cut, never the session number ("falling s1" must not stand for s12).
        #expect(CaseloadView.fitAlerts([unanswered, rupture], width: 16) == "risk unan… s7 +1")
        #expect(CaseloadView.fitAlerts([rupture, stuck], width: 12) == "rupt… s11 +1")
        #expect(CaseloadView.fitAlerts([unanswered], width: 18) == "risk unanswered s7")
        #expect(CaseloadView.fitAlerts([], width: 18) == "")
    }
}
