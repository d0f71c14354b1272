import { TARGET_IMPORT_COLUMNS } from '@kiosk-pulse/contract';
import { featureParts, jsonBody, queryParameters } from '../http/openapi-parts';
import { createTargetBody, targetsQuery, teamBody, updateTargetBody, updateTeamBody } from './target.schema';

const { tags, security, id, errors } = featureParts('targets');
const setters = { description: 'Not an admin or city official: ward staff read targets, they do not set them.' };
const notFound = { description: 'No such target, or one of another ward (the two are not told apart).' };

const progressNote =
  'Counts are contributions (lượt), not population coverage: `countBasis` and `countNote` say so, for the dashboard to show beside every percentage. ' +
  'An age-group target is counted as the age splits publish it (docs/privacy.md): the published periods its days touch (`countedFrom`..`countedTo`), a lower bound where `countAtLeast` (its pace: `recentPace.atLeast`); a team’s is not counted (`uncounted`, with the reason).';

/** The OpenAPI paths of /api/v1/targets, for the api's document (openapi.ts). */
export const targetsPaths = {
  '/api/v1/targets': {
    get: {
      tags,
      summary: 'The targets in the caller’s scope (ward staff: their ward’s and the city’s)',
      security,
      parameters: queryParameters(targetsQuery),
      responses: {
        200: {
          description:
            '[{id, indicator, ageGroups, wardCode, teamId, target, startDay, deadline, note, setBy, setAt}]; days are city days.',
        },
        ...errors,
        403: { description: 'Ward staff naming another ward.' },
      },
    },
    post: {
      tags,
      summary:
        'Sets a target: visits (optionally of some age groups) or an outcome, per ward or city-wide, optionally for a team',
      security,
      requestBody: jsonBody(createTargetBody),
      responses: {
        201: { description: 'The target.' },
        ...errors,
        403: setters,
        409: { description: 'A target of the same indicator, age groups, ward, team and period exists already.' },
      },
    },
  },
  '/api/v1/targets/progress': {
    get: {
      tags,
      summary:
        'Each target’s count so far, % of target, the pace needed per day, the last 7 days’ pace and the projected day; the wards ranked by % with the median',
      description: progressNote,
      security,
      parameters: queryParameters(targetsQuery),
      responses: {
        200: {
          description:
            '{asOf, countBasis, countNote, targets: [{target, count, percent, remaining, daysLeft, neededPerDay, recentPace, projectedDay, status}], compared: [the same, for ranked targets outside the scope], rankings: [{indicator, ageGroups, startDay, deadline, wards: [{targetId, wardCode, wardName, rank}], medianPercent, cityTargetId}]}. Each target’s progress is told once, in targets or compared; rankings name targets by id. Ward staff get their own ward first.',
        },
        ...errors,
        403: { description: 'Ward staff naming another ward.' },
      },
    },
  },
  '/api/v1/targets/import': {
    post: {
      tags,
      summary: 'Imports the city’s spreadsheet: every row, in one transaction, or none',
      description: `The body is the file: text/csv (UTF-8, comma or semicolon separated) or an XLSX (first sheet). Row 1 is the header: ${TARGET_IMPORT_COLUMNS.join(', ')} (a Vietnamese header is taken too). A row of an existing indicator, scope and period updates its target. Optional header X-File-Name names the file in the audit log.`,
      security,
      requestBody: {
        required: true,
        content: {
          'text/csv': { schema: { type: 'string' } },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
            schema: { type: 'string', format: 'binary' },
          },
        },
      },
      responses: {
        200: { description: '{created, updated, targets}.' },
        400: {
          description:
            'Nothing was written: {message, errors: [{row, column, message}]}, every error of the file, rows numbered as the spreadsheet numbers them (the header is row 1).',
        },
        401: errors[401],
        403: setters,
        413: { description: 'A file over 2 MiB, or an XLSX unpacking to over 10 MiB (or 500 parts): a zip bomb.' },
        415: { description: 'Not text/csv nor XLSX.' },
      },
    },
  },
  '/api/v1/targets/teams': {
    get: {
      tags,
      summary: 'Teams (named groups of kiosks) in the caller’s scope',
      security,
      responses: { 200: { description: '[{id, name, wardCode, kioskIds, createdBy, createdAt}]' }, 401: errors[401] },
    },
    post: {
      tags,
      summary: 'Makes a team of kiosks, of a ward (its kiosks only) or of the city',
      security,
      requestBody: jsonBody(teamBody),
      responses: {
        201: { description: 'The team.' },
        ...errors,
        403: setters,
        409: { description: 'A team of that name exists in that ward already.' },
      },
    },
  },
  '/api/v1/targets/teams/{id}': {
    patch: {
      tags,
      summary: 'Renames a team or sets its kiosks',
      security,
      parameters: id,
      requestBody: jsonBody(updateTeamBody),
      responses: { 200: { description: 'The team.' }, ...errors, 403: setters, 404: { description: 'No such team.' } },
    },
    delete: {
      tags,
      summary: 'Deletes a team that has no targets',
      security,
      parameters: id,
      responses: {
        204: { description: 'Deleted.' },
        401: errors[401],
        403: setters,
        404: { description: 'No such team.' },
        409: { description: 'The team has targets.' },
      },
    },
  },
  '/api/v1/targets/{id}': {
    get: {
      tags,
      summary: 'One target',
      security,
      parameters: id,
      responses: { 200: { description: 'The target.' }, 401: errors[401], 404: notFound },
    },
    patch: {
      tags,
      summary: 'Changes a target’s figure, period or note (its indicator and scope stay: delete it and set another)',
      security,
      parameters: id,
      requestBody: jsonBody(updateTargetBody),
      responses: { 200: { description: 'The target.' }, ...errors, 403: setters, 404: notFound },
    },
    delete: {
      tags,
      summary: 'Deletes a target',
      security,
      parameters: id,
      responses: { 204: { description: 'Deleted.' }, 401: errors[401], 403: setters, 404: notFound },
    },
  },
};
