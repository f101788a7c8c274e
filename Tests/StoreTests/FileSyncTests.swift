import Foundation
import TestSupport
import Testing

@testable import Store

#if canImport(Glibc)
    import Glibc
#endif

/// The syncs a save runs together (its change counters with the new record's contents).
@Suite("File syncs run together")
struct FileSyncTests {
    /// Every sync runs, and the first failure in the order given is the one reported.
    @Test func allRunAndTheFirstFailureIsReported() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let good = try FileLock(path: dir.appending("a.lock"))
        try good.writeCounter(5, durable: false)
        try FileSync.run([good.counterSync])
        try FileSync.run([good.counterSync, good.counterSync, good.counterSync])
        try FileSync.run([])
        let first = FileSync(fd: -1, path: "first", operation: "sync counter")
        let second = FileSync(fd: -1, path: "second")
        #expect {
            try FileSync.run([good.counterSync, first, good.counterSync, second])
        } throws: { error in
            guard case let .io(path, operation, code) = error as? StoreError else { return false }
            return path == "first" && operation == "sync counter" && code == EBADF
        }
        #expect(good.readCounter() == 5)
        // With a sync through the file-system seam (a directory's) run at the same time: its
        // failure comes first, else the syncs' in order; both sides always run.
        let ran = EntrySlots<Bool>(count: 1)
        try FileSync.run([good.counterSync]) { () throws(StoreError) in ran.set(0, true) }
        #expect(ran.values() == [true])
        #expect {
            try FileSync.run([second]) { () throws(StoreError) in
                throw .io(path: "records", operation: "fsync directory", errno: EIO)
            }
        } throws: { error in
            guard case let .io(path, _, _) = error as? StoreError else { return false }
            return path == "records"
        }
        #expect {
            try FileSync.run([good.counterSync, second]) { () throws(StoreError) in }
        } throws: { error in
            guard case let .io(path, _, _) = error as? StoreError else { return false }
            return path == "second"
        }
    }

    /// A new file written with syncs alongside is renamed into place only when all of them
    /// succeeded: after a failed one, neither the file nor its temporary is left.
    @Test func aFailedSyncAlongsideLeavesNoFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fs = PosixFileSystem()
        let counter = try FileLock(path: dir.appending(".lock"))
        let path = dir.appending("record.json")
        try fs.writeAtomically(
            Data("kept\n".utf8), to: path, durable: true, syncDirectory: false, alongside: [counter.counterSync])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "kept\n")
        let other = dir.appending("other.json")
        #expect {
            try fs.writeAtomically(
                Data("lost\n".utf8), to: other, durable: true, syncDirectory: true,
                alongside: [counter.counterSync, FileSync(fd: -1, path: "lock file", operation: "sync counter")])
        } throws: { error in
            guard case let .io(_, operation, _) = error as? StoreError else { return false }
            return operation == "sync counter"
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == [".lock", "record.json"])
    }

    /// A write started ahead (a save computes its summary and index line meanwhile) is put in
    /// place by `finish()`; one never finished, or prepared and never begun, leaves nothing; a
    /// failed sync leaves nothing and is thrown by `finish()`.
    @Test func aWriteStartedAheadIsPutInPlaceOnlyByFinish() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let fs = PosixFileSystem()
        let counter = try FileLock(path: dir.appending(".lock"))
        func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }
        let pending = try fs.beginAtomicWrite(
            Data("one\n".utf8), to: dir.appending("one.json"), durable: true, syncDirectory: true,
            alongside: [counter.counterSync])
        #expect(try names().filter { !$0.hasPrefix(".one.json.tmp-") } == [".lock"])
        try pending.finish()
        #expect(try names() == [".lock", "one.json"])
        #expect(try String(contentsOfFile: dir.appending("one.json"), encoding: .utf8) == "one\n")
        do {
            _ = try fs.beginAtomicWrite(
                Data("two\n".utf8), to: dir.appending("two.json"), durable: true, syncDirectory: false,
                alongside: [counter.counterSync])
        }
        #expect(try names() == [".lock", "one.json"])
        // Prepared (written under a temporary name) but never begun: removed.
        do {
            let prepared = try fs.prepareAtomicWrite(Data("four\n".utf8), to: dir.appending("four.json"))
            withExtendedLifetime(prepared) {
                #expect((try? names())?.contains { $0.hasPrefix(".four.json.tmp-") } == true)
            }
        }
        #expect(try names() == [".lock", "one.json"])
        let failing = try fs.beginAtomicWrite(
            Data("three\n".utf8), to: dir.appending("three.json"), durable: true, syncDirectory: false,
            alongside: [FileSync(fd: -1, path: "lock file", operation: "sync counter")])
        #expect {
            try failing.finish()
        } throws: { error in
            guard case let .io(path, operation, code) = error as? StoreError else { return false }
            return path == "lock file" && operation == "sync counter" && code == EBADF
        }
        #expect(try names() == [".lock", "one.json"])
    }
}
