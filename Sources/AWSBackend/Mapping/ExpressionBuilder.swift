import AWSCore

/// Hands out `#nK` / `:vK` placeholders so that every attribute name (reserved words such as
/// `status` or `ttl` included) and value is passed safely, and one request's update, condition
/// and key expressions share one consistent set of placeholders.
///
/// ```swift
/// var names = ExpressionBuilder()
/// let condition = "\(names.name("reply_lease_owner")) = \(names.value(.s(owner)))"
/// try await dynamo.updateItem(…, condition: names.expression(condition))
/// ```
struct ExpressionBuilder {
    private(set) var names: [String: String] = [:]
    private(set) var values: DynamoDBItem = [:]
    private var nameIndex: [String: String] = [:]

    /// The placeholder of attribute `attribute` (the same one each time).
    mutating func name(_ attribute: String) -> String {
        if let existing = nameIndex[attribute] { return existing }
        let placeholder = "#n\(nameIndex.count)"
        nameIndex[attribute] = placeholder
        names[placeholder] = attribute
        return placeholder
    }

    /// A fresh placeholder for `value`.
    mutating func value(_ value: AttributeValue) -> String {
        let placeholder = ":v\(values.count)"
        values[placeholder] = value
        return placeholder
    }

    /// `text` with every placeholder handed out so far.
    func expression(_ text: String) -> DynamoDBExpression {
        DynamoDBExpression(text, names: names, values: values)
    }
}
