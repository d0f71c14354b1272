import { ORDINARY_DAYS_DEFINITION } from '@kiosk-pulse/contract';
import { featureParts, jsonBody, queryParameters } from '../http/openapi-parts';
import { campaignsQuery, createCampaignBody, updateCampaignBody } from './campaign.schema';

const { tags, security, id, errors } = featureParts('campaigns');
const recorders = {
  description: 'A city official (they read campaigns), or ward staff naming another ward.',
};
const notFound = { description: 'No such campaign, or one of another ward (the two are not told apart).' };
const campaign =
  '{id, name, wardCode, place, startsAt, endsAt, kioskIds, recordedBy, recordedAt}; the hours are [startsAt, endsAt).';

/** The OpenAPI paths of /api/v1/campaigns, for the api's document (openapi.ts). */
export const campaignsPaths = {
  '/api/v1/campaigns': {
    get: {
      tags,
      summary:
        'Kiosk days and campaigns overlapping a range, for the markers of the trend charts (ward staff: their ward’s)',
      security,
      parameters: queryParameters(campaignsQuery),
      responses: {
        200: { description: `[${campaign}], earliest first.` },
        ...errors,
        403: { description: 'Ward staff naming another ward.' },
      },
    },
    post: {
      tags,
      summary: 'Records a kiosk day or campaign: ward staff for their ward, admins for any',
      security,
      requestBody: jsonBody(createCampaignBody),
      responses: { 201: { description: campaign }, ...errors, 403: recorders },
    },
  },
  '/api/v1/campaigns/{id}': {
    get: {
      tags,
      summary: 'One campaign',
      security,
      parameters: id,
      responses: { 200: { description: campaign }, 401: errors[401], 404: notFound },
    },
    patch: {
      tags,
      summary: 'Changes a campaign’s name, place, hours or kiosks (its ward stays)',
      security,
      parameters: id,
      requestBody: jsonBody(updateCampaignBody),
      responses: { 200: { description: campaign }, ...errors, 403: recorders, 404: notFound },
    },
    delete: {
      tags,
      summary: 'Deletes a campaign',
      security,
      parameters: id,
      responses: { 204: { description: 'Deleted.' }, 401: errors[401], 403: recorders, 404: notFound },
    },
  },
  '/api/v1/campaigns/{id}/comparison': {
    get: {
      tags,
      summary:
        'The campaign’s hours against the same kiosks’ ordinary days and the ward’s other kiosks over the same hours',
      description: `${ORDINARY_DAYS_DEFINITION.en} Each side: {kiosks, hoursOpen, visits, visitsPerHour, outcomes, byOutcome, outcomesPerVisit, byAgeGroup, share60Plus}. Totals are exact; the age mix is published under the small-count rule of docs/privacy.md (hidden cells \`{atLeast: 0}\`, the 60+ share only when exact), and is null until the hours compared ended AGE_SPLIT_DELAY_HOURS ago.`,
      security,
      parameters: id,
      responses: {
        200: {
          description: '{campaign, campaignHours, ordinaryDays: {…, from, to}, wardOtherKiosks, definition: {vi, en}}',
        },
        401: errors[401],
        404: notFound,
      },
    },
  },
};
