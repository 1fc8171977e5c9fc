import Foundation

/// One attribute value of a stored record, with DynamoDB's types kept exactly.
///
/// The shared table depends on types (`task_complete` is a Number because an LSI sorts on it), so
/// numbers keep their exact decimal text and NULL stays distinct from "absent".
///
/// ```swift
/// let record: Record = ["task_complete": .number("0"), "thread_id": .null]
/// record.int("task_complete")   // 0
/// record.string("thread_id")    // nil: NULL reads as absent
/// ```
package enum RecordValue: Sendable, Hashable {
    case string(String)
    /// Exact decimal text, as DynamoDB transmits numbers.
    case number(String)
    case bool(Bool)
    case null
    case list([RecordValue])
    case map([String: RecordValue])
    case stringSet([String])
    case numberSet([String])

    package static func int(_ value: Int) -> RecordValue { .number(String(value)) }

    package var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var numberText: String? {
        if case .number(let value) = self { return value }
        return nil
    }

    package var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        if let exact = Int(text) { return exact }
        return Decimal(string: text).map { NSDecimalNumber(decimal: $0).intValue }
    }

    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var mapValue: [String: RecordValue]? {
        if case .map(let value) = self { return value }
        return nil
    }

    package var listValue: [RecordValue]? {
        if case .list(let value) = self { return value }
        return nil
    }

    package var isNull: Bool { self == .null }
}

/// A whole stored record: attribute name → value.
package typealias Record = [String: RecordValue]

extension Dictionary where Key == String, Value == RecordValue {
    /// The string at `key`; nil when absent, NULL or another type.
    package func string(_ key: String) -> String? { self[key]?.stringValue }
    /// A non-empty string at `key`.
    package func nonEmptyString(_ key: String) -> String? {
        guard let value = string(key), !value.isEmpty else { return nil }
        return value
    }
    package func int(_ key: String) -> Int? { self[key]?.intValue }
    package func bool(_ key: String) -> Bool? { self[key]?.boolValue }
    package func map(_ key: String) -> Record? { self[key]?.mapValue }
    package func list(_ key: String) -> [RecordValue]? { self[key]?.listValue }
    /// The strings of a list (or string set) at `key`; other element types are skipped.
    package func strings(_ key: String) -> [String] {
        switch self[key] {
        case .list(let items)?: items.compactMap(\.stringValue)
        case .stringSet(let items)?: items
        default: []
        }
    }
}
