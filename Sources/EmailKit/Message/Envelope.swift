/// The SMTP envelope of a received message: the reverse-path (`MAIL FROM`) and the recipients
/// (`RCPT TO`) the receiving server saw. More trustworthy than the `From`/`To` headers, which
/// the sender writes freely.
package struct Envelope: Sendable, Hashable {
    /// Nil for the null reverse-path `<>`, which only delivery reports and other automatic
    /// messages use (RFC 5321 §4.5.5).
    package var from: EmailAddress?
    package var to: [EmailAddress]

    package init(from: EmailAddress?, to: [EmailAddress]) {
        self.from = from
        self.to = to
    }
}
