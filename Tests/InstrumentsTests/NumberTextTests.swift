import Testing

@testable import Instruments

@Suite("Number text")
struct NumberTextTests {
    @Test("two decimals at most, no trailing zeros, sign kept, huge and non-finite values do not trap")
    func compact() {
        #expect(NumberText.compact(4) == "4")
        #expect(NumberText.compact(4.2) == "4.2")
        #expect(NumberText.compact(4.25) == "4.25")
        #expect(NumberText.compact(3.999) == "4")
        #expect(NumberText.compact(-0.355) == "-0.36")
        #expect(NumberText.compact(-0.001) == "0")
        #expect(NumberText.compact(0.05) == "0.05")
        #expect(NumberText.compact(1e300) == "1e+300")
        #expect(NumberText.compact(.infinity) == "inf")
        #expect(NumberText.compact(.nan) == "nan")
    }
}
