import Numbers
import Testing

/// The one number formatter (`Numbers.NumberText`), at its edges.
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
        #expect(NumberText.compact(-.infinity) == "-inf")
        #expect(NumberText.compact(.nan) == "nan")
    }

    @Test("negative zero and values that round to zero never keep a minus sign or a lone point")
    func negativeZero() {
        #expect(NumberText.compact(-0.0) == "0")
        #expect(NumberText.compact(-0.004) == "0")  // analyze printed "-0."
        #expect(NumberText.compact(-0.004, decimals: 0) == "0")
        #expect(NumberText.fixed(-0.04, decimals: 1) == "0.0")
        #expect(NumberText.fixed(-0.0, decimals: 3) == "0.000")
        #expect(NumberText.signed(-0.04) == "0.0")
        #expect(NumberText.signed(-0.05) == "−0.1")
        #expect(NumberText.signed(0.44) == "+0.4")
        #expect(NumberText.signed(-1.25, minus: "-") == "-1.3")
    }

    @Test("rounding up to a whole number drops the point")
    func roundingUp() {
        #expect(NumberText.compact(2.998) == "3")  // analyze would have printed "3."
        #expect(NumberText.compact(-2.998) == "-3")
        #expect(NumberText.compact(9.999) == "10")
        #expect(NumberText.compact(0.995) == "1")
        #expect(NumberText.compact(2.5, decimals: 0) == "3")
        #expect(NumberText.compact(-2.5, decimals: 0) == "-3")
        #expect(NumberText.fixed(2.998, decimals: 1) == "3.0")
        #expect(NumberText.fixed(0.0004, decimals: 3) == "0.000")
        #expect(NumberText.fixed(0.0005, decimals: 3) == "0.001")
        #expect(NumberText.fixed(4, decimals: 2) == "4.00")
    }

    @Test("huge values: plain digits while they fit, scientific after, never a trap")
    func huge() {
        #expect(NumberText.compact(123_456_789_012) == "123456789012")
        #expect(NumberText.compact(1e20) == "1e+20")
        #expect(NumberText.compact(-4e20) == "-4e+20")
        #expect(NumberText.compact(1.234567e20) == "1.23457e+20")
        #expect(NumberText.fixed(1e20, decimals: 1) == "1e+20")
        #expect(NumberText.compact(.greatestFiniteMagnitude) == "1.79769e+308")
        #expect(NumberText.compact(Double(Int64.max)) == "9.22337e+18")
    }

    @Test("exact and JSON forms: whole numbers without .0, no inf or nan in JSON")
    func exactAndJSON() {
        #expect(NumberText.exact(13) == "13")
        #expect(NumberText.exact(-0.0) == "0")
        #expect(NumberText.exact(3.8) == "3.8")
        #expect(NumberText.exact(1e20) == "1e+20")
        #expect(NumberText.exact(.infinity) == nil)
        #expect(NumberText.json(nil) == "null")
        #expect(NumberText.json(.infinity) == "null")
        #expect(NumberText.json(-.infinity) == "null")
        #expect(NumberText.json(.nan) == "null")
        #expect(NumberText.json(2.5) == "2.5")
    }
}
