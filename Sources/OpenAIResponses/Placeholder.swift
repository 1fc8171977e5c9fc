// Placeholder until the OpenAIResponses module lands.
