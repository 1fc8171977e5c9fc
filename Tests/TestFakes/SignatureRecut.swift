package import RepliesCore

/// The attack of issue 13 point 6: Twilio's signature is HMAC over the URL and every
/// `name + value` in name order, joined without separators, so a captured form can be cut into
/// different fields that sign the same. Given a field, this folds the next field (in signing
/// order) into its value — e.g. `MessageSid=SM…` + `MessageType=text` becomes one
/// `MessageSid=SM…MessageTypetext` — keeping the signature valid.
///
/// ```swift
/// let recut = SignatureRecut.absorbNext(into: "MessageSid", of: captured)   // same signature, "new" SID
/// ```
package enum SignatureRecut {
    package static func absorbNext(into name: String, of fields: [FormField]) -> [FormField] {
        let ordered = fields.sorted { Array($0.name.utf8).lexicographicallyPrecedes(Array($1.name.utf8)) }
        guard let index = ordered.firstIndex(where: { $0.name == name }), index + 1 < ordered.count else { return fields }
        let next = ordered[index + 1]
        var recut = fields.filter { $0 != next && $0.name != name }
        recut.append(FormField(name, ordered[index].value + next.name + next.value))
        return recut
    }
}
