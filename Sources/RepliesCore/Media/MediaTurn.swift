/// A batch's user turn with its media resolved: ordered parts for the model, text for the record.
package struct MediaTurn: Sendable, Hashable {
    package var parts: [ModelInputPart]
    /// What the record keeps as the user turn: texts, transcripts marked as voice notes, and a
    /// description for every image, document or item that was not processed.
    package var recordText: String

    package init(parts: [ModelInputPart] = [], recordText: String = "") {
        self.parts = parts
        self.recordText = recordText
    }

    /// Adds text for both the model and the record; consecutive texts stay one part.
    mutating func appendText(_ text: String) {
        guard !text.isEmpty else { return }
        recordText += recordText.isEmpty ? text : "\n" + text
        if case .text(let previous)? = parts.last {
            parts[parts.count - 1] = .text(previous + "\n" + text)
        } else {
            parts.append(.text(text))
        }
    }

    /// Adds a non-text part for the model and its description for the record.
    mutating func append(_ part: ModelInputPart, recordedAs line: String) {
        parts.append(part)
        recordText += recordText.isEmpty ? line : "\n" + line
    }
}
