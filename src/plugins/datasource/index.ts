import { azureBlobDatasourcePlugin } from './azureBlob';
import { csvBlobPlugin } from './csvBlob';
import { localCsvPlugin } from './localCsv';

export const datasourcePlugins = [azureBlobDatasourcePlugin, csvBlobPlugin, localCsvPlugin];
