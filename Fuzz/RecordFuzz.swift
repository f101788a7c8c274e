// libFuzzer target: the store's decoders for record, draft, summary (including the hand-written
// fast record and summary decoders, and the summary writer) and client files, and the id parsers.
// Built by Scripts/fuzz.sh.
import Foundation
import Instruments

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecord(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let data = Data(bytes: start, count: count)
    if let record = try? StoreCoding.decode(AdministrationRecord.self, from: data, path: "fuzz.json") {
        _ = AdministrationRecord.current([record])
        _ = try? StoreCoding.encode(record, path: "fuzz.json")
        _ = RecordName(id: record.id)
        let summary = ClientSummary.build(clientId: record.clientId, records: [record], recordFileCount: 1, notes: [])
        _ = summary.series(record.instrument.id, record.rater, record.result.primaryScale)
    }
    // The record fast path (RecordDecoder, under StoreCoding.decode) must agree with JSONDecoder
    // on every document it accepts.
    if let fast = RecordDecoder.decode(data, supported: currentSchemaVersion, sealed: nil) {
        let slow = try? StoreCoding.decoder().decode(AdministrationRecord.self, from: data)
        if slow != fast { fatalError("RecordDecoder and JSONDecoder disagree") }
    }
    if let draft = try? StoreCoding.decode(Draft.self, from: data, path: "fuzz.json") {
        _ = try? StoreCoding.encode(draft, path: "fuzz.json")
    }
    let fast = SummaryDecoder.decode(data)
    let slow = try? StoreCoding.decode(ClientSummary.self, from: data, path: "fuzz.json")
    if let fast, let slow, fast != slow {
        // The fast path must never disagree with the full decoder on a document both accept.
        fatalError("SummaryDecoder and JSONDecoder disagree")
    }
    // The hand-written summary writer must write what JSONEncoder writes, or decline.
    if let slow, let written = SummaryEncoder.encode(slow), written != (try? StoreCoding.encoder().encode(slow)) {
        fatalError("SummaryEncoder and JSONEncoder disagree")
    }
    _ = try? StoreCoding.decode(ClientRecord.self, from: data, path: "fuzz.json")
    _ = try? StoreCoding.decode(ClinicConfig.self, from: data, path: "fuzz.json")
    let text = String(decoding: data.prefix(64), as: UTF8.self)
    _ = RecordName(id: text)
    _ = SessionDate.isValid(text)
    _ = ClientID.isValid(text)
    return 0
}
