package import Foundation

/// The engine writes UTC ISO-8601 timestamps with milliseconds and `Z`
/// (`2025-05-01T10:02:31.401Z`), and reads every form the template sender has written,
/// including its malformed `2025-05-01T09:30:12.345678+00:00Z`.
package enum Timestamp {
    package static func format(_ date: Date) -> String {
        // The formatter truncates, and most milliseconds have no exact binary form (….919 is held
        // as ….91899…): format the middle of the intended millisecond so the text names it.
        let middle = Date(timeIntervalSince1970: (Double(epochMilliseconds(date)) + 0.5) / 1000)
        return middle.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// Lenient parse: fraction of any length or none, `Z`, `+HH:MM` or both (`+00:00Z`), or no zone
    /// (read as UTC, as the original's naive Lambda times were). Nil when the text is not a date.
    package static func parse(_ text: String) -> Date? {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.hasSuffix("Z") || body.hasSuffix("z") { body = body.dropLast() }
        var offsetSeconds = 0
        if body.count > 19 {
            let tailStart = body.index(body.endIndex, offsetBy: -6)
            let tail = body[tailStart...]
            if (tail.first == "+" || tail.first == "-"), tail.dropFirst().count == 5, tail[tail.index(tail.startIndex, offsetBy: 3)] == ":" {
                let hours = Int(tail.dropFirst().prefix(2)) ?? 0
                let minutes = Int(tail.suffix(2)) ?? 0
                offsetSeconds = (hours * 3600 + minutes * 60) * (tail.first == "-" ? -1 : 1)
                body = body[..<tailStart]
            }
        }
        var fraction = 0.0
        if let dot = body.firstIndex(of: ".") {
            let digits = body[body.index(after: dot)...]
            guard !digits.isEmpty, digits.allSatisfy(\.isNumber) else { return nil }
            fraction = Double("0." + digits) ?? 0
            body = body[..<dot]
        }
        guard body.count == 19 else { return nil }
        let parts = body.split(whereSeparator: { "-T:".contains($0) }).map { Int($0) }
        guard parts.count == 6, parts.allSatisfy({ $0 != nil }) else { return nil }
        var components = DateComponents()
        components.calendar = Calendar(identifier: .gregorian)
        components.timeZone = TimeZone(identifier: "UTC")
        components.year = parts[0]; components.month = parts[1]; components.day = parts[2]
        components.hour = parts[3]; components.minute = parts[4]; components.second = parts[5]
        guard let base = components.date else { return nil }
        return base.addingTimeInterval(fraction - Double(offsetSeconds))
    }

    /// Milliseconds since 1970, the unit of the engine's numeric expiry attributes.
    package static func epochMilliseconds(_ date: Date) -> Int64 {
        // Whole microseconds first: binary noise below a microsecond must not move a time into
        // the previous millisecond (0.999 s is held as 0.99899…).
        let microseconds = (date.timeIntervalSince1970 * 1_000_000).rounded()
        return Int64((microseconds / 1000).rounded(.down))
    }

    package static func date(epochMilliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(epochMilliseconds) / 1000)
    }
}
