/// A command that could not do its job for a reason other than its arguments (so no usage text
/// is printed): the message says what is missing and what to do.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
