import Logging

extension BatchRun {
    /// How long the indicator call may take before it is abandoned.
    static let typingTimeout: Duration = .seconds(3)

    /// Best effort, once per batch run, for the newest inbound message of a WhatsApp batch: fired
    /// in a task of its own that the reply never waits for; failures are only logged.
    func showTyping(_ delivery: Delivery) {
        guard channel == .whatsapp, case .twilio(let twilio) = delivery, let indicator = ports.typing,
              let newest = fragments.last?.messageSid, TypingIndicatorSetting.isOn(for: conversation) else { return }
        let logger = self.logger
        let credentials = twilio.credentials
        let timeout = Self.typingTimeout
        Task {
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await indicator.showTyping(replyingTo: newest, credentials: credentials) }
                    group.addTask { try await Task.sleep(for: timeout) }
                    try await group.next()
                    group.cancelAll()
                }
            } catch {
                logger.info("typing indicator not shown", metadata: ["error": "\(error)"])
            }
        }
    }
}
