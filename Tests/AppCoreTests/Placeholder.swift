import Testing

@testable import AppCore
