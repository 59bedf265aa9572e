import { jsonValidator } from './json';
import { llmGuardValidator } from './llmGuard';
import { regexMatchValidator } from './regexMatch';

export const validationPlugins = [regexMatchValidator, jsonValidator, llmGuardValidator];
