import CFileOps
import Foundation
import Store
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `PosixFileSystem.replaceDerived`: the atomic replace of derived data that exchanges names
/// instead of renaming over the old file.
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

    @Test func replacesAFileAndLeavesNothingElse() throws {
        defer { dir.remove() }
        let path = dir.appending("summary.json")
        try fs.replaceDerived(Data("first".utf8), at: path)
        #expect(try text(path) == "first")
        try fs.replaceDerived(Data("second".utf8), at: path)
        #expect(try text(path) == "second")
        #expect(try names() == ["summary.json"])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
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
