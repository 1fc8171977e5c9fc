import Foundation

/// Where requests for one service go: scheme, host, port and base path.
///
/// ```swift
/// let endpoint = try AWSEndpoint(url: "http://127.0.0.1:5000", key: "AWS_ENDPOINT_URL")
/// endpoint.hostHeader   // "127.0.0.1:5000"
/// ```
package struct AWSEndpoint: Sendable, Hashable, CustomStringConvertible {
    package var scheme: String
    package var host: String
    package var port: Int?
    /// Path prefix (usually `/`).
    package var path: String

    /// Parses an endpoint URL; `key` names the configuration entry in error messages.
    package init(url text: String, key: String) throws(AWSConfigurationError) {
        guard let url = URL(string: text.trimmingCharacters(in: .whitespacesAndNewlines)),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty
        else {
            throw .invalid(key: key, reason: "'\(text)' is not an http(s) URL such as http://127.0.0.1:5000")
        }
        guard url.query == nil, url.fragment == nil else {
            throw .invalid(key: key, reason: "an endpoint URL may not have a query or fragment")
        }
        self.scheme = scheme
        self.host = host
        self.port = url.port
        self.path = url.path.isEmpty ? "/" : url.path
    }

    package init(scheme: String, host: String, port: Int? = nil, path: String = "/") {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.path = path
    }

    /// The default public endpoint of `service` in `region`.
    package static func standard(for service: AWSService, region: String) -> AWSEndpoint {
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return AWSEndpoint(scheme: "https", host: "\(service.endpointPrefix).\(region).\(domain)")
    }

    /// `Host` header value: the port only when it is not the scheme's default.
    package var hostHeader: String {
        guard let port, !(scheme == "http" && port == 80), !(scheme == "https" && port == 443) else { return host }
        return "\(host):\(port)"
    }

    package var url: String { "\(scheme)://\(hostHeader)\(path)" }

    package var description: String { url }
}
