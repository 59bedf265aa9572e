/**
 * Telemetry events that infra reacts to: the regression alert rule
 * (infra/modules/regressionAlert.bicep) counts `suite_regression_detected` events by their
 * `suite` and `runId` dimensions (docs/scheduled-regression.md).
 */
export const TELEMETRY_EVENTS = { regression: 'suite_regression_detected' } as const;

/** The app setting holding the optional webhook URL (a Key Vault reference on Azure). */
export const WEBHOOK_SETTING = 'ELSPETH_REGRESSION_WEBHOOK_URL';
