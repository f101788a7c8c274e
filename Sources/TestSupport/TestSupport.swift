// TestSupport: see DEVELOPERS.md for what this module holds.

import Store

/// The seeded generator of random tests (SplitMix64, the demo generator's): the same seed gives the
/// same values on every platform, so a failing round can be replayed from the seed it prints.
public typealias SeededGenerator = SplitMix64
