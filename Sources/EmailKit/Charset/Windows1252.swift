/// Windows-1252 as the WHATWG Encoding Standard defines it (index-windows-1252): Latin-1 with
/// typographic characters in 0x80–0x9F, and the five bytes Microsoft left undefined mapped to
/// the C1 controls of the same value. Written out because Foundation on Linux refuses those five
/// bytes (it returns nil for the whole text), and because e-mail labelled ISO-8859-1 or ASCII is
/// in practice Windows-1252 — browsers decode those labels with this table too.
package enum Windows1252 {
    /// 0x80…0x9F.
    private static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    package static func scalar(for byte: UInt8) -> Unicode.Scalar? {
        if (0x80...0x9F).contains(byte) { return Unicode.Scalar(high[Int(byte) - 0x80]) }
        return Unicode.Scalar(UInt32(byte))
    }

    /// Every byte decodes, so this never fails.
    package static func decode(_ bytes: some Collection<UInt8>) -> String {
        var text = ""
        text.unicodeScalars.reserveCapacity(bytes.count)
        for byte in bytes {
            if let scalar = scalar(for: byte) { text.unicodeScalars.append(scalar) }
        }
        return text
    }
}
