import Foundation

/// Twilio's date format in API JSON (`date_created`, `date_sent`): RFC 2822, always English
/// month names, e.g. `Tue, 24 Nov 2026 10:02:31 +0000`.
///
/// ```swift
/// RFC2822Date.parse("Tue, 24 Nov 2026 10:02:31 +0000")   // 2026-11-24T10:02:31Z
/// ```
///
/// Parsed by hand rather than with `DateFormatter`, which is locale-sensitive and not `Sendable`.
enum RFC2822Date {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Nil when the text is not `[Day, ]DD Mon YYYY HH:MM[:SS] ±HHMM` (or `GMT`/`UT`/`Z`).
    static func parse(_ text: String) -> Date? {
        var words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if let first = words.first, first.hasSuffix(",") { words.removeFirst() }
        guard words.count == 5,
              let day = Int(words[0]),
              let month = months.firstIndex(of: words[1].prefix(1).uppercased() + words[1].dropFirst().lowercased()),
              let year = Int(words[2]), words[2].count == 4
        else { return nil }
        let clock = words[3].split(separator: ":").map { Int($0) }
        guard clock.count == 2 || clock.count == 3, let hour = clock[0], let minute = clock[1] else { return nil }
        let second = clock.count == 3 ? clock[2] : 0
        guard let second, let offset = offsetSeconds(words[4]) else { return nil }

        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        components.year = year
        components.month = month + 1
        components.day = day
        components.hour = hour
        components.minute = minute
        components.second = second
        guard (1...31).contains(day), (0...23).contains(hour), (0...59).contains(minute), (0...60).contains(second),
              let date = components.date
        else { return nil }
        return date.addingTimeInterval(-Double(offset))
    }

    private static func offsetSeconds(_ zone: String) -> Int? {
        if ["GMT", "UT", "UTC", "Z"].contains(zone.uppercased()) { return 0 }
        guard zone.count == 5, let sign = zone.first, sign == "+" || sign == "-",
              let hours = Int(zone.dropFirst().prefix(2)), let minutes = Int(zone.suffix(2))
        else { return nil }
        return (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
    }
}
