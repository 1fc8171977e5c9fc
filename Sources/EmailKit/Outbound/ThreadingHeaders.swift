/// `In-Reply-To` and `References` for our reply, so that mail clients show it in the person's
/// thread (RFC 5322 §3.6.4): `In-Reply-To` is the identifier of the message we answer,
/// `References` its `References` (or, without them, its `In-Reply-To`) followed by that
/// identifier. Long chains keep the first identifier and the most recent ones (RFC 5322 allows
/// shortening; the first anchors the thread, the last ones are what clients match).
///
/// ```swift
/// let threading = ThreadingHeaders(replyingTo: email)
/// threading?.inReplyTo    // "<CAN_P_JM…@mail.gmail.com>"
/// threading?.references   // "<first@x> <CAN_P_JM…@mail.gmail.com>"
/// ```
package struct ThreadingHeaders: Sendable, Hashable, Codable {
    /// Identifiers kept in `References` at most (first + last 19).
    package static let maxReferences = 20

    package var inReplyTo: String
    /// Space-separated identifiers, oldest first.
    package var references: String

    /// Nil when the message has no usable `Message-ID`: the reply is then sent unthreaded.
    package init?(replyingTo email: InboundEmail) {
        guard let messageID = email.messageID else { return nil }
        let earlier = email.references.isEmpty ? email.inReplyTo : email.references
        self.init(messageID: messageID, earlier: earlier)
    }

    /// `messageID` is the identifier answered; `earlier` the thread before it, oldest first.
    package init?(messageID: String, earlier: [String]) {
        guard MessageIDList.isValid(messageID) else { return nil }
        var chain: [String] = []
        for identifier in earlier + [messageID] where MessageIDList.isValid(identifier) && !chain.contains(identifier) {
            chain.append(identifier)
        }
        if let last = chain.last, last != messageID {
            chain.removeAll { $0 == messageID }
            chain.append(messageID)
        }
        if chain.count > Self.maxReferences {
            chain = [chain[0]] + chain.suffix(Self.maxReferences - 1)
        }
        self.inReplyTo = messageID
        self.references = chain.joined(separator: " ")
    }
}
