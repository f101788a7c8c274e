import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads lines from a file descriptor with a time-out (`poll` and `read`, its own buffer), for
/// the `--plain` loop: a read that waits longer than the tick interval returns `.timedOut`, so the
/// idle timeout works without a full-screen terminal. A partial line stays buffered across
/// time-outs; a last line without a newline is returned at end of input.
public final class LineReader {
    /// What one read gave.
    public enum Input: Equatable, Sendable {
        /// A line, without its newline.
        case line(String)
        /// Nothing arrived within the time-out.
        case timedOut
        /// End of input.
        case ended
    }

    public let fd: Int32
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 4096)
    private var atEnd = false

    public init(fd: Int32 = 0) {
        self.fd = fd
    }

    /// The next line (without `\n` or `\r\n`), `.timedOut` after `timeoutSeconds`, or `.ended`.
    public func next(timeoutSeconds: Double) -> Input {
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(Int(timeoutSeconds * 1000))
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                var line = buffer[..<newline]
                if line.last == 0x0D { line = line.dropLast() }
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeSubrange(...newline)
                return .line(text)
            }
            if atEnd {
                guard !buffer.isEmpty else { return .ended }
                defer { buffer = [] }
                return .line(String(decoding: buffer, as: UTF8.self))
            }
            let left = deadline - clock.now
            guard left > .zero else { return .timedOut }
            let ms = Int32(
                clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            var request = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, ms)
            if ready < 0 {
                if errno == EINTR { continue }
                atEnd = true
                continue
            }
            if ready == 0 { return .timedOut }
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                atEnd = true
            } else if n == 0 {
                atEnd = true
            } else {
                buffer.append(contentsOf: chunk[0..<n])
            }
        }
    }
}
