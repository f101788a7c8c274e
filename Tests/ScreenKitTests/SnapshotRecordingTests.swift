import Foundation
import TestSupport
import Testing

@Suite("Snapshot recording")
struct SnapshotRecordingTests {
    @Test("recording writes the file and records an issue, so a re-record is never a silent pass")
    func recordingFails() throws {
        let dir = try TemporaryDirectory("snapshot-record")
        defer { dir.remove() }
        let fakeTest = dir.appending("FakeTests.swift")
        // withKnownIssue itself fails the test when the block records no issue.
        withKnownIssue {
            try Snapshot.assert(text: "hello\n", named: "greeting", filePath: fakeTest, record: true)
        }
        let written = FileManager.default.contents(atPath: dir.appending("Snapshots/greeting.txt"))
        #expect(written.map { String(decoding: $0, as: UTF8.self) } == "hello\n")
        // The recorded file then passes a normal comparison, and a different text fails it.
        try Snapshot.assert(text: "hello\n", named: "greeting", filePath: fakeTest, record: false)
        #expect(throws: Snapshot.Mismatch.self) {
            try Snapshot.assert(text: "hello, world\n", named: "greeting", filePath: fakeTest, record: false)
        }
    }
}
