// libFuzzer target: the instrument loader (JSON → validated Instrument), then scoring and
// answer parsing on whatever loads. Built by Scripts/fuzz.sh; not part of the package.
import Foundation
import Instruments

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInstrument(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    guard let instrument = try? InstrumentLoader.load(data: data, file: "fuzz.json") else { return 0 }
    // Anything the loader accepts must score any answer vector on its scale without trapping.
    let values = instrument.responseScale.map(\.value)
    let bytes = [UInt8](data)
    for round in 0..<3 {
        var answers: [Int?] = []
        for (index, _) in instrument.items.enumerated() {
            let b = bytes.isEmpty ? 0 : Int(bytes[(index * 7 + round * 13) % bytes.count])
            answers.append(b % 5 == 0 ? nil : values[b % values.count])
        }
        if let result = try? instrument.score(answers) {
            _ = result.scales.map(\.score)
            _ = result.band
        }
        let text = answers.map { $0.map(String.init) ?? "" }.joined(separator: ",")
        _ = try? instrument.parseAnswers(text)
    }
    for item in instrument.items { _ = instrument.text(of: item, names: PlaceholderNames(therapist: "T", client: "C")) }
    return 0
}
