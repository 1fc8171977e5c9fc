package import AWSCore
package import RepliesCore

/// Lossless mapping between the core's ``RecordValue`` and DynamoDB's ``AttributeValue``:
/// numbers keep their exact text, NULL stays NULL, lists stay lists and sets stay sets.
///
/// ```swift
/// let item = DynamoDBItem(record: ["task_complete": .number("0"), "thread_id": .null])
/// let record = try Record(item: item)
/// ```
extension AttributeValue {
    package init(_ value: RecordValue) {
        switch value {
        case .string(let text): self = .s(text)
        case .number(let text): self = .n(text)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .list(let items): self = .l(items.map(AttributeValue.init))
        case .map(let fields): self = .m(fields.mapValues(AttributeValue.init))
        case .stringSet(let items): self = .ss(items)
        case .numberSet(let items): self = .ns(items)
        }
    }
}

extension RecordValue {
    /// Fails only for binary values, which the engine's records never hold.
    package init(_ value: AttributeValue) throws(RecordMappingError) {
        switch value {
        case .s(let text): self = .string(text)
        case .n(let text): self = .number(text)
        case .bool(let flag): self = .bool(flag)
        case .null: self = .null
        case .l(let items):
            var mapped: [RecordValue] = []
            mapped.reserveCapacity(items.count)
            for item in items { mapped.append(try RecordValue(item)) }
            self = .list(mapped)
        case .m(let fields): self = .map(try Record(item: fields))
        case .ss(let items): self = .stringSet(items)
        case .ns(let items): self = .numberSet(items)
        case .b, .bs: throw RecordMappingError.binaryAttribute
        }
    }
}

extension Dictionary where Key == String, Value == AttributeValue {
    package init(record: Record) {
        self = record.mapValues(AttributeValue.init)
    }
}

extension Dictionary where Key == String, Value == RecordValue {
    package init(item: DynamoDBItem) throws(RecordMappingError) {
        var record: Record = [:]
        record.reserveCapacity(item.count)
        for (name, value) in item {
            do {
                record[name] = try RecordValue(value)
            } catch {
                throw RecordMappingError.attribute(name, error)
            }
        }
        self = record
    }
}

/// A stored item the engine's record model cannot represent.
package indirect enum RecordMappingError: Error, Hashable, CustomStringConvertible {
    case binaryAttribute
    case attribute(String, RecordMappingError)

    package var description: String {
        switch self {
        case .binaryAttribute: "binary attributes (B/BS) are not supported in engine records"
        case .attribute(let name, let inner): "attribute '\(name)': \(inner)"
        }
    }
}
