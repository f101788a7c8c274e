// libFuzzer target: the CSV reader of `rapport chart --csv` (ScreenKit's SeriesCSV).
// Built by Scripts/fuzz.sh when Sources/ScreenKit/Data/SeriesCSV.swift is present.
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
