import { analyticsReportSink } from './analyticsReport';
import { azureBlobSinkPlugin } from './azureBlob';
import { csvSink } from './csv';
import { localBundleSink } from './localBundle';

export const sinkPlugins = [csvSink, localBundleSink, analyticsReportSink, azureBlobSinkPlugin];
