extension RecordValue {
    /// The JSON type, for messages: "a string", "a number", "true or false", …
    package var typeName: String {
        switch self {
        case .string: "a string"
        case .number: "a number"
        case .bool: "true or false"
        case .null: "null"
        case .list, .stringSet, .numberSet: "a list"
        case .map: "an object"
        }
    }

    /// The type with a short scalar value, for messages about fields that hold no personal data:
    /// `the number 1`, `the string "whatsapp"`, `an object`.
    package var typeDescription: String {
        switch self {
        case .string(let text) where text.count <= 40: "the string \"\(text)\""
        case .number(let text): "the number \(text)"
        case .bool(let flag): "\(flag)"
        case .null: "null"
        default: typeName
        }
    }
}
