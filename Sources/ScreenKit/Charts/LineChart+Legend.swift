// The legend row(s) under the chart.
extension LineChart {
    /// One legend entry: a symbol in a style, and a text.
    struct LegendItem: Equatable {
        var symbol: String
        var style: Style
        var text: String
    }

    func legendItems(smallMultiples: Bool) -> [LegendItem] {
        var items: [LegendItem] = []
        // Series are named in the legend unless each has its own panel header.
        if !smallMultiples && !(series.count == 1 && series[0].name.isEmpty) {
            for i in series.indices {
                items.append(
                    LegendItem(
                        symbol: String(marker(ofSeries: i)), style: seriesStyle(i).emboldened, text: series[i].name))
            }
        }
        let dim = colorMode == .none ? Style.dim : Style(fg: Palette.grey)
        for c in cutoffs { items.append(LegendItem(symbol: "┄", style: dim, text: c.label)) }
        var seen = Set<String>()
        for m in markers where seen.insert("\(m.symbol)\u{0}\(m.label)").inserted {
            let style = colorMode == .none ? Style.bold : Style(fg: Palette.vermillion, bold: true)
            items.append(LegendItem(symbol: String(m.symbol), style: style, text: m.label))
        }
        for e in events where seen.insert("\(e.symbol)\u{0}\(e.label)").inserted {
            let style = colorMode == .none ? Style.bold : Style(fg: Palette.blue, bold: true)
            items.append(LegendItem(symbol: String(e.symbol), style: style, text: e.label))
        }
        if let band {
            let style = colorMode == .none ? Style.plain : Style(bg: .indexed(236, fallback: 0))
            items.append(LegendItem(symbol: "┃", style: style, text: band.label))
        }
        if let expectation {
            items.append(
                LegendItem(symbol: ChartExpectation.expectedSymbol, style: dim, text: expectation.expectedLabel))
            let style = colorMode == .none ? Style.dim : Style(fg: Palette.grey, bg: .indexed(236, fallback: 0))
            items.append(LegendItem(symbol: ChartExpectation.bandSymbol, style: style, text: expectation.bandLabel))
        }
        return items
    }

    /// Width of the legend on one line.
    func legendWidth(_ items: [LegendItem]) -> Int {
        items.reduce(0) { $0 + TextWidth.displayWidth($1.symbol) + 1 + TextWidth.displayWidth($1.text) }
            + 2 * max(0, items.count - 1)
    }

    /// Draws the legend items over the rows of `area`, wrapping between items; items that do
    /// not fit are replaced by `…`.
    func drawLegend(into screen: inout Screen, row area: Rect, items: [LegendItem]) {
        var x = area.x
        var y = area.y
        for (k, item) in items.enumerated() {
            let w = TextWidth.displayWidth(item.symbol) + 1 + TextWidth.displayWidth(item.text)
            let lastRow = y == area.maxY - 1
            let remaining = items.count - k - 1
            let reserve = lastRow && remaining > 0 ? 3 : 0
            let sep = x == area.x ? 0 : 2
            if x + sep + w + reserve > area.maxX {
                if !lastRow && x != area.x {
                    y += 1
                    x = area.x
                } else {
                    let row = Rect(x: area.x, y: y, width: area.width, height: 1)
                    screen.put(x == area.x ? "…" : "  …", x: x, y: y, style: .dim, clip: row)
                    return
                }
            }
            let row = Rect(x: area.x, y: y, width: area.width, height: 1)
            if x != area.x { x += 2 }
            x = screen.put(item.symbol, x: x, y: y, style: item.style, clip: row)
            x = screen.put(" " + item.text, x: x, y: y, clip: row)
        }
    }
}
