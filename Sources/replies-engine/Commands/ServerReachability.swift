import AsyncHTTPClient
import NIOCore

/// Fails within a second or two, in plain words, when nothing answers at the URL `simulate`
/// posts to (a plain request would keep retrying the connection for its whole timeout and then
/// report an errno).
///
/// ```swift
/// try await ServerReachability.check("http://127.0.0.1:8080")   // "cannot reach …: is serve running at …?"
/// ```
enum ServerReachability {
    static let timeout: TimeAmount = .milliseconds(1500)

    static func check(_ baseURL: String) async throws {
        let request = HTTPClientRequest(url: baseURL + "/healthz")
        do {
            _ = try await HTTPClient.shared.execute(request, timeout: timeout)
        } catch {
            throw CommandFailure("cannot reach \(baseURL) (\(reason(error))): is serve running at \(baseURL)?")
        }
    }

    static func reason(_ error: any Error) -> String {
        let text = String(describing: error).lowercased()
        if text.contains("refused") { return "connection refused" }
        if text.contains("deadline") || text.contains("timeout") || text.contains("timed out") {
            return "no answer within \(timeout.nanoseconds / 1_000_000) ms"
        }
        if text.contains("invalidurl") || text.contains("emptyhost") || text.contains("unsupportedscheme") { return "not an http(s) URL" }
        return String(describing: error)
    }
}
