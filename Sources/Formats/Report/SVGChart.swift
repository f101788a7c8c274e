import Foundation
import Instruments
import Numbers
import ScreenKit

/// Draws the review charts (ScreenKit's `LineChart` and `ScatterPlot`, the data the terminal charts
/// draw) as SVG for print: the same series, gaps, cut-offs, band and markers, told apart in
/// greyscale by line pattern and marker shape as well as by shade.
public enum SVGChart {
    static let width = 640.0
    static let height = 260.0
    static let left = 118.0
    static let right = 16.0
    static let top = 28.0
    static let bottom = 40.0

    /// Shades and dash patterns that stay distinct when printed in black and white.
    static let strokes: [(colour: String, dash: String)] = [
        ("#000000", ""), ("#444444", "6 3"), ("#777777", "2 3"), ("#222222", "9 3 2 3"), ("#555555", "1 2"),
    ]

    public static func line(_ chart: LineChart, title: String) -> String {
        let n = max(chart.sessionCount, 1)
        let plotW = width - left - right
        let plotH = height - top - bottom
        let lo = chart.yRange.lowerBound
        let hi = chart.yRange.upperBound > lo ? chart.yRange.upperBound : lo + 1
        func x(_ index: Int) -> Double { n == 1 ? left + plotW / 2 : left + plotW * Double(index) / Double(n - 1) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (min(max(v, lo), hi) - lo) / (hi - lo)) }
        var s = svgOpen(title: title)
        // Band (no reliable change), under everything else.
        if let band = chart.band {
            s +=
                "<rect x=\"\(f(left))\" y=\"\(f(y(band.range.upperBound)))\" width=\"\(f(plotW))\" height=\"\(f(y(band.range.lowerBound) - y(band.range.upperBound)))\" fill=\"#e4e4e4\"/>"
            s += text(
                band.label, x: left + plotW - 4, y: y(band.range.upperBound) + 11, anchor: "end", size: 10, fill: "#333"
            )
        }
        // Axes and grid.
        for (v, label) in yTicks(chart, lo: lo, hi: hi) {
            s +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y(v)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(v)))\" stroke=\"#cccccc\" stroke-width=\"0.5\"/>"
            s += text(label, x: left - 6, y: y(v) + 3.5, anchor: "end", size: 10, fill: "#000")
        }
        s +=
            "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#000\" stroke-width=\"1\"/>"
        let step = max(1, Int((Double(n) / 12).rounded(.up)))
        for i in stride(from: 0, to: n, by: step) {
            s += text(
                String(chart.firstSession + i), x: x(i), y: top + plotH + 14, anchor: "middle", size: 10, fill: "#000")
        }
        s += text("session", x: left + plotW / 2, y: height - 6, anchor: "middle", size: 10, fill: "#333")
        // Cut-offs.
        for c in chart.cutoffs {
            s +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y(c.value)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(c.value)))\" stroke=\"#000\" stroke-width=\"1\" stroke-dasharray=\"1 3\"/>"
            s += text(c.label, x: left + 4, y: y(c.value) - 4, anchor: "start", size: 10, fill: "#000")
        }
        // Series: a line through consecutive sessions, broken at gaps; every score gets its marker.
        for (k, series) in chart.series.enumerated() {
            let stroke = strokes[k % strokes.count]
            var runs: [[(Double, Double)]] = [[]]
            for (i, v) in series.values.enumerated() {
                if let v {
                    runs[runs.count - 1].append((x(i), y(v)))
                } else if !runs[runs.count - 1].isEmpty {
                    runs.append([])
                }
            }
            for run in runs where run.count > 1 {
                let points = run.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
                s +=
                    "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(stroke.colour)\" stroke-width=\"1.6\""
                    + (stroke.dash.isEmpty ? "" : " stroke-dasharray=\"\(stroke.dash)\"") + "/>"
            }
            for run in runs { for p in run { s += shape(k, x: p.0, y: p.1, colour: stroke.colour) } }
        }
        // Point markers (ruptures) above their score; event markers (notes) on the session axis.
        for m in chart.markers {
            let i = m.session - chart.firstSession
            guard i >= 0, i < n else { continue }
            let v = m.seriesIndex.flatMap {
                chart.series.indices.contains($0) ? chart.series[$0].values[safe: i] ?? nil : nil
            }
            let yy = v.map { y($0) - 9 } ?? top + 10
            s += text(String(m.symbol), x: x(i), y: yy, anchor: "middle", size: 12, fill: "#000", title: m.label)
        }
        for e in chart.events {
            let i = e.session - chart.firstSession
            guard i >= 0, i < n else { continue }
            s += text(
                String(e.symbol), x: x(i), y: top + plotH - 3, anchor: "middle", size: 11, fill: "#000", title: e.label)
        }
        s += "</svg>"
        return s + legend(chart)
    }

    /// The legend, as HTML under the chart (wraps and prints as text).
    static func legend(_ chart: LineChart) -> String {
        var items: [String] = []
        for (k, series) in chart.series.enumerated() {
            let stroke = strokes[k % strokes.count]
            let swatch =
                "<svg width=\"34\" height=\"12\" aria-hidden=\"true\"><line x1=\"1\" y1=\"6\" x2=\"33\" y2=\"6\" stroke=\"\(stroke.colour)\" stroke-width=\"1.6\""
                + (stroke.dash.isEmpty ? "" : " stroke-dasharray=\"\(stroke.dash)\"") + "/>"
                + shape(k, x: 17, y: 6, colour: stroke.colour) + "</svg>"
            items.append("<span class=\"key\">\(swatch) \(HTML.escape(series.name))</span>")
        }
        var seen = Set<String>()
        for m in chart.markers where seen.insert(m.label).inserted {
            items.append("<span class=\"key\">\(HTML.escape(String(m.symbol))) \(HTML.escape(m.label))</span>")
        }
        for e in chart.events where seen.insert(e.label).inserted {
            items.append("<span class=\"key\">\(HTML.escape(String(e.symbol))) \(HTML.escape(e.label))</span>")
        }
        if let band = chart.band {
            items.append("<span class=\"key\"><span class=\"band-swatch\"></span> \(HTML.escape(band.label))</span>")
        }
        return "<p class=\"legend\">" + items.joined(separator: " ") + "</p>"
    }

    public static func scatter(_ plot: ScatterPlot, title: String) -> String {
        let plotW = width - left - right
        let plotH = height - top - bottom
        func x(_ v: Double) -> Double {
            let span = plot.xRange.upperBound - plot.xRange.lowerBound
            return left + plotW * (span > 0 ? (v - plot.xRange.lowerBound) / span : 0.5)
        }
        func y(_ v: Double) -> Double {
            let span = plot.yRange.upperBound - plot.yRange.lowerBound
            return top + plotH * (1 - (span > 0 ? (v - plot.yRange.lowerBound) / span : 0.5))
        }
        var s = svgOpen(title: title)
        s +=
            "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#000\"/>"
        if let c = plot.xCut {
            s +=
                "<line x1=\"\(f(x(c)))\" y1=\"\(f(top))\" x2=\"\(f(x(c)))\" y2=\"\(f(top + plotH))\" stroke=\"#000\" stroke-dasharray=\"1 3\"/>"
        }
        if let c = plot.yCut {
            s +=
                "<line x1=\"\(f(left))\" y1=\"\(f(y(c)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(c)))\" stroke=\"#000\" stroke-dasharray=\"1 3\"/>"
        }
        for v in [plot.xRange.lowerBound, plot.xRange.upperBound] {
            s += text(NumberText.compact(v), x: x(v), y: top + plotH + 14, anchor: "middle", size: 10, fill: "#000")
        }
        for v in [plot.yRange.lowerBound, plot.yRange.upperBound] {
            s += text(NumberText.compact(v), x: left - 6, y: y(v) + 3.5, anchor: "end", size: 10, fill: "#000")
        }
        s += text(plot.xLabel, x: left + plotW / 2, y: height - 6, anchor: "middle", size: 10, fill: "#333")
        s += text(plot.yLabel, x: 8, y: top + plotH / 2, anchor: "start", size: 10, fill: "#333")
        for (i, p) in plot.points.enumerated() {
            let newest = i == plot.points.count - 1
            s +=
                newest
                ? text(
                    String(plot.newestMarker), x: x(p.x), y: y(p.y) + 4, anchor: "middle", size: 13, fill: "#000",
                    title: plot.newestLabel)
                : "<circle cx=\"\(f(x(p.x)))\" cy=\"\(f(y(p.y)))\" r=\"3\" fill=\"#777\"/>"
        }
        s += "</svg>"
        return s
            + "<p class=\"legend\"><span class=\"key\">● earlier</span> <span class=\"key\">\(HTML.escape(String(plot.newestMarker))) \(HTML.escape(plot.newestLabel))</span></p>"
    }

    // MARK: Pieces

    static func svgOpen(title: String) -> String {
        "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"\(HTML.escape(title))\">"
            + "<title>\(HTML.escape(title))</title>"
    }

    static func yTicks(_ chart: LineChart, lo: Double, hi: Double) -> [(Double, String)] {
        if !chart.valueLabels.isEmpty {
            return chart.valueLabels.keys.sorted().filter { Double($0) >= lo && Double($0) <= hi }
                .map { (Double($0), "\($0) \(chart.valueLabels[$0]!)") }
        }
        let span = hi - lo
        let raw = span / 4
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? raw
        var out: [(Double, String)] = []
        var v = (lo / step).rounded(.up) * step
        while v <= hi + 1e-9 {
            out.append((v, NumberText.compact(v)))
            v += step
        }
        return out
    }

    static func shape(_ k: Int, x: Double, y: Double, colour: String) -> String {
        switch k % 4 {
        case 0: return "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"3.2\" fill=\"\(colour)\"/>"
        case 1:
            return
                "<rect x=\"\(f(x - 3))\" y=\"\(f(y - 3))\" width=\"6\" height=\"6\" fill=\"#fff\" stroke=\"\(colour)\" stroke-width=\"1.4\"/>"
        case 2:
            return
                "<polygon points=\"\(f(x)),\(f(y - 4)) \(f(x + 3.6)),\(f(y + 3)) \(f(x - 3.6)),\(f(y + 3))\" fill=\"\(colour)\"/>"
        default:
            return
                "<polygon points=\"\(f(x)),\(f(y - 4)) \(f(x + 4)),\(f(y)) \(f(x)),\(f(y + 4)) \(f(x - 4)),\(f(y))\" fill=\"#fff\" stroke=\"\(colour)\" stroke-width=\"1.4\"/>"
        }
    }

    static func text(
        _ s: String, x: Double, y: Double, anchor: String, size: Int, fill: String, title: String? = nil
    ) -> String {
        let t = title.map { "<title>\(HTML.escape($0))</title>" } ?? ""
        return
            "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"\(size)\" fill=\"\(fill)\">\(t)\(HTML.escape(s))</text>"
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

/// HTML text escaping.
public enum HTML {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
