/// DynamoDB's size of an item or attribute value (the unit of its 400 KB item limit), from the
/// rules in its developer guide: names and strings count their UTF-8 bytes, numbers at most
/// their digits, a list or map 3 bytes plus 1 per element, booleans and NULL 1 byte.
///
/// Numbers are counted by their text, which over-estimates DynamoDB's packed form slightly: the
/// engine only uses this to stay well clear of the limit, never to approach it.
package enum ItemSize {
    package static func of(_ record: Record) -> Int {
        record.reduce(0) { $0 + $1.key.utf8.count + of($1.value) }
    }

    package static func of(_ value: RecordValue) -> Int {
        switch value {
        case .string(let text): text.utf8.count
        case .number(let text): text.utf8.count
        case .bool, .null: 1
        case .list(let items): 3 + items.reduce(0) { $0 + 1 + of($1) }
        case .map(let map): 3 + map.reduce(0) { $0 + 1 + $1.key.utf8.count + of($1.value) }
        case .stringSet(let items): items.reduce(0) { $0 + $1.utf8.count }
        case .numberSet(let items): items.reduce(0) { $0 + $1.utf8.count }
        }
    }
}
