import { auditLoggerMiddleware } from './auditLogger';
import { azureContentSafetyMiddleware } from './azureContentSafety';
import { azureEnvironmentMiddleware } from './azureEnvironment';
import { healthMonitorMiddleware } from './healthMonitor';
import { promptShieldMiddleware } from './promptShield';

export const middlewarePlugins = [
  auditLoggerMiddleware,
  promptShieldMiddleware,
  healthMonitorMiddleware,
  azureContentSafetyMiddleware,
  azureEnvironmentMiddleware,
];
