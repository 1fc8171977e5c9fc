/// Why a received message was written by software rather than a person, so that it is
/// recorded but never answered (answering an auto-reply or a bounce starts a mail loop).
package enum AutomaticMailReason: Sendable, Hashable, CustomStringConvertible {
    /// `Auto-Submitted` with any value but `no` (RFC 3834 §5).
    case autoSubmitted(String)
    /// `Precedence: bulk`, `junk`, `list` or `auto_reply`.
    case precedence(String)
    /// A vendor auto-reply header (`X-Autoreply`, `X-Autorespond`, …).
    case autoReplyHeader(String)
    /// The null reverse-path `<>`: only delivery reports use it.
    case nullReversePath
    /// A delivery status or read receipt report (`multipart/report`, `message/delivery-status`).
    case deliveryReport(String)
    /// The sender is a mail system (`mailer-daemon`, `postmaster`, `no-reply` …).
    case systemSender(EmailAddress)
    /// The sender is one of our own addresses: our reply came back to us.
    case ownAddress(EmailAddress)
    /// The subject is an out-of-office notice's ("Automatic reply:", "Out of Office", …).
    case automaticSubject(String)

    package var description: String {
        switch self {
        case .autoSubmitted(let value): "Auto-Submitted: \(value)"
        case .precedence(let value): "Precedence: \(value)"
        case .autoReplyHeader(let name): "\(name) header"
        case .nullReversePath: "null reverse-path (a delivery report)"
        case .deliveryReport(let kind): "delivery report (\(kind))"
        case .systemSender(let address): "sent by the mail system \(address.masked)"
        case .ownAddress(let address): "sent from our own address \(address.masked)"
        case .automaticSubject(let subject): "automatic subject '\(subject.prefix(40))'"
        }
    }
}
