extension HTTPRouter {
    /// `GET /metrics`: the process's metrics as `render` gives them (Prometheus text format in
    /// `serve`). Registered on the main listener or on a separate one (`METRICS_PORT`).
    package mutating func addMetrics(contentType: String, render: @escaping @Sendable () -> String) {
        add(.get, "/metrics") { _ in
            HTTPResponse(status: 200, contentType: contentType, body: render())
        }
    }
}
