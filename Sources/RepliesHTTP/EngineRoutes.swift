import RepliesCore

// The routes both shapes serve. A new endpoint is one registration in an extension like these.

extension HTTPRouter {
    /// `POST /whatsapp`, `POST /sms`: Twilio's "a message comes in" webhooks.
    package mutating func addWebhooks(_ endpoint: WebhookEndpoint) {
        for channel in Channel.twilio {
            add(.post, channel.webhookPath) { request in
                await endpoint.handle(request, channel: channel)
            }
        }
    }

    /// `GET /healthz`: the process is up and routing.
    package mutating func addHealth() {
        add(.get, "/healthz") { _ in
            HTTPResponse(status: 200, contentType: "application/json", body: "{\"status\":\"ok\"}\n")
        }
    }
}
