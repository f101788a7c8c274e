import CFileOps
import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `PosixFileSystem.replaceDerived`: the atomic replace of derived data that exchanges names
/// with a spare instead of renaming over the old file.
@Suite("File system: derived replace")
struct FileSystemTests {
    let dir: TemporaryDirectory
    let fs = PosixFileSystem()

    init() throws { dir = try TemporaryDirectory() }

    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
    func names() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

    /// The shim swaps two names (RENAME_EXCHANGE; another flag value would refuse or replace).
    @Test func exchangeSwapsTwoNames() throws {
        defer { dir.remove() }
        try Data("a".utf8).write(to: URL(fileURLWithPath: dir.appending("a")))
        try Data("b".utf8).write(to: URL(fileURLWithPath: dir.appending("b")))
        #expect(cfo_rename_exchange(dir.appending("a"), dir.appending("b")) == 0)
        #expect(try text(dir.appending("a")) == "b")
        #expect(try text(dir.appending("b")) == "a")
        #expect(cfo_rename_exchange(dir.appending("a"), dir.appending("missing")) == -1)
        #expect(errno == ENOENT)
    }

    /// The shim frees a file's blocks and keeps its size: they read as zeros (another flag value
    /// would keep the bytes, or shrink the file).
    @Test func punchingHolesLeavesZerosOfTheSameSize() throws {
        defer { dir.remove() }
        let path = dir.appending("f")
        try Data("abcdefgh".utf8).write(to: URL(fileURLWithPath: path))
        let fd = open(path, O_WRONLY)
        #expect(fd >= 0)
        #expect(cfo_punch_hole(fd, 8) == 0)
        close(fd)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(count: 8))
    }

    /// The old contents stay in the spare, and the next replace writes into the spare and
    /// exchanges again: after the first exchange no file is created or removed (same two inodes).
    @Test func replacesAFileThroughItsSpareAndLeavesNothingElse() throws {
        defer { dir.remove() }
        let path = dir.appending("summary.json")
        let spare = dir.appending(".summary.json.spare")
        #expect(PosixFileSystem.spareName(for: path) == spare)
        func inode(_ p: String) throws -> UInt64 {
            try #require(FileManager.default.attributesOfItem(atPath: p)[.systemFileNumber] as? UInt64)
        }
        try fs.replaceDerived(Data("first, and longer than what follows".utf8), at: path)
        #expect(try text(path) == "first, and longer than what follows")
        #expect(try names() == ["summary.json"])
        try fs.replaceDerived(Data("second".utf8), at: path)
        #expect(try text(path) == "second")
        #expect(try text(spare) == "first, and longer than what follows")
        #expect(try names() == [".summary.json.spare", "summary.json"])
        let inodes = Set([try inode(path), try inode(spare)])
        try fs.replaceDerived(Data("third".utf8), at: path)
        #expect(try text(path) == "third")
        #expect(try text(spare) == "second")
        try fs.replaceDerived(Data("fourth, longer than the spare it is written into".utf8), at: path)
        #expect(try text(path) == "fourth, longer than the spare it is written into")
        #expect(try text(spare) == "third")
        #expect(Set([try inode(path), try inode(spare)]) == inodes)
        #expect(try names() == [".summary.json.spare", "summary.json"])
        for p in [path, spare] {
            let mode = try FileManager.default.attributesOfItem(atPath: p)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        try fs.removeSpare(of: path)
        #expect(try names() == ["summary.json"])
        try fs.removeSpare(of: path)
    }

    /// A replace in two steps (a save stages its summary while its record syncs): staging writes
    /// the spare only — the file is unchanged until `commit()` exchanges the names; a staged spare
    /// never committed is simply the next one written into; with no spare yet, nothing is staged.
    @Test func aStagedReplaceChangesTheFileOnlyWhenCommitted() throws {
        defer { dir.remove() }
        let path = dir.appending("summary.json")
        let spare = PosixFileSystem.spareName(for: path)
        try fs.replaceDerived(Data("first".utf8), at: path)
        #expect(fs.stageDerived(Data("never".utf8), at: path) == nil)
        #expect(try names() == ["summary.json"])
        try fs.replaceDerived(Data("second, longer".utf8), at: path)
        let staged = try #require(fs.stageDerived(Data("third".utf8), at: path))
        #expect(try text(path) == "second, longer")
        #expect(try text(spare) == "third")
        #expect(staged.commit())
        #expect(try text(path) == "third")
        #expect(try text(spare) == "second, longer")
        // Staged and dropped (the save failed before its record was durable): the file stays.
        _ = try #require(fs.stageDerived(Data("dropped".utf8), at: path))
        #expect(try text(path) == "third")
        try fs.replaceDerived(Data("fourth".utf8), at: path)
        #expect(try text(path) == "fourth")
        #expect(try text(spare) == "third")
        #expect(try names() == [".summary.json.spare", "summary.json"])
        // Nothing to exchange with (the file gone): the commit says so and changes nothing.
        let orphan = try #require(fs.stageDerived(Data("fifth".utf8), at: path))
        try FileManager.default.removeItem(atPath: path)
        #expect(!orphan.commit())
        #expect(try names() == [".summary.json.spare"])
    }

    /// A spare that is a link (symbolic or hard) is not written through: it is replaced by a new one.
    @Test func aSpareThatIsALinkIsNotWrittenThrough() throws {
        defer { dir.remove() }
        let path = dir.appending("summary.json")
        let spare = PosixFileSystem.spareName(for: path)
        let target = dir.appending("elsewhere")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: target))
        try fs.replaceDerived(Data("first".utf8), at: path)
        try FileManager.default.createSymbolicLink(atPath: spare, withDestinationPath: target)
        try fs.replaceDerived(Data("second".utf8), at: path)
        #expect(try text(target) == "keep")
        #expect(try text(path) == "second")
        #expect(try FileManager.default.attributesOfItem(atPath: spare)[.type] as? FileAttributeType == .typeRegular)
        #expect(try text(spare) == "first")

        try FileManager.default.removeItem(atPath: spare)
        try FileManager.default.linkItem(atPath: target, toPath: spare)
        try fs.replaceDerived(Data("third".utf8), at: path)
        #expect(try text(target) == "keep")
        #expect(try text(path) == "third")
        #expect(try text(spare) == "second")
        #expect(try names() == [".summary.json.spare", "elsewhere", "summary.json"])
    }

    /// A link at the path is replaced, never followed; a directory there is refused and kept.
    @Test func aLinkIsReplacedAndADirectoryRefused() throws {
        defer { dir.remove() }
        let target = dir.appending("elsewhere")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: target))
        let path = dir.appending("summary.json")
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        try fs.replaceDerived(Data("new".utf8), at: path)
        #expect(try text(target) == "keep")
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType == .typeRegular)
        #expect(try text(path) == "new")

        let folder = dir.appending("folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        #expect(throws: StoreError.self) { try fs.replaceDerived(Data("x".utf8), at: folder) }
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) && isDirectory.boolValue)
        #expect(try names() == ["elsewhere", "folder", "summary.json"])
    }
}
