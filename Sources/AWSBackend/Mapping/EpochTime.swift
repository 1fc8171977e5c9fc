import Foundation

/// Epoch numbers as the engine's tables store them.
enum EpochTime {
    /// Milliseconds, rounded to the nearest: a date made from whole milliseconds reads back equal.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    static func date(milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Whole seconds rounded up: a TTL attribute never removes an item before its time.
    static func secondsRoundedUp(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.up))
    }
}
