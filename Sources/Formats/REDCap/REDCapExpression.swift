import Foundation

/// A REDCap calculation, parsed far enough to recognise scale scores: numbers, quoted strings,
/// `[field]` references, function calls, `+ - * /` and comparisons.
indirect enum REDCapExpression: Equatable {
    case number(Double)
    case string(String)
    case field(String)
    case call(String, [REDCapExpression])
    case binary(String, REDCapExpression, REDCapExpression)
    case negate(REDCapExpression)

    struct ParseError: Error, Equatable { var message: String }

    static func parse(_ text: String) throws(ParseError) -> REDCapExpression {
        var p = Parser(chars: Array(text))
        let e = try p.comparison()
        p.skipSpace()
        if p.index < p.chars.count {
            throw ParseError(message: "unexpected '\(p.chars[p.index])' at position \(p.index + 1)")
        }
        return e
    }

    private struct Parser {
        var chars: [Character]
        var index = 0

        mutating func skipSpace() { while index < chars.count, chars[index].isWhitespace { index += 1 } }

        mutating func peek(_ s: String) -> Bool {
            skipSpace()
            let c = Array(s)
            guard index + c.count <= chars.count else { return false }
            return Array(chars[index..<index + c.count]) == c
        }

        mutating func take(_ s: String) -> Bool {
            if peek(s) {
                index += s.count
                return true
            }
            return false
        }

        mutating func comparison() throws(ParseError) -> REDCapExpression {
            let left = try additive()
            for op in ["<>", "!=", "<=", ">=", "<", ">", "="] where take(op) {
                return .binary(op == "!=" ? "<>" : op, left, try additive())
            }
            return left
        }

        mutating func additive() throws(ParseError) -> REDCapExpression {
            var e = try term()
            while true {
                if take("+") {
                    e = .binary("+", e, try term())
                } else if take("-") {
                    e = .binary("-", e, try term())
                } else {
                    return e
                }
            }
        }

        mutating func term() throws(ParseError) -> REDCapExpression {
            var e = try unary()
            while true {
                if take("*") {
                    e = .binary("*", e, try unary())
                } else if take("/") {
                    e = .binary("/", e, try unary())
                } else {
                    return e
                }
            }
        }

        mutating func unary() throws(ParseError) -> REDCapExpression {
            if take("-") { return .negate(try unary()) }
            return try primary()
        }

        mutating func primary() throws(ParseError) -> REDCapExpression {
            skipSpace()
            guard index < chars.count else { throw ParseError(message: "the expression ends too early") }
            let c = chars[index]
            if c == "(" {
                index += 1
                let e = try comparison()
                guard take(")") else { throw ParseError(message: "missing ')'") }
                return e
            }
            if c == "[" {
                guard let end = chars[index...].firstIndex(of: "]") else { throw ParseError(message: "missing ']'") }
                let name = String(chars[(index + 1)..<end])
                index = end + 1
                return .field(name)
            }
            if c == "\"" || c == "'" {
                guard let end = chars[(index + 1)...].firstIndex(of: c) else {
                    throw ParseError(message: "unclosed string")
                }
                let s = String(chars[(index + 1)..<end])
                index = end + 1
                return .string(s)
            }
            if c.isNumber || c == "." {
                let start = index
                while index < chars.count, chars[index].isNumber || chars[index] == "." { index += 1 }
                guard let v = Double(String(chars[start..<index])) else { throw ParseError(message: "bad number") }
                return .number(v)
            }
            if c.isLetter {
                let start = index
                while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" {
                    index += 1
                }
                let name = String(chars[start..<index]).lowercased()
                guard take("(") else { throw ParseError(message: "'\(name)' is not a function call") }
                var args: [REDCapExpression] = []
                if !take(")") {
                    repeat { args.append(try comparison()) } while take(",")
                    guard take(")") else { throw ParseError(message: "missing ')' after the arguments of \(name)") }
                }
                return .call(name, args)
            }
            throw ParseError(message: "unexpected '\(c)'")
        }
    }
}

extension REDCapExpression {
    /// The arguments, when this is a call of `name`.
    func args(of name: String) -> [REDCapExpression]? {
        if case .call(let n, let a) = self, n == name { return a }
        return nil
    }
    /// The operands, when this is the binary operation `op`.
    func operands(_ op: String) -> (REDCapExpression, REDCapExpression)? {
        if case .binary(let o, let l, let r) = self, o == op { return (l, r) }
        return nil
    }
    var fieldName: String? {
        if case .field(let f) = self { return f }
        return nil
    }
    var numberValue: Double? {
        if case .number(let v) = self { return v }
        return nil
    }
    var isEmptyString: Bool {
        if case .string(let s) = self { return s.isEmpty }
        return false
    }
    /// `[f]=""`: the field tested for blank.
    var blankTest: String? {
        guard let (l, r) = operands("="), r.isEmptyString else { return nil }
        return l.fieldName
    }
}
