/// Tells humans that a conversation needs them (the handoff queue).
package protocol HandoffNotifier: Sendable {
    func notify(_ notice: HandoffNotice) async throws
}
