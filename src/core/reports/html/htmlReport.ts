import { renderSvg } from '../charts/renderSvg';
import { scopeSvgIds } from './htmlParts';
import { buildReportCharts, type ReportChartsInput } from './reportCharts';
import { renderHtmlReport, type RenderedChart } from './renderHtmlReport';

export interface HtmlReport {
  html: string;
  /** The same charts as standalone SVG files (for Markdown and pull-request comments). */
  svgs: { name: string; svg: string }[];
}

/** Renders every chart to SVG (no browser, no network) and the page around them. */
export async function buildHtmlReport(input: ReportChartsInput & { title: string }): Promise<HtmlReport> {
  const charts = buildReportCharts(input);
  const rendered: RenderedChart[] = [];
  const svgs: HtmlReport['svgs'] = [];
  for (const chart of charts) {
    const svg = await renderSvg(chart.spec);
    svgs.push({ name: `${chart.id}.svg`, svg });
    rendered.push({ id: chart.id, section: chart.section, svg: scopeSvgIds(svg, chart.id) });
  }
  return { html: renderHtmlReport({ title: input.title, summary: input.summary, charts: rendered }), svgs };
}
