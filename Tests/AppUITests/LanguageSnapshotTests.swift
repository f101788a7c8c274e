import AppCore
import Foundation
import Instruments
import ScreenKit
import Store
import TestSupport
import Testing

@testable import AppUI

/// The client screens in German (long words: wrapping must stay inside the screen) and the kiosk's
/// language choice, at 80×24 and 40×12.
@Suite("language snapshots")
struct LanguageSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 40, height: 12)]
    let now = Fixtures.referenceDate

    static func tables() throws -> StringTables {
        try StringTables.load(directory: Fixtures.repositoryRoot.appendingPathComponent("assets/strings"))
    }

    func state(mode: AppMode, phase: Phase, language: String) throws -> AppState {
        var settings = AppSettings()
        settings.strings = try Self.tables()
        settings.language = language
        return AppState(mode: mode, phase: phase, settings: settings, now: now)
    }

    /// Snapshots at both sizes; at 80×24 every word of `whole` must be on screen (wrapped, not cut).
    func check(_ state: AppState, _ name: String, whole: [String] = []) throws {
        for size in Self.sizes {
            let screen = AppView.render(state, size: size)
            try Snapshot.assert(screen, named: "\(name)-\(size.width)x\(size.height)")
            if size.width == 80 {
                let shown = screen.textSnapshot().split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
                for text in whole {
                    for word in text.split(separator: " ") {
                        #expect(shown.contains { $0.contains(word) }, "\(name): '\(word)' is not on screen")
                    }
                }
            }
        }
    }

    /// A German questionnaire at `step`, as the kiosk opens it.
    func germanQuestionnaire(
        _ ids: [String], step: QuestionnaireStep, answers: [String: [Int?]] = [:]
    ) throws -> AppState {
        var q = try AppFixtures.questionnaire(ids, answers: answers, source: .kiosk)
        q.language = "de"
        q.strings = try Self.tables().table(for: "de")
        q.step = step
        return try state(mode: .kiosk, phase: .questionnaire(q), language: "de")
    }

    @Test func germanWelcome() throws {
        let de = try Self.tables().table(for: "de")
        try check(
            try state(mode: .kiosk, phase: .welcome(TextEntry()), language: "de"), "de-welcome",
            whole: [de["welcome.prompt"]])
        try check(
            try state(
                mode: .kiosk,
                phase: .welcome(
                    TextEntry(
                        text: "12",
                        notice: "Dieser Code wurde nicht erkannt. Bitte prüfen Sie ihn und versuchen Sie es erneut.")),
                language: "de"), "de-welcome-notice")
    }

    @Test func englishWelcomeOffersTheLanguages() throws {
        try check(
            try state(mode: .kiosk, phase: .welcome(TextEntry(text: "4")), language: "en"), "en-welcome-languages")
    }

    @Test func germanItems() throws {
        // PHQ-9 item 8, the longest item, with the stem and the German answer labels.
        let phq = try #require(try Fixtures.instrument("phq-9").translation(for: "de"))
        try check(
            try germanQuestionnaire(["phq-9", "gad-7"], step: .item(7)), "de-item-phq9-8",
            whole: [phq.items[7].text ?? "", phq.stem ?? ""] + (phq.responseScale ?? []).map(\.label))
        try check(
            try germanQuestionnaire(["phq-9", "gad-7"], step: .item(1), answers: ["phq-9": [2, 3]]), "de-item-phq9-2")
    }

    /// The confirm key stays in the hints of an item screen at 80 columns in every language, even
    /// with the skip hint (the longest hint row).
    @Test(arguments: ["en", "de", "es"])
    func itemHintsKeepEnterAt80Columns(language: String) throws {
        var q = try AppFixtures.questionnaire(["wai-sr"], source: .kiosk)
        q.language = language
        q.strings = try Self.tables().table(for: language)
        q.step = .item(0)
        #expect(q.canSkip(at: 0))
        let screen = AppView.render(
            try state(mode: .kiosk, phase: .questionnaire(q), language: language), size: Size(width: 80, height: 24))
        let hints = try #require(screen.textSnapshot().split(separator: "\n").dropFirst(23).first)
        #expect(hints.contains("Enter "), "\(language): \(hints)")
        #expect(hints.contains("s "), "\(language): \(hints)")
    }

    @Test func germanIntroReviewAndThanks() throws {
        try check(try germanQuestionnaire(["wai-sr", "gad-7"], step: .intro), "de-intro-wai-english")
        var s = try germanQuestionnaire(["gad-7"], step: .intro)
        if case .questionnaire(var q) = s.phase {
            q.answers["gad-7"] = [0, 1, 2, 3, 2, 1, 0]
            q.step = .review
            s.phase = .questionnaire(q)
        }
        try check(s, "de-review")
        try check(
            try state(
                mode: .kiosk, phase: .thanks(Farewell(riskFlagged: false, scores: [], rater: .client)), language: "de"),
            "de-thanks")
    }

    @Test func germanPresence() throws {
        var s = try germanQuestionnaire(["phq-9"], step: .item(1), answers: ["phq-9": [2, 3]])
        s.askingPresence = true
        try check(s, "de-presence")
    }
}

@Suite("language key")
struct LanguageKeyTests {
    @Test func lOnTheWelcomeScreenPicksTheNextLanguage() throws {
        var settings = AppSettings()
        settings.strings = try LanguageSnapshotTests.tables()
        var state = AppState.start(.kiosk, settings: settings, now: Fixtures.referenceDate)
        for key: Key in [.char("l"), .char("L")] {
            let action = try #require(KeyBindings.action(for: key, in: state))
            #expect(action == .characterTyped("l"))
            state = AppReducer.reduce(state, action, now: Fixtures.referenceDate).0
        }
        #expect(state.language == "es")
        let screen = AppView.render(state, size: Size(width: 80, height: 24))
        #expect(screen.textSnapshot().contains("Bienvenido(a)"))
        #expect(screen.textSnapshot().contains("l idioma"))
        #expect(screen.textSnapshot().contains("[Español]"))
    }
}
