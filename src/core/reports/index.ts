export { buildAnalyticsSummary, ANALYTICS_PLUGINS, type AnalyticsSummary, type AnalyticsSummaryOptions } from './analyticsSummary';
export { renderAnalyticsMarkdown } from './analyticsMarkdown';
export { encodeCsv, type CsvOptions } from './csv';
export { toJsonSafe, toJsonText } from './json';
export { formatNumber, formatPercent, formatSigned } from './numberFormat';
export { buildFailuresTable, buildResultsTable, flattenMetrics, type FlatTable, type ResultsTableOptions } from './resultsTable';
export { buildSuiteSummary, type SuiteExperimentSummary, type SuiteSummary, type SuiteSummaryInput, type VariantComparison, type CriterionSummary } from './suiteSummary';
export { renderSuiteMarkdown } from './suiteMarkdown';
export { renderSummaryTable } from './summaryTable';
