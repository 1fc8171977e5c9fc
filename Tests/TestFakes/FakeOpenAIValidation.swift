import RepliesCore

/// An HTTP answer the fake sends: status, extra headers and body text.
struct FakeOpenAIAnswer: Sendable {
    var status: Int
    var headers: [String: String]
    var body: String

    static func error(_ status: Int, message: String, type: String = "invalid_request_error", param: String? = nil, code: String? = nil) -> FakeOpenAIAnswer {
        FakeOpenAIAnswer(status: status, headers: [:], body: FakeOpenAIJSON.errorBody(message: message, type: type, param: param, code: code))
    }
}

/// Rejects what `POST /v1/responses` rejects, with OpenAI's statuses and messages, so a client
/// that passes against the fake sends requests the real service accepts.
enum FakeOpenAIValidation {
    static let roles = ["user", "assistant", "system", "developer"]

    /// Nil when the request is acceptable.
    static func reject(_ request: FakeOpenAI.Request, apiKey: String) -> FakeOpenAIAnswer? {
        if let answer = authenticate(request.authorization, apiKey: apiKey) { return answer }
        guard case .map(let body)? = request.body else {
            return .error(400, message: "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)")
        }
        return checkModel(body) ?? checkInput(body) ?? checkScalars(body) ?? checkFormat(body)
    }

    static func authenticate(_ header: String?, apiKey: String) -> FakeOpenAIAnswer? {
        guard let header, header.hasPrefix("Bearer "), !header.dropFirst(7).isEmpty else {
            return .error(401, message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).")
        }
        let given = String(header.dropFirst(7))
        guard given == apiKey else {
            // OpenAI quotes a masked key; clients must not log even that.
            let masked = given.count > 8 ? "\(given.prefix(5))***\(given.suffix(4))" : "***"
            return .error(401, message: "Incorrect API key provided: \(masked). You can find your API key at https://platform.openai.com/account/api-keys.", code: "invalid_api_key")
        }
        return nil
    }

    static func checkModel(_ body: Record) -> FakeOpenAIAnswer? {
        switch body["model"] {
        case nil: return .error(400, message: "Missing required parameter: 'model'.", param: "model", code: "missing_required_parameter")
        case .string(let model)? where !model.isEmpty: return nil
        default: return invalidType("model", expected: "a string")
        }
    }

    static func checkInput(_ body: Record) -> FakeOpenAIAnswer? {
        guard let input = body["input"] else {
            return .error(400, message: "Missing required parameter: 'input'.", param: "input", code: "missing_required_parameter")
        }
        guard case .list(let items) = input else { return invalidType("input", expected: "an array") }
        for (index, item) in items.enumerated() {
            guard case .map(let message) = item else { return invalidType("input[\(index)]", expected: "an object") }
            guard case .string(let role)? = message["role"] else {
                return .error(400, message: "Missing required parameter: 'input[\(index)].role'.", param: "input[\(index)].role", code: "missing_required_parameter")
            }
            guard roles.contains(role) else {
                return .error(400, message: "Invalid value: '\(role)'. Supported values are: 'assistant', 'system', 'developer', and 'user'.", param: "input[\(index)].role", code: "invalid_value")
            }
            switch message["content"] {
            case .string?: continue
            case .list(let parts)?:
                if let refused = checkParts(parts, of: index, role: role) { return refused }
            case nil: return .error(400, message: "Missing required parameter: 'input[\(index)].content'.", param: "input[\(index)].content", code: "missing_required_parameter")
            default: return invalidType("input[\(index)].content", expected: "a string or an array")
            }
        }
        return nil
    }

