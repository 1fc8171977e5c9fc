import Foundation
/// Merges a batch's fragments into one user turn: bodies in receive order joined with a newline,
/// as the original did; media is described rather than dropped.
///
/// Cost guard: one message's text is cut to ``EngineSettings/maxInboundMessageCharacters`` and
/// the merged turn to ``EngineSettings/maxUserTurnCharacters``, each cut followed by a visible
/// marker saying how much was left out (the model, and anyone reading the record, can tell).
package enum TurnMerger {
    package static func merge(_ fragments: [Fragment], settings: EngineSettings = EngineSettings()) -> String {
        let texts = fragments.sorted(by: Fragment.receiveOrder).map { text(of: $0, limit: settings.maxInboundMessageCharacters) }
        return TextCap.cut(texts.filter { !$0.isEmpty }.joined(separator: "\n"), to: settings.maxUserTurnCharacters)
    }

    static func text(of fragment: Fragment, limit: Int = .max) -> String {
        var lines: [String] = []
        if !fragment.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { lines.append(TextCap.cut(fragment.body, to: limit)) }
        if let location = fragment.location { lines.append(location.description) }
        for item in fragment.media { lines.append("[Attachment: \(item.contentType.isEmpty ? "file" : item.contentType)]") }
        return lines.joined(separator: "\n")
    }
}

/// Cuts text to a length in characters, ending with a marker that says how much was cut.
package enum TextCap {
    package static func cut(_ text: String, to limit: Int) -> String {
        let count = text.count
        guard count > limit else { return text }
        let marker = "[… \(count - limit) more characters not shown]"
        return String(text.prefix(max(0, limit))) + "\n" + marker
    }
}
