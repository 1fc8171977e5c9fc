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

    /// `POST /twilio/status`: Twilio's status callbacks for the messages the engine sent.
    package mutating func addStatusCallbacks(_ endpoint: StatusEndpoint) {
        add(.post, StatusCallbackTarget.path) { request in
            await endpoint.handle(request)
        }
    }

    /// `GET /healthz`: the process is up and routing.
    package mutating func addHealth() {
        add(.get, "/healthz") { _ in
            HTTPResponse(status: 200, contentType: "application/json", body: "{\"status\":\"ok\"}\n")
        }
    }
}
