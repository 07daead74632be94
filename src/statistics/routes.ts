// Routes of the statistics: the indicators, and the facts they are counted against (a municipality's
// population and a landlord's homes per year).
import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf } from '../access/http.ts';
import type { AppContext } from '../platform/context.ts';
import { badRequest } from '../platform/errors.ts';
import * as api from './api.ts';
import { importPopulation, landlordHomes, population, setLandlordHomes, setPopulation } from './facts.ts';
import { statistics } from './indicators.ts';
import { statisticsCsv, statisticsXlsx } from './exports.ts';
import { csvAnswer, pdfAnswer, XLSX_TYPE, xlsxAnswer } from '../platform/api-fields.ts';
import { boardReportPdf } from './board-report.ts';
import { comparison, publications, setPublished } from './publishing.ts';
import { todayInStockholm } from '../calendar/stockholm.ts';

export async function statisticsRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/statistics',
    {
      config: { permission: 'statistics.read' },
      schema: {
        summary:
          "The catalogue's indicators for the months from–to (YYYY-MM), each against the same months a year before, and the funnel per month: " +
          "the municipality's for its leadership, a landlord's own for its management; figures only, hidden as the disclosure rule says",
        querystring: api.statisticsQuery,
        response: { 200: api.statistics },
      },
    },
    async (request) => statistics(ctx, actorOf(request), request.query),
  );

  r.get(
    '/api/v1/statistics/comparison',
    {
      config: { permission: 'statistics.read' },
      schema: {
        summary: "A year's key figures of every municipality that published them, beside the reader's own, hidden as on each one's page",
        querystring: api.comparisonQuery,
        response: { 200: api.comparison },
      },
    },
    async (request) => comparison(ctx, actorOf(request), request.query.year),
  );

  r.get(
    '/api/v1/statistics/publications',
    { config: { permission: 'statistics.facts' }, schema: { summary: "The years whose key figures the municipality shows the other municipalities", response: { 200: api.publications } } },
    async (request) => publications(ctx, actorOf(request)),
  );

  r.put(
    '/api/v1/statistics/publications/:year',
    {
      config: { permission: 'statistics.facts' },
      schema: { summary: "Publishes the year's key figures to the other municipalities, or takes them back", params: api.yearParams, body: api.publishBody, response: { 200: api.publications } },
    },
    async (request) => setPublished(ctx, actorOf(request), request.params.year, request.body.published),
  );

  r.get(
    '/api/v1/statistics/report',
    {
      config: { permission: 'statistics.read' },
      schema: {
        summary: "The board's report of the key figures: a tagged PDF with the funnel's chart (drawn on the server as SVG), its table and every indicator against the year before",
        querystring: api.statisticsQuery,
        response: { 200: pdfAnswer },
      },
    },
    async (request, reply) => {
      const figures = await statistics(ctx, actorOf(request), request.query);
      const pdf = await boardReportPdf(figures, todayInStockholm(ctx.clock.now()));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="nyckeltal-${request.query.from}-${request.query.to}.pdf"`).send(pdf);
    },
  );

  r.get(
    '/api/v1/statistics/export',
    {
      config: { permission: 'statistics.read' },
      schema: {
        summary: 'The key figures as files, hidden as on the page: one table as CSV (table=indicators|funnel|months), or every table as one Excel workbook',
        querystring: api.statisticsExportQuery,
        response: { 200: { ...csvAnswer, content: { ...csvAnswer.content, ...xlsxAnswer.content } } },
      },
    },
    async (request, reply) => {
      const { format, table = 'indicators', ...period } = request.query;
      const figures = await statistics(ctx, actorOf(request), period);
      const name = `nyckeltal-${period.from}-${period.to}`;
      if (format === 'xlsx') {
        return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${name}.xlsx"`).send(await statisticsXlsx(figures));
      }
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}-${table}.csv"`).send(statisticsCsv(figures, table));
    },
  );

  r.get(
    '/api/v1/statistics/population',
    { config: { permission: 'statistics.facts' }, schema: { summary: "The municipality's inhabitants per year, in total and aged 0–17", response: { 200: api.population } } },
    async (request) => population(ctx, actorOf(request)),
  );

  r.put(
    '/api/v1/statistics/population/:year',
    {
      config: { permission: 'statistics.facts' },
      schema: { summary: "Sets the municipality's inhabitants for a year, in total and aged 0–17", params: api.yearParams, body: api.populationBody, response: { 200: api.population } },
    },
    async (request) => setPopulation(ctx, actorOf(request), request.params.year, request.body),
  );

  r.post(
    '/api/v1/statistics/population/import',
    {
      config: { permission: 'statistics.facts' },
      schema: {
        summary: "Reads the municipality's population per year from SCB's table (Folkmängd efter region, ålder och år; text/csv); 422 naming each line it could not read",
        response: { 200: api.population },
      },
    },
    async (request) => {
      const body = request.body as Readable | undefined;
      if (!body || typeof body.pipe !== 'function') throw badRequest('Skicka SCB:s tabell som text/csv');
      return importPopulation(ctx, actorOf(request), body);
    },
  );

  r.get(
    '/api/v1/statistics/homes',
    { config: { permission: 'statistics.facts' }, schema: { summary: "The landlord's number of homes per year", response: { 200: api.landlordHomes } } },
    async (request) => landlordHomes(ctx, actorOf(request)),
  );

  r.put(
    '/api/v1/statistics/homes/:year',
    {
      config: { permission: 'statistics.facts' },
      schema: { summary: "Sets the landlord's number of homes for a year", params: api.yearParams, body: api.homesBody, response: { 200: api.landlordHomes } },
    },
    async (request) => setLandlordHomes(ctx, actorOf(request), request.params.year, request.body),
  );
}
