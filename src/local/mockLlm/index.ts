export { parseMockLlmArgs, MOCK_LLM_USAGE, type MockLlmArgs } from './args';
export { runMockLlmCommand, type MockLlmCommandIo } from './command';
export { promptHash } from './completion';
export { MockLlmServerOptionsSchema, type MockLlmServerConfig, type MockLlmServerOptions } from './options';
export { startMockLlmServer, MOCK_LLM_HOST, type MockLlmServer } from './server';
export type { RecordedRequest } from './chatHandler';
export { MOCK_OUTCOMES, type MockLlmStats, type MockOutcome } from './stats';
