/// JSON text for the log and metric lines, written directly rather than through
/// `JSONSerialization`: its `.sortedKeys` compares keys with ICU collation, and loading the
/// collation data on a process's first line cost a Lambda cold start ≈ 2.5 ms. Objects keep the
/// order they are given in (callers sort their keys, by plain `String` order).
///
/// ```swift
/// JSONText.line(.object([("level", .string("info")), ("count", .number(3))]))   // {"level":"info","count":3}
/// ```
enum JSONText {
    indirect enum Value {
        case string(String)
        /// Finite numbers; whole ones within ±2^53 are written without a fraction (`3`, not `3.0`).
        case number(Double)
        case integer(Int64)
        case array([Value])
        case object([(String, Value)])
    }

    static func line(_ value: Value) -> String {
        var text = ""
        write(value, into: &text)
        return text
    }

    static func write(_ value: Value, into text: inout String) {
        switch value {
        case .string(let string):
            writeString(string, into: &text)
        case .number(let number):
            text += format(number)
        case .integer(let integer):
            text += String(integer)
        case .array(let values):
            text += "["
            for (index, element) in values.enumerated() {
                if index > 0 { text += "," }
                write(element, into: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (index, (key, element)) in members.enumerated() {
                if index > 0 { text += "," }
                writeString(key, into: &text)
                text += ":"
                write(element, into: &text)
            }
            text += "}"
        }
    }

    /// JSON has no NaN or infinity: such a value becomes `null` rather than an invalid line.
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) <= 9_007_199_254_740_992 { return String(Int64(number)) }
        // Swift's shortest round-trip form ("0.25", "1e-05") is valid JSON.
        return "\(number)"
    }

    /// Quotes `string`, escaping what JSON requires (quote, backslash, control characters);
    /// everything else, `/` and non-ASCII included, is written as is.
    static func writeString(_ string: String, into text: inout String) {
        text += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
