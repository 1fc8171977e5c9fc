package import RepliesCore

/// ``HandoffNotifier`` that keeps every notice, for tests and the in-memory engine.
package actor RecordingHandoffNotifier: HandoffNotifier {
    package private(set) var notices: [HandoffNotice] = []

    package init() {}

    package func notify(_ notice: HandoffNotice) async throws {
        notices.append(notice)
    }
}
