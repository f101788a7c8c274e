/// The xoshiro256** pseudo-random generator (Blackman & Vigna 2018), seeded with SplitMix64.
///
/// Used for the bootstrap so that the same seed gives the same resamples on every run and
/// platform. The algorithm, fully specified (all arithmetic modulo 2⁶⁴):
///
/// - Seeding: the four state words are four successive outputs of SplitMix64 started at `seed`
///   (`s += 0x9E3779B97F4A7C15; z = s; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
///   z = (z ^ (z >> 27)) * 0x94D049BB133111EB; return z ^ (z >> 31)`).
/// - Output: `rotl(s1 * 5, 7) * 9`, then the xoshiro256 state update.
/// - A uniform double in [0, 1) is `(next() >> 11) · 2⁻⁵³`; an index in `0..<n` is
///   `floor(uniform · n)`.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Equatable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator whose state is filled from SplitMix64 started at `seed`.
    public init(seed: UInt64) {
        var state = seed
        s0 = Self.splitMix64(&state)
        s1 = Self.splitMix64(&state)
        s2 = Self.splitMix64(&state)
        s3 = Self.splitMix64(&state)
    }

    /// Creates a generator with a raw state (for known-answer tests); not all zero.
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
    }

    /// One step of SplitMix64 (Steele, Lea & Flood 2014): advances `state`, returns the output.
    static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotateLeft(s3, 45)
        return result
    }

    /// A uniform double in [0, 1): the top 53 bits of `next()` times 2⁻⁵³.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform index in `0..<count` (`floor(nextUniform() · count)`); `count` must be positive.
    public mutating func nextIndex(below count: Int) -> Int {
        Swift.min(count - 1, Int(nextUniform() * Double(count)))
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
