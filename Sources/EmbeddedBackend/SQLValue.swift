import Foundation
import GRDB

/// One SQLite value: what store code binds to `?` placeholders and reads back from columns.
///
/// Reading converts like SQLite's own accessors (an integer column read as text gives its digits,
/// a text column read as an integer parses it), so rows written by hand or by another tool are
/// read leniently where the store code asks for it.
///
/// ```swift
/// try sql.run("UPDATE triggers SET visible_at_ms = ? WHERE receipt = ?", [.integer(visibleAt.sqlite), .text(receipt)])
/// let count = try sql.rows("SELECT count(*) AS n FROM triggers").first?.column("n")?.integer ?? 0
/// ```
enum SQLValue: Sendable, Hashable {
    case integer(Int)
    case float(Double)
    case text(String)
    case blob(Data)
    case null

    /// The value as an integer: text is parsed, a real is truncated; blobs and NULL are nil.
    var integer: Int? {
        switch self {
        case .integer(let value): value
        case .float(let value): Int(exactly: value.rounded(.towardZero))
        case .text(let value): Int(value)
        case .blob, .null: nil
        }
    }

    /// The value as text: numbers are formatted; blobs and NULL are nil.
    var string: String? {
        switch self {
        case .integer(let value): String(value)
        case .float(let value): String(value)
        case .text(let value): value
        case .blob, .null: nil
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .integer(let value): value.databaseValue
        case .float(let value): value.databaseValue
        case .text(let value): value.databaseValue
        case .blob(let value): value.databaseValue
        case .null: .null
        }
    }

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .int64(let number): self = .integer(Int(number))
        case .double(let number): self = .float(number)
        case .string(let text): self = .text(text)
        case .blob(let data): self = .blob(data)
        case .null: self = .null
        }
    }
}

extension Row {
    /// The value of column `name`; nil when the row has no such column.
    func column(_ name: String) -> SQLValue? {
        // As `DatabaseValue?`, GRDB reads any storage class unconverted (NULL included) and a
        // missing column as nil, so this lookup cannot fail (other types would trap on a mismatch).
        let value: DatabaseValue? = self[name]
        return value.map(SQLValue.init)
    }

    /// Text of column `name`, or ``EmbeddedStoreError/corruptRow(table:detail:)``.
    func text(_ name: String, table: String) throws -> String {
        guard let value = column(name)?.string else {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "column \(name) is not text")
        }
        return value
    }

    /// Integer of column `name`, or ``EmbeddedStoreError/corruptRow(table:detail:)``.
    func int64(_ name: String, table: String) throws -> Int64 {
        guard let value = column(name)?.integer else {
            throw EmbeddedStoreError.corruptRow(table: table, detail: "column \(name) is not an integer")
        }
        return Int64(value)
    }
}

extension Int64 {
    /// The integer type ``SQLValue/integer(_:)`` holds (`Int` is 64 bits on every supported platform).
    var sqlite: Int { Int(self) }
}
