import Testing

@testable import AppUI
