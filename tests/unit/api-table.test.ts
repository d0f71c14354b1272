import { API, endpointPath, queryString } from '@kiosk-pulse/contract';

describe('the API endpoint table', () => {
  it("fills a path's parameters, encoded", () => {
    expect(endpointPath(API.kiosks.rotate, { id: 'a/b c' })).toBe('/api/v1/kiosks/a%2Fb%20c/rotate');
    expect(endpointPath(API.wards.setPopulation, { code: '26740' })).toBe('/api/v1/wards/26740/population');
    expect(endpointPath(API.kiosks.list)).toBe('/api/v1/kiosks');
    expect(() => endpointPath(API.users.update, {})).toThrow('/api/v1/users/:id: no value for :id');
  });

  it('writes a query string without the absent values', () => {
    expect(queryString(undefined)).toBe('');
    expect(queryString({ wardCode: undefined })).toBe('');
    expect(queryString({ from: '2026-12-01', wardCode: undefined, limit: 20 })).toBe('?from=2026-12-01&limit=20');
  });
});
