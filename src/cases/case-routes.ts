// Routes of the case itself: the list, the case page, the journal, the household, contacts and home
// visits, and protected identity.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../platform/context.ts';
import { created, DONE, done, pdfAnswer } from '../platform/api-fields.ts';
import { sendKeptJson } from '../platform/responses.ts';
import { actorOf } from '../access/http.ts';
import * as api from './api.ts';
import { addPerson } from './consent.ts';
import { caseDetail, listCases } from './case-page.ts';
import { bookVisit, logContact, recordVisit, visitLetter } from './contacts.ts';
import { setProtection, writeJournalEntry } from './journal.ts';

export async function caseRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/cases',
    {
      config: { permission: 'case.read' },
      schema: {
        summary: "The municipality's open cases, newest first, 50 a page (after: the next of the page before)",
        querystring: api.caseListQuery,
        // Sent as kept JSON (platform/responses.ts), encoded through this schema when it is built.
        response: { 200: api.caseList },
      },
    },
    async (request, reply) => sendKeptJson(request, reply, await listCases(ctx, actorOf(request), request.query.after)),
  );

  r.get(
    '/api/v1/cases/:id',
    { config: { permission: 'case.read' }, schema: { summary: 'A case: what brought it in, and its journal', params: api.idParams, response: { 200: api.caseDetail } } },
    async (request, reply) => sendKeptJson(request, reply, await caseDetail(ctx, actorOf(request), request.params.id)),
  );

  r.post(
    '/api/v1/cases/:id/journal',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Write a journal entry, signed by its author; a signed entry is only ever corrected by a new one (SOSFS 2014:5)',
        params: api.idParams,
        body: api.journalBody,
        response: { 201: api.journalEntryWritten },
      },
    },
    async (request, reply) => reply.code(201).send({ entry: await writeJournalEntry(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/persons',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Add a person to the household: an adult by personnummer, a child by personnummer or year of birth',
        params: api.idParams,
        body: api.personBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await addPerson(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/contacts',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Log a contact with the household: letter, SMS, call or visit; reached or not, date and part of day, outcome',
        params: api.idParams,
        body: api.contactBody,
        response: { 201: created },
      },
    },
    async (request, reply) => reply.code(201).send({ id: await logContact(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.post(
    '/api/v1/cases/:id/visits',
    {
      config: { permission: 'case.write' },
      schema: { summary: 'Book a home visit for a time (with the landlord: a joint visit)', params: api.idParams, body: api.visitBody, response: { 201: created } },
    },
    async (request, reply) => reply.code(201).send({ id: await bookVisit(ctx, actorOf(request), request.params.id, request.body) }),
  );

  r.put(
    '/api/v1/cases/:id/visits/:contactId',
    { config: { permission: 'case.write' }, schema: { summary: 'What came of a booked visit', params: api.visitParams, body: api.visitOutcomeBody, response: { 200: done } } },
    async (request) => {
      await recordVisit(ctx, actorOf(request), request.params.id, request.params.contactId, request.body);
      return DONE;
    },
  );

  r.get(
    '/api/v1/cases/:id/visits/:contactId/pdf',
    {
      config: { permission: 'case.read' },
      schema: {
        summary: 'The letter announcing a booked home visit (kind=letter), or the contact card with its time (kind=card), as a tagged PDF',
        params: api.visitParams,
        querystring: api.visitLetterQuery,
        response: { 200: pdfAnswer },
      },
    },
    async (request, reply) => {
      const { pdf, fileName } = await visitLetter(ctx, actorOf(request), request.params.id, request.params.contactId, request.query.kind);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${fileName}"`).send(pdf);
    },
  );

  r.put(
    '/api/v1/cases/:id/protection',
    {
      config: { permission: 'case.write' },
      schema: {
        summary: 'Protected identity: only the named social workers see the case, and its address is in no list',
        params: api.idParams,
        body: api.protectionBody,
        response: { 200: done },
      },
    },
    async (request) => {
      await setProtection(ctx, actorOf(request), request.params.id, request.body);
      return DONE;
    },
  );
}