    static func checkScalars(_ body: Record) -> FakeOpenAIAnswer? {
        if let store = body["store"], store.boolValue == nil, !store.isNull { return invalidType("store", expected: "a boolean") }
        if let instructions = body["instructions"], instructions.stringValue == nil, !instructions.isNull {
            return invalidType("instructions", expected: "a string")
        }
        if let identifier = body["safety_identifier"] {
            guard let text = identifier.stringValue else { return invalidType("safety_identifier", expected: "a string") }
            if text.count > 64 {
                return .error(400, message: "Invalid 'safety_identifier': string too long. Expected a string with maximum length 64, but got a string with length \(text.count) instead.", param: "safety_identifier", code: "string_above_max_length")
            }
        }
        if let limit = body["max_output_tokens"], !limit.isNull {
            guard let value = limit.intValue else { return invalidType("max_output_tokens", expected: "an integer") }
            if value < 16 {
                return .error(400, message: "Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got \(value) instead.", param: "max_output_tokens", code: "integer_below_min_value")
            }
        }
        return nil
    }

    static func checkFormat(_ body: Record) -> FakeOpenAIAnswer? {
        guard let format = body.map("text")?.map("format"), format.string("type") == "json_schema" else { return nil }
        let name = format.string("name") ?? ""
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
        guard !name.isEmpty, name.count <= 64, name.allSatisfy(allowed.contains) else {
            return .error(400, message: "Invalid 'text.format.name': must match the pattern '^[a-zA-Z0-9_-]+$' and be at most 64 characters.", param: "text.format.name", code: "invalid_value")
        }
        guard let schema = format.map("schema") else {
            return .error(400, message: "Missing required parameter: 'text.format.schema'.", param: "text.format.schema", code: "missing_required_parameter")
        }
        guard format.bool("strict") == true, let problem = strictProblem(schema, context: []) else { return nil }
        return .error(400, message: "Invalid schema for response_format '\(name)': \(problem)", param: "text.format.schema", code: "invalid_json_schema")
    }

    /// Strict mode: every object lists all its properties in `required` and forbids extras.
    static func strictProblem(_ schema: Record, context: [String]) -> String? {
        let where_ = "In context=(\(context.map { "'\($0)'" }.joined(separator: ", ")))"
        let types = schema["type"].map { $0.stringValue.map { [$0] } ?? ($0.listValue ?? []).compactMap(\.stringValue) } ?? []
        if types.contains("object") {
            let properties = schema.map("properties") ?? [:]
            let required = Set(schema.strings("required"))
            if let missing = properties.keys.sorted().first(where: { !required.contains($0) }) {
                return "\(where_), 'required' is required to be supplied and to be an array including every key in properties. Missing '\(missing)'."
            }
            if schema.bool("additionalProperties") != false {
                return "\(where_), 'additionalProperties' is required to be supplied and to be false."
            }
            for key in properties.keys.sorted() {
                if let child = properties[key]?.mapValue, let problem = strictProblem(child, context: context + ["properties", key]) {
                    return problem
                }
            }
        }
        if let items = schema.map("items") { return strictProblem(items, context: context + ["items"]) }
        return nil
    }

    /// The engine's rules (not the API's): a bound on output, trusted context only in the instructions.
    static func engineContractBreach(_ request: FakeOpenAI.Request) -> FakeOpenAIAnswer? {
        guard request.fields["max_output_tokens"]?.intValue != nil else {
            return .error(400, message: "Engine contract: 'max_output_tokens' must be set on every call.", param: "max_output_tokens", code: "engine_contract")
        }
        if let index = request.input.firstIndex(where: { $0.content.contains("Initial context:") }) {
            return .error(400, message: "Engine contract: the trusted context must be in 'instructions', found in input[\(index)].", param: "input[\(index)]", code: "engine_contract")
        }
        guard request.instructions?.contains("Initial context:") == true else {
            return .error(400, message: "Engine contract: 'instructions' must carry the trusted context block.", param: "instructions", code: "engine_contract")
        }
        return nil
    }

    static func invalidType(_ param: String, expected: String) -> FakeOpenAIAnswer {
        .error(400, message: "Invalid type for '\(param)': expected \(expected).", param: param, code: "invalid_type")
    }
}
