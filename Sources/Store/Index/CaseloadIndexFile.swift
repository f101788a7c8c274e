import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The caseload index file open for reading, with its size when it was opened (under the index's
/// shared lock). Read by lines through a bounded buffer instead of whole, and by one line at a
/// time afterwards: the index is only ever appended to or replaced by a rename, so the first
/// `size` bytes of the open file stay what they were under the lock, whatever happens to the
/// path meanwhile.
final class CaseloadIndexFile: @unchecked Sendable {
    /// Where a line is: its first byte and its length (without the newline).
    struct Line: Sendable {
        var offset: Int
        var length: Int
    }

    /// How much is read at a time by `forEachLine` (a longer line grows the buffer).
    static let chunkBytes = 1 << 20

    let fd: Int32
    /// The file's size when it was opened.
    let size: Int
    /// How much `forEachLine` reads at a time (small in tests, to cross chunk boundaries).
    let chunk: Int

    /// Opens a regular file (not a link); nil when it is missing or is not one.
    init?(path: String, chunk: Int = CaseloadIndexFile.chunkBytes) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        if fd < 0 { return nil }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            return nil
        }
        self.fd = fd
        size = Int(st.st_size)
        self.chunk = max(chunk, 1)
    }

    deinit { close(fd) }

    /// The bytes of `line`; nil when they cannot be read. Safe from several threads (pread).
    func read(_ line: Line) -> Data? {
        var data = Data(count: line.length)
        var done = 0
        let ok = data.withUnsafeMutableBytes { (buffer: UnsafeMutableRawBufferPointer) -> Bool in
            while done < line.length {
                let n = pread(fd, buffer.baseAddress! + done, line.length - done, off_t(line.offset + done))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return false }
                done += n
            }
            return true
        }
        return ok ? data : nil
    }

    /// Calls `body` with every non-empty line of the first `size` bytes (split at newlines, as
    /// `split(separator: 0x0A)` does) and where it is, in file order, until `body` returns false.
    /// False when the file could not be read to the end.
    func forEachLine(_ body: (Line, Data) -> Bool) -> Bool {
        var buffer = [UInt8](repeating: 0, count: min(chunk, max(size, 1)))
        var start = 0  // file offset of buffer[0]
        var filled = 0  // valid bytes in the buffer
        var stopped = false
        while start + filled < size || filled > 0 {
            // Fill the buffer from the file.
            if start + filled < size && filled < buffer.count {
                let want = min(buffer.count - filled, size - start - filled)
                let n = buffer.withUnsafeMutableBytes { raw in
                    pread(fd, raw.baseAddress! + filled, want, off_t(start + filled))
                }
                if n < 0, errno == EINTR { continue }
                if n <= 0 { return false }
                filled += n
            }
            let atEnd = start + filled == size
            // Every complete line in the buffer (the last one also when the file ends there).
            var from = 0
            var consumed = 0
            while from < filled {
                let end = buffer.withUnsafeBytes { raw -> Int in
                    guard let nl = memchr(raw.baseAddress! + from, 0x0A, filled - from) else { return filled }
                    return raw.baseAddress!.distance(to: UnsafeRawPointer(nl))
                }
                if end == filled && !atEnd { break }  // a line continues past the buffer
                if end > from {
                    let data = buffer.withUnsafeBytes { Data($0[from..<end]) }
                    if !body(Line(offset: start + from, length: end - from), data) {
                        stopped = true
                        break
                    }
                }
                from = end + 1
                consumed = min(from, filled)
            }
            if stopped { return true }
            if atEnd && consumed >= filled { return true }
            if consumed == 0 && filled == buffer.count {
                // One line longer than the buffer: grow it.
                buffer.append(contentsOf: repeatElement(0, count: buffer.count))
                continue
            }
            // Keep the unfinished line's start at the front.
            if consumed > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    let base = raw.baseAddress!
                    memmove(base, base + consumed, filled - consumed)
                }
                start += consumed
                filled -= consumed
            }
        }
        return true
    }
}
