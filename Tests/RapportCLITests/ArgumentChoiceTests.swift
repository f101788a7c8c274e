import ArgumentParser
import Testing

@testable import rapport

/// `ArgumentChoice` spells an enum option's values by hand (for start-up speed); they must be
/// exactly what ArgumentParser would have derived: every case's raw value, in case order, with
/// no separate descriptions, and the help and parsing that follow from them.
@Suite struct ArgumentChoiceTests {
    func check<T: ArgumentChoice>(_ type: T.Type) {
        let raw = T.allCases.map(\.rawValue)
        #expect(T.allValueStrings == raw, "\(T.self)")
        #expect(T.allValueDescriptions.isEmpty, "\(T.self)")
        for value in T.allCases {
            #expect(value.defaultValueDescription == value.rawValue)
            #expect(T(argument: value.rawValue)?.rawValue == value.rawValue)
        }
        #expect(T(argument: "no-such-value") == nil)
    }

    @Test func everyChoiceListsItsRawValues() {
        check(ChartCommand.ColorChoice.self)
        check(ChartCommand.RaterChoice.self)
        check(RateCommand.RaterChoice.self)
        check(AnalyzeCommand.SDSource.self)
        check(ExportCommand.Format.self)
        check(InstrumentFormat.self)
    }

    @Test func helpListsTheValuesAndTheDefault() {
        let help = ChartCommand.helpMessage(columns: 200)
        #expect(help.contains("(values: client, therapist, both)"), "\(help)")
        #expect(help.contains("(values: auto, always, never; default: auto)"), "\(help)")
        let export = ExportCommand.helpMessage(columns: 200)
        #expect(export.contains("csv, json, fhir, redcap"), "\(export)")
    }

    @Test func aValueOutsideTheListIsAUsageError() throws {
        #expect(throws: (any Error).self) { try ChartCommand.parse(["--csv", "x.csv", "--color", "sometimes"]) }
        let parsed = try ChartCommand.parse(["--csv", "x.csv", "--color", "never"])
        #expect(parsed.color == .never)
    }
}
