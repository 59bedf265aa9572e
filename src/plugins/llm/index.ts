import { azureOpenaiPlugin } from './azureOpenai';
import { httpOpenaiPlugin } from './httpOpenai';
import { mockLlmPlugin } from './mock';

export const llmPlugins = [mockLlmPlugin, azureOpenaiPlugin, httpOpenaiPlugin];
