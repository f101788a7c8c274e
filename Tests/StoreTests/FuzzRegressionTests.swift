import Foundation
import TestSupport
import Testing

@testable import Store

/// Inputs found by Scripts/fuzz.sh, kept so the fixes stay fixed.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// fuzz-record, 2026-11-24: a summary with a repeated key. The fast decoder kept the last
    /// occurrence and JSONDecoder another, so the caseload and the full decode disagreed.
    @Test(arguments: [
        #"{"clientId":"D1","generation":1,"notes":[],"recordCount":2,"risk":[],"schemaVersion":1,"series":{"wai-sr/client/bond":[[1,3.75]],"wai-sr/client/bond":[[1,4]]},"sessions":[{"date":"2026-01-05","session":1}]}"#,
        #"{"clientId":"D1","generation":1,"notes":[],"recordCount":2,"recordCount":7,"risk":[],"schemaVersion":1,"series":{},"sessions":[]}"#,
        #"{"clientId":"D1","generation":1,"notes":[],"recordCount":2,"risk":[],"schemaVersion":1,"series":{},"sessions":[{"date":"2026-01-05","session":1,"session":2}]}"#,
    ])
    func repeatedKeysGoToTheFullDecoder(_ text: String) throws {
        let data = Data(text.utf8)
        #expect(SummaryDecoder.decode(data) == nil)
        // Whatever the full decoder makes of it is what the store uses.
        let slow = try? StoreCoding.decode(ClientSummary.self, from: data, path: "summary.json")
        #expect(SummaryDecoder.decode(data) ?? slow == slow)
    }

    /// The store reads such a summary the same way through either path.
    @Test func storeReadsARepeatedKeySummaryConsistently() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let store = DataStore(root: dir.appending("data"))
        try store.initialize()
        let id = try ClientID("C1")
        try store.addClient(id)
        let path = store.layout.summary(id)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"recordCount\":0", with: "\"recordCount\":0,\"recordCount\":5")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(SummaryDecoder.decode(Data(text.utf8)) == nil)
        #expect(try store.summary(id).recordCount == 0)
    }
}
