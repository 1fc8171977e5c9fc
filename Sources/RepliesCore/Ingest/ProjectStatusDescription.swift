extension Conversation {
    /// The project status a refusal reports: the value checked (from the live company record or
    /// the conversation), or why there was none — absent, or present with the wrong type, which
    /// a person fixing the record needs to know (`project_status: 1` is not "missing").
    ///
    /// ```swift
    /// conversation.projectStatusDescription(checked: nil)   // "project_status is the number 1, not a string"
    /// ```
    package func projectStatusDescription(checked: String?) -> String {
        if let checked { return checked }
        switch record["project_status"] {
        case nil, .null?: return "no project_status"
        case let value?: return "project_status is \(value.typeDescription), not a string"
        }
    }
}
