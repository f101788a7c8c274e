#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Why a series file could not be read or parsed (``SeriesFile/load(_:)``).
public enum SeriesFileError: Error, Equatable, CustomStringConvertible {
    /// No file at the path.
    case notFound(path: String)
    /// The path names a directory.
    case isDirectory(path: String)
    /// The file could not be opened or read; `errno` is the system's error number.
    case unreadable(path: String, errno: Int32)
    /// The bytes are not UTF-8 text.
    case notUTF8(path: String)
    /// The text is not a series CSV.
    case malformed(path: String, SeriesCSVError)

    /// The path the problem is about.
    public var path: String {
        switch self {
        case .notFound(let p), .isDirectory(let p), .unreadable(let p, _), .notUTF8(let p), .malformed(let p, _): p
        }
    }

    /// True when the file itself could not be had (as opposed to its contents being wrong).
    public var isMissingInput: Bool {
        switch self {
        case .notFound, .isDirectory, .unreadable: true
        case .notUTF8, .malformed: false
        }
    }

    /// The path and the problem, e.g. `data.csv: line 3: expected 4 fields, found 3`.
    public var description: String {
        switch self {
        case .notFound(let p): "\(p): no such file"
        case .isDirectory(let p): "\(p): is a directory"
        case .unreadable(let p, let code): "\(p): \(String(cString: strerror(code)))"
        case .notUTF8(let p): "\(p): not UTF-8 text"
        case .malformed(let p, let error): "\(p): \(error.description)"
        }
    }
}

/// Reads a series CSV file (``SeriesCSV``) with plain POSIX calls, so a chart of a file needs
/// nothing but the file: no data directory, no instruments, no Foundation file APIs.
public enum SeriesFile {
    /// Reads and parses the series CSV at `path` (any readable file, `/dev/stdin` included).
    /// - Throws: ``SeriesFileError`` naming the path and, for malformed data, the line.
    public static func load(_ path: String) throws(SeriesFileError) -> SeriesCSV {
        let bytes = try bytes(path)
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(SeriesFileError) -> SeriesCSV in
                guard String(validating: buffer, as: UTF8.self) != nil else { throw .notUTF8(path: path) }
                do throws(SeriesCSVError) {
                    return try SeriesCSV.parse(utf8: buffer)
                } catch {
                    throw .malformed(path: path, error)
                }
            }
        }
        return try result.get()
    }

    /// The whole content of the file at `path`.
    /// - Throws: ``SeriesFileError/notFound(path:)``, ``SeriesFileError/isDirectory(path:)`` or
    ///   ``SeriesFileError/unreadable(path:errno:)``.
    public static func bytes(_ path: String) throws(SeriesFileError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw code == ENOENT ? .notFound(path: path) : .unreadable(path: path, errno: code)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .unreadable(path: path, errno: errno) }
        guard info.st_mode & S_IFMT != S_IFDIR else { throw .isDirectory(path: path) }
        // A buffer of the file's size (+1 to see the end in one read), grown only if the file grew
        // or has no size (a pipe).
        var bytes = [UInt8](repeating: 0, count: Int(max(0, info.st_size)) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: repeatElement(0, count: max(4096, bytes.count))) }
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + filled, $0.count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, errno: errno)
            }
            if n == 0 { break }
            filled += n
        }
        bytes.removeSubrange(filled...)
        return bytes
    }
}
