/// Bounds on what one batch may cost, applied before the model is called (fragments) and
/// before anything is sent (reply parts).
package enum BatchCaps {
    /// The oldest ``EngineSettings/maxFragmentsPerBatch`` pending fragments, in receive order;
    /// the others stay pending for the next batch (scheduled at once, never dropped).
    package static func take(_ fragments: [Fragment], settings: EngineSettings) -> [Fragment] {
        Array(fragments.sorted(by: Fragment.receiveOrder).prefix(max(1, settings.maxFragmentsPerBatch)))
    }

    /// The reply's parts for the channel limit, at most ``EngineSettings/maxReplyParts`` of them
    /// and at most `maxCharacters` in all (the company's `rate_limits.max_message_length`): a
    /// longer reply is shortened at a sentence boundary (the splitter cuts there), never sent
    /// whole. Returns the parts and the text they make, which is what gets recorded.
    package static func parts(of content: String, settings: EngineSettings, maxCharacters: Int?, partLimit: Int) -> (parts: [String], content: String) {
        var text = content
        if let maxCharacters, maxCharacters > 0, text.utf16.count > maxCharacters {
            text = ReplySplitter.split(text, limit: maxCharacters).first ?? ""
        }
        let all = ReplySplitter.split(text, limit: partLimit)
        guard all.count > settings.maxReplyParts || text != content else { return (all, content) }
        let kept = Array(all.prefix(max(1, settings.maxReplyParts)))
        return (kept, kept.joined(separator: "\n"))
    }
}
