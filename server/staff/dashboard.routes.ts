import { z } from 'zod';
import { addCalendarDays, daysBetween, utcDate } from '../deadlines';
import { validationFailed, type ApiRouter } from '../http';
import type { ActionDeps } from './action-support';
import { countByStatus, onTimeRates, overdueByWeek, responseTimes, yearlyReport } from './dashboard.repository';
import { staffOnly } from './guards';

const period = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });
const figures = { decided: z.number(), on_time: z.number(), late: z.number(), rate: z.number().nullable() };

function checkPeriod(p: { from?: string; to?: string }) {
  if (p.from && p.to && p.from > p.to) throw validationFailed([{ field: 'to', message: 'must not be before from' }]);
}

/** GET /api/staff/dashboard/*: on-time rates, response times, statuses, overdue per week, the yearly report. */
export function registerDashboardRoutes(api: ApiRouter, deps: ActionDeps): void {
  api.route(
    {
      method: 'get',
      path: '/api/staff/dashboard/on-time',
      summary:
        'On-time rate overall and per vendor (answered by the effective due date, of the requests answered or past due); period filters the receipt date',
      tags: ['staff', 'dashboard'],
      before: staffOnly,
      query: period,
      responses: {
        200: {
          description: 'Rates',
          schema: z.object({
            overall: z.object(figures),
            vendors: z.array(z.object({ slug: z.string(), name: z.string(), ...figures })),
          }),
        },
      },
    },
    ({ query }) => {
      checkPeriod(query);
      return onTimeRates(deps.db, utcDate(deps.clock.now()), query);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/dashboard/response-times',
      summary: "Median and mean days from the vendor's receipt to its answer, per vendor",
      tags: ['staff', 'dashboard'],
      before: staffOnly,
      query: period,
      responses: {
        200: {
          description: 'Per vendor',
          schema: z.object({
            vendors: z.array(
              z.object({
                slug: z.string(),
                name: z.string(),
                answered: z.number(),
                median_days: z.number().nullable(),
                mean_days: z.number().nullable(),
              }),
            ),
          }),
        },
      },
    },
    ({ query }) => {
      checkPeriod(query);
      return responseTimes(deps.db, query);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/dashboard/statuses',
      summary: 'Requests by status',
      tags: ['staff', 'dashboard'],
      before: staffOnly,
      responses: {
        200: {
          description: 'Counts',
          schema: z.object({ statuses: z.record(z.string(), z.number()), total: z.number() }),
        },
      },
    },
    () => countByStatus(deps.db),
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/dashboard/overdue-weekly',
      summary: 'Requests that went overdue, per ISO week (default: the last 12 weeks)',
      tags: ['staff', 'dashboard'],
      before: staffOnly,
      query: period,
      responses: {
        200: {
          description: 'Weeks',
          schema: z.object({
            weeks: z.array(z.object({ week: z.string(), week_start: z.string(), overdue: z.number() })),
          }),
        },
      },
    },
    ({ query }) => {
      const today = utcDate(deps.clock.now());
      const range = { from: query.from ?? addCalendarDays(today, -7 * 11), to: query.to ?? today };
      checkPeriod(range);
      if (daysBetween(range.from, range.to) > 3 * 366)
        throw validationFailed([{ field: 'from', message: 'at most three years at a time' }]);
      return overdueByWeek(deps.db, today, range);
    },
  );
  api.route(
    {
      method: 'get',
      path: '/api/staff/reports/yearly',
      summary:
        'CCPA-style yearly report by request type: received, complied with in whole or in part, denied, median and mean days',
      tags: ['staff', 'dashboard'],
      before: staffOnly,
      query: z.object({
        year: z.coerce.number().int().min(2000).max(2100),
        jurisdiction: z
          .string()
          .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'an ISO 3166 code such as US-CA or US')
          .optional(),
      }),
      responses: {
        200: {
          description: 'The report',
          schema: z.object({
            year: z.number(),
            jurisdiction: z.string().nullable(),
            by_type: z.array(z.record(z.string(), z.unknown())),
            total: z.record(z.string(), z.unknown()),
          }),
        },
      },
    },
    ({ query }) => yearlyReport(deps.db, query.year, query.jurisdiction),
  );
}
