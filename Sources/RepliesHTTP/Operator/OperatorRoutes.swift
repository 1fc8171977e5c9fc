extension HTTPRouter {
    /// The operator API under `/operator/v1` (docs/operator-api.yaml).
    package mutating func addOperator(_ endpoint: OperatorEndpoint) {
        let base = "/operator/v1/conversations"
        let limit = OperatorEndpoint.maxBodyBytes
        add(.get, base) { await endpoint.list($0) }
        add(.get, base + "/{pc}/{cid}") { await endpoint.conversation($0) }
        add(.post, base + "/{pc}/{cid}/messages", maxBodyBytes: limit) { await endpoint.send($0) }
        add(.post, base + "/{pc}/{cid}/handoff", maxBodyBytes: limit) { await endpoint.handOff($0) }
        add(.post, base + "/{pc}/{cid}/handback", maxBodyBytes: limit) { await endpoint.handBack($0) }
    }
}
