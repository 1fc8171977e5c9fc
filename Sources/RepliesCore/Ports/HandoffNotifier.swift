/// Tells humans that a conversation needs them (the handoff queue).
public protocol HandoffNotifier: Sendable {
    func notify(_ notice: HandoffNotice) async throws
}
