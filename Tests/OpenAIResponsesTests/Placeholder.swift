import Testing

@Test func placeholderOpenAIResponsesTests() {}
