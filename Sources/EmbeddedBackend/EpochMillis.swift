import Foundation

/// Millisecond times as the embedded tables store them.
///
/// Rounds to the nearest millisecond rather than down: a `Date` built by adding 0.3 s is often a
/// hair below the intended millisecond in binary floating point, and flooring would store 299.
enum EpochMillis {
    static func of(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func sqlite(_ date: Date) -> SQLValue {
        .integer(of(date).sqlite)
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
