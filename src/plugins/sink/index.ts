import { analyticsReportSink } from './analyticsReport';
import { azureBlobSinkPlugin } from './azureBlob';
import { azureDevopsRepoSink } from './azureDevopsRepo';
import { csvSink } from './csv';
import { excelWorkbookSink } from './excelWorkbook';
import { fileCopySink } from './fileCopy';
import { githubRepoSink } from './githubRepo';
import { localBundleSink } from './localBundle';
import { signedArtifactSink } from './signedArtifact';
import { zipBundleSink } from './zipBundle';

export const sinkPlugins = [
  csvSink,
  localBundleSink,
  analyticsReportSink,
  azureBlobSinkPlugin,
  excelWorkbookSink,
  zipBundleSink,
  fileCopySink,
  signedArtifactSink,
  githubRepoSink,
  azureDevopsRepoSink,
];
