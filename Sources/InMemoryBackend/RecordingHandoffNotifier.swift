import RepliesCore

/// ``HandoffNotifier`` that keeps every notice, for tests and the in-memory engine.
public actor RecordingHandoffNotifier: HandoffNotifier {
    public private(set) var notices: [HandoffNotice] = []

    public init() {}

    public func notify(_ notice: HandoffNotice) async throws {
        notices.append(notice)
    }
}
