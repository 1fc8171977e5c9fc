/// Merges a batch's fragments into one user turn: bodies in receive order joined with a newline,
/// as the original did; media is described rather than dropped.
package enum TurnMerger {
    package static func merge(_ fragments: [Fragment]) -> String {
        fragments.sorted(by: Fragment.receiveOrder).map(text(of:)).filter { !$0.isEmpty }.joined(separator: "\n")
    }

    static func text(of fragment: Fragment) -> String {
        var lines: [String] = []
        if !fragment.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { lines.append(fragment.body) }
        for item in fragment.media { lines.append("[Attachment: \(item.contentType.isEmpty ? "file" : item.contentType)]") }
        return lines.joined(separator: "\n")
    }
}

import Foundation
