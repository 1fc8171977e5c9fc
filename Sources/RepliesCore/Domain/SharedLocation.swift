/// A location a WhatsApp user shared (Twilio's `Latitude`, `Longitude`, and for a named place
/// `Label` and `Address`). It has no body and no media: without it the message would reach the
/// model, and the record staff read, as nothing.
package struct SharedLocation: Sendable, Hashable, Codable {
    package var latitude: Double
    package var longitude: Double
    /// The place's street address, when the user picked a place rather than dropping a pin.
    package var address: String?
    /// The place's name (e.g. "Dam Square").
    package var label: String?

    package init(latitude: Double, longitude: Double, address: String? = nil, label: String? = nil) {
        self.latitude = latitude
        self.longitude = longitude
        self.address = address
        self.label = label
    }

    /// True when both coordinates are finite and in range (−90…90, −180…180).
    package static func isValid(latitude: Double, longitude: Double) -> Bool {
        latitude.isFinite && longitude.isFinite && (-90...90).contains(latitude) && (-180...180).contains(longitude)
    }

    /// What the model's user turn and the record carry, e.g.
    /// `[Location shared: 52.3731, 4.8926 — "Dam Square", Dam 1, Amsterdam]`. The coordinates are
    /// written as received (shortest exact form), never rounded: they are the message.
    package var description: String {
        var text = "[Location shared: \(latitude), \(longitude)"
        let name = label.map { "\"\($0)\"" }
        let place = [name, address].compactMap { $0 }.filter { !$0.isEmpty }
        if !place.isEmpty { text += " — " + place.joined(separator: ", ") }
        return text + "]"
    }
}
