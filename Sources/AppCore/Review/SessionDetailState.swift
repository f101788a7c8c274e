import Foundation
import Store

/// The session detail screen.
public struct SessionDetailState: Sendable, Equatable {
    /// The rows and notes.
    public var detail: SessionDetail
    /// First row shown.
    public var scroll: Int

    /// Creates the screen scrolled to the top.
    public init(detail: SessionDetail, scroll: Int = 0) {
        self.detail = detail
        self.scroll = scroll
    }
}
