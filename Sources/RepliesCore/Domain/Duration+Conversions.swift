package import Foundation

// The one set of conversions between `Duration` and the units the adapters need (Foundation
// intervals, store milliseconds, NIO nanoseconds, messages).

extension Duration {
    /// Seconds as a `TimeInterval` (fractions kept).
    package var timeInterval: TimeInterval {
        let parts = components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }

    /// A duration of `seconds`, rounded up to the millisecond; negative becomes zero.
    package static func interval(_ seconds: TimeInterval) -> Duration {
        .milliseconds(Int64((max(0, seconds) * 1000).rounded(.up)))
    }

    /// Whole milliseconds, rounded up (a positive duration never becomes zero), never negative.
    package var wholeMilliseconds: Int64 {
        let parts = components
        guard parts.seconds >= 0, self > .zero else { return 0 }
        let fraction = parts.attoseconds / 1_000_000_000_000_000
        let remainder = parts.attoseconds % 1_000_000_000_000_000
        return parts.seconds * 1000 + fraction + (remainder > 0 ? 1 : 0)
    }

    /// Whole nanoseconds, saturating (for NIO's `TimeAmount`).
    package var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).overflow ? .max : scaled + attoseconds / 1_000_000_000
    }

    /// Seconds with at most three decimals, for messages ("1.5", "30").
    package var secondsText: String {
        let millis = (timeInterval * 1000).rounded()
        return millis.truncatingRemainder(dividingBy: 1000) == 0 ? String(Int(millis / 1000)) : String(millis / 1000)
    }
}

extension Date {
    package func adding(_ duration: Duration) -> Date { addingTimeInterval(duration.timeInterval) }
}
