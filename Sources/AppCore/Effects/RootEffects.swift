import Foundation

/// Performs the root program's effects with the store effects of the app and of the review.
public struct RootEffects: Sendable {
    /// The home menu's, the rating's and the kiosk's effects.
    public let app: StoreEffects
    /// The review screens' effects.
    public let review: ReviewEffects

    public init(app: StoreEffects, review: ReviewEffects) {
        self.app = app
        self.review = review
    }

    /// Performs `effect`; returns the actions its result produces.
    public func perform(_ effect: RootEffect) -> [RootAction] {
        switch effect {
        case .app(let e): return app.perform(e).map(RootAction.app)
        case .review(let e): return review.perform(e).map(RootAction.review)
        case .purgeExpiredCodes:
            // As `rapport kiosk` does at start; a failure leaves expired codes, which never open.
            _ = try? app.codes.purgeExpired()
            return []
        }
    }
}
