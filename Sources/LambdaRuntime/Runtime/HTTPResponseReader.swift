/// Reads one HTTP/1.1 response from a byte stream: the status line, the header fields and the
/// body as the headers frame it (`Content-Length`, `Transfer-Encoding: chunked`, or up to the end
/// of the stream). What the Runtime API client needs, and no more.
///
/// ```swift
/// var reader = HTTPResponseReader(maxBodyBytes: 1 << 20) { try socket.receive() }
/// let response = try reader.read()   // status, fields, body
/// ```
struct HTTPResponseReader {
    struct Response {
        var status: Int
        /// In the order received; names as sent (look-ups ignore case).
        var fields: [(name: String, value: String)]
        var body: [UInt8]
        /// The server will close the connection after this response.
        var closes: Bool

        func field(_ name: String) -> String? {
            fields.first { $0.name.lowercased() == name.lowercased() }?.value
        }
    }

    enum Failure: Error, Equatable {
        /// The stream ended before a whole response (`received` bytes of it had arrived).
        case ended(received: Int)
        case malformed(String)
        case bodyTooLarge(limit: Int)
    }

    /// Header section bound: the Runtime API's are a few hundred bytes.
    static let maxHeaderBytes = 64 * 1024

    let maxBodyBytes: Int
    /// The next bytes of the stream; empty at its end.
    let receive: () throws -> [UInt8]
    private var buffer: [UInt8] = []
    private var position = 0
    private var received = 0

    init(maxBodyBytes: Int, receive: @escaping () throws -> [UInt8]) {
        self.maxBodyBytes = maxBodyBytes
        self.receive = receive
    }

    mutating func read() throws -> Response {
        let statusLine = try line(limit: Self.maxHeaderBytes)
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw Failure.malformed("status line '\(statusLine.prefix(80))'")
        }
        var fields: [(name: String, value: String)] = []
        var headerBytes = statusLine.utf8.count
        while true {
            let text = try line(limit: Self.maxHeaderBytes - headerBytes)
            headerBytes += text.utf8.count + 2
            if text.isEmpty { break }
            guard let colon = text.firstIndex(of: ":") else { throw Failure.malformed("header line '\(text.prefix(80))'") }
            fields.append((String(text[..<colon]), Self.trimmed(text[text.index(after: colon)...])))
        }
        var response = Response(status: status, fields: fields, body: [], closes: parts[0] == "HTTP/1.0")
        if response.field("Connection")?.lowercased().contains("close") == true { response.closes = true }
        if status == 204 || status == 304 || (100..<200).contains(status) { return response }
        if response.field("Transfer-Encoding")?.lowercased().contains("chunked") == true {
            response.body = try chunkedBody()
        } else if let length = response.field("Content-Length") {
            guard let count = Int(length), count >= 0 else { throw Failure.malformed("Content-Length '\(length)'") }
            guard count <= maxBodyBytes else { throw Failure.bodyTooLarge(limit: maxBodyBytes) }
            response.body = try bytes(count)
        } else {
            response.body = try bytesToEnd()
            response.closes = true
        }
        return response
    }

    private mutating func chunkedBody() throws -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let sizeLine = try line(limit: 1024)
            let digits = sizeLine.split(separator: ";", maxSplits: 1).first.map(Self.trimmed) ?? ""
            guard let size = Int(digits, radix: 16), size >= 0 else { throw Failure.malformed("chunk size '\(sizeLine.prefix(40))'") }
            if size == 0 { break }
            guard body.count + size <= maxBodyBytes else { throw Failure.bodyTooLarge(limit: maxBodyBytes) }
            body += try bytes(size)
            guard try line(limit: 2).isEmpty else { throw Failure.malformed("chunk not followed by CRLF") }
        }
        // Trailer fields, if any, up to the empty line.
        while try !line(limit: Self.maxHeaderBytes).isEmpty {}
        return body
    }

    private static func trimmed(_ text: Substring) -> String {
        var slice = text
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }

    /// One line without its CRLF (a bare LF is accepted too).
    private mutating func line(limit: Int) throws -> String {
        // Bytes after `position` already searched (`fill` may move the unread bytes to the front).
        var searched = 0
        while true {
            if let newline = buffer[(position + searched)...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let text = String(decoding: buffer[position..<end], as: UTF8.self)
                position = newline + 1
                return text
            }
            searched = buffer.count - position
            guard searched <= limit else { throw Failure.malformed("line longer than \(limit) bytes") }
            try fill()
        }
    }

    private mutating func bytes(_ count: Int) throws -> [UInt8] {
        while buffer.count - position < count { try fill() }
        defer { position += count }
        return Array(buffer[position..<position + count])
    }

    private mutating func bytesToEnd() throws -> [UInt8] {
        while true {
            let more = try receive()
            if more.isEmpty { break }
            append(more)
            guard buffer.count - position <= maxBodyBytes else { throw Failure.bodyTooLarge(limit: maxBodyBytes) }
        }
        defer { position = buffer.count }
        return Array(buffer[position...])
    }

    private mutating func fill() throws {
        let more = try receive()
        guard !more.isEmpty else { throw Failure.ended(received: received) }
        append(more)
    }

    private mutating func append(_ more: [UInt8]) {
        if position > 0, position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
        }
        buffer += more
        received += more.count
    }
}
