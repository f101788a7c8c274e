// libFuzzer target: the CSV reader of `rapport chart --csv` (SeriesCSV, in Formats).
// Built by Scripts/fuzz.sh with Sources/Formats/Series/SeriesCSV.swift compiled in, against ScreenKit.
import Foundation
import ScreenKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSeriesCSV(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    if let table = try? SeriesCSV.parse(text) {
        _ = table.valueRange
        _ = table.sessionCount
    }
    return 0
}
