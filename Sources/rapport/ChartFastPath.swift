import Foundation
import ScreenKit

/// A start-up fast path for the common `rapport chart --csv FILE [options]` invocation.
///
/// swift-argument-parser builds its command tree by reflection (`Mirror`, protocol-conformance
/// look-ups) before it parses anything, which costs about 2 ms of a 7 ms chart run: a third of
/// the process. A chart in a shell pipeline or a script loop pays that on every call, so this
/// parser takes the valid `--csv` invocations directly and hands the same ``ChartCommand/CSVOptions``
/// to the same ``ChartCommand/drawCSV(_:colorMode:)``.
///
/// It accepts only what it fully understands and would also pass swift-argument-parser's
/// validation: anything else (help, `--client`, an unknown or repeated option, a missing or bad
/// value) returns `nil` and goes the normal way, so every usage error and help text still comes
/// from swift-argument-parser. `RapportCLITests.ChartFastPathTests` runs each invocation both ways
/// (`RAPPORT_NO_FAST_PATH=1` turns the fast path off) and compares output and exit status.
enum ChartFastPath {
    /// Parses the arguments after `chart`; `nil` when the invocation is not a plain, valid
    /// `--csv` chart.
    static func parse(_ arguments: ArraySlice<String>) -> ChartCommand.CSVOptions? {
        var path: String?
        var options = ChartCommand.CSVOptions(path: "")
        var seen: [String] = []  // not a Set: see SeriesCSV (start-up cost)
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let token = arguments[index]
            index += 1
            guard token.hasPrefix("--") else { return nil }
            var name = token.dropFirst(2)
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = name[..<equals]
            }
            let key = String(name)
            guard !seen.contains(key) else { return nil }
            seen.append(key)
            // --y-min and --y-max take the next argument whatever it is (negative numbers);
            // the other options, like swift-argument-parser, refuse a value that looks like an option.
            let unconditional = key == "y-min" || key == "y-max"
            if value == nil {
                guard index < arguments.endIndex else { return nil }
                let next = arguments[index]
                if !unconditional && next.hasPrefix("-") { return nil }
                value = next
                index += 1
            }
            guard let value, !value.isEmpty else { return nil }
            switch key {
            case "csv": path = value
            case "title": options.title = value
            case "y-min":
                guard let v = Double(value), v.isFinite else { return nil }
                options.yMin = v
            case "y-max":
                guard let v = Double(value), v.isFinite else { return nil }
                options.yMax = v
            case "width":
                guard let v = Int(value), (10...10_000).contains(v) else { return nil }
                options.width = v
            case "height":
                guard let v = Int(value), (3...10_000).contains(v) else { return nil }
                options.height = v
            case "color":
                guard let v = ChartCommand.ColorChoice(rawValue: value) else { return nil }
                options.color = v
            default:
                return nil
            }
        }
        guard let path else { return nil }
        if let yMin = options.yMin, let yMax = options.yMax, !(yMin < yMax) { return nil }
        options.path = path
        return options
    }

    /// Runs `rapport chart` when `arguments` (the whole command line, program name first) is a
    /// plain `--csv` chart; returns its exit status, or `nil` to let swift-argument-parser run.
    static func run(_ arguments: [String]) -> Int32? {
        guard arguments.count > 2, arguments[1] == "chart" else { return nil }
        if let off = getenv("RAPPORT_NO_FAST_PATH"), off.pointee != 0 { return nil }
        guard let options = parse(arguments[2...]) else { return nil }
        do {
            let mode = ChartCommand.colorMode(options.color, isTerminal: isatty(1) == 1)
            print(try ChartCommand.drawCSV(options, colorMode: mode), terminator: "")
            return 0
        } catch let failure as ChartCommand.Failure {
            FileHandle.standardError.write(Data("rapport chart: \(failure.message)\n".utf8))
            return failure.status
        } catch {
            FileHandle.standardError.write(Data("rapport chart: \(error)\n".utf8))
            return 70
        }
    }
}
