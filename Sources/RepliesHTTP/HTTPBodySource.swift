/// Where a request's body comes from: a stream the server reads (Hummingbird) or bytes already
/// in memory (an API Gateway event). The router asks for at most the route's limit, so an
/// oversized body is refused without reading it all.
package protocol HTTPBodySource: Sendable {
    /// The whole body, or nil when it is longer than `limit` bytes (reading stops there).
    func collect(upTo limit: Int) async throws -> [UInt8]?
}

extension Array: HTTPBodySource where Element == UInt8 {
    package func collect(upTo limit: Int) async throws -> [UInt8]? {
        count > limit ? nil : self
    }
}
