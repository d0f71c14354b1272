/*
 * The English of the campaign pages, the population notes and the target editing (issue 17),
 * kept apart from i18n.ts so the helpers adding pages at the same time do not edit one table.
 */
export const ENGLISH_ISSUE_17: Record<string, string> = {
  'báo cáo': 'a report',
};
