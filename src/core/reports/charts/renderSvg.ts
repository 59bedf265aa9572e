import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { AppError, errorMessage } from '../../errors';

/**
 * Renders a Vega-Lite spec to an SVG string in Node, with no browser and no network:
 * the view uses no renderer (vega's headless SVG string path) and a loader that refuses
 * every URL, so a spec can only draw the data it carries inline.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const loader = vega.loader();
  loader.load = (uri: string) => Promise.reject(new Error(`charts load no external data (asked for '${uri}')`));
  try {
    const runtime = vega.parse(compile(spec, { config: CHART_CONFIG }).spec);
    const view = new vega.View(runtime, { renderer: 'none', loader });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  } catch (error) {
    throw new AppError('SINK_FAILED', `Chart could not be rendered: ${errorMessage(error)}`, { cause: error });
  }
}

/** One look for every chart; system fonts only, since the report must work offline. */
const CHART_CONFIG = {
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  background: 'white',
  view: { stroke: '#ddd' },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#eee' },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' as const },
};
