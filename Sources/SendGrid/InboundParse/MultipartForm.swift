import MultipartKit
import NIOCore

/// The parts of a `multipart/form-data` body, read with MultipartKit's streaming parser.
/// Field values are kept as bytes (their charset is decoded later, per `charsets`); the
/// content of attachment parts is only counted.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        /// The bytes of a field; empty for an attachment, whose content is not kept.
        var bytes: [UInt8]
        var size: Int
    }

    var parts: [Part]

    /// - Parameter isAttachment: whether a part (by name and filename) is a file whose content
    ///   can be dropped.
    /// - Parameter fieldLimit: the largest value kept for a field of that name.
    init(
        body: ByteBuffer, boundary: String, limits: InboundParseLimits,
        isAttachment: @escaping (_ name: String, _ filename: String?) -> Bool, fieldLimit: @escaping (_ name: String) -> Int
    ) throws(InboundParseError) {
        guard body.readableBytes <= limits.maxBodyBytes else { throw .tooLarge("the post", limit: limits.maxBodyBytes) }
        guard Self.headerNamesAreASCII(body, boundary: boundary) else {
            throw .malformed("a part header name contains a byte outside ASCII")
        }
        let parser = MultipartParser(boundary: boundary)
        var parts: [Part] = []
        var headers: [(String, String)] = []
        var current: Part?
        var failure: InboundParseError?

        parser.onHeader = { name, value in headers.append((name, value)) }
        parser.onBody = { chunk in
            guard failure == nil else { return }
            if current == nil {
                guard parts.count < limits.maxParts else {
                    failure = .tooManyParts(limit: limits.maxParts)
                    return
                }
                current = Self.part(headers: headers)
            }
            guard var part = current else { return }
            part.size += chunk.readableBytes
            if !isAttachment(part.name, part.filename) {
                let limit = fieldLimit(part.name)
                guard part.size <= limit else {
                    failure = .tooLarge("the form field '\(part.name.prefix(40))'", limit: limit)
                    return
                }
                part.bytes.append(contentsOf: chunk.readableBytesView)
            }
            current = part
        }
        parser.onPartComplete = {
            guard failure == nil else { return }
            if parts.count >= limits.maxParts {
                failure = .tooManyParts(limit: limits.maxParts)
                return
            }
            parts.append(current ?? Self.part(headers: headers))
            current = nil
            headers = []
        }
        do {
            try parser.execute(body)
        } catch {
            throw .malformed("MultipartKit could not parse it (\(error))")
        }
        if let failure { throw failure }
        guard Self.endsWithClosingBoundary(body, boundary: boundary) else { throw .truncated }
        self.parts = parts
    }

    /// A part from its headers: the `Content-Disposition` name and filename, `Content-Type`.
    private static func part(headers: [(String, String)]) -> Part {
        let disposition = headers.first { $0.0.lowercased() == "content-disposition" }?.1 ?? ""
        let parameters = HeaderParameters(disposition)
        let type = headers.first { $0.0.lowercased() == "content-type" }?.1
        return Part(name: parameters["name"] ?? "", filename: parameters["filename"], contentType: type, bytes: [], size: 0)
    }

    /// MultipartKit stops quietly at the end of the input; a post cut off in transit would lose
    /// its last part, so the closing `--boundary--` must be there (followed at most by a short
    /// epilogue; SendGrid ends with CRLF).
    private static func endsWithClosingBoundary(_ body: ByteBuffer, boundary: String) -> Bool {
        let closing = Array("--\(boundary)--".utf8)
        let tail = Array(body.readableBytesView.suffix(closing.count + 1024))
        guard tail.count >= closing.count else { return false }
        for start in stride(from: tail.count - closing.count, through: 0, by: -1) where tail[start] == closing[0] {
            if tail[start..<(start + closing.count)].elementsEqual(closing) { return true }
        }
        return false
    }

    /// MultipartKit 4.7.1 looks header-name bytes up in a 128-entry table and traps on a byte
    /// of 0x80 or more, so such a post would crash the process instead of being refused. This
    /// finds every place a part's header lines can start (after any `--boundary` followed by
    /// CRLF — more places than MultipartKit reads, never fewer) and checks that the bytes of each
    /// header name, up to `:` or the end of the line, are ASCII.
    static func headerNamesAreASCII(_ body: ByteBuffer, boundary: String) -> Bool {
        let bytes = body.readableBytesView
        let delimiter = Array("--\(boundary)".utf8)
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), colon = UInt8(ascii: ":")
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: delimiter[0]) {
            index = bytes.index(after: found)
            guard bytes.distance(from: found, to: bytes.endIndex) >= delimiter.count + 2,
                  bytes[found..<bytes.index(found, offsetBy: delimiter.count)].elementsEqual(delimiter)
            else { continue }
            var line = bytes.index(found, offsetBy: delimiter.count)
            guard bytes[line] == cr, bytes[bytes.index(after: line)] == lf else { continue }
            line = bytes.index(line, offsetBy: 2)
            // Header lines until the empty line that ends them.
            while line < bytes.endIndex, bytes[line] != cr {
                var position = line
                while position < bytes.endIndex, bytes[position] != colon, bytes[position] != cr, bytes[position] != lf {
                    if bytes[position] >= 0x80 { return false }
                    position = bytes.index(after: position)
                }
                guard let end = bytes[position...].firstIndex(of: lf) else { break }
                line = bytes.index(after: end)
            }
        }
        return true
    }
}
