import { registerMap } from './echarts';
import { CON_DAO_MAP, MAINLAND_MAP } from './map.options';

const CON_DAO = '26732';

/** Polygon and MultiPolygon coordinates: rings of [longitude, latitude], nested once or twice. */
type Coordinates = number[] | Coordinates[];

type GeoJson = {
  type: 'FeatureCollection';
  features: { properties: { code: string; name: string }; geometry: { coordinates: Coordinates } }[];
};

/** A box around places: west, south, east, north (degrees). */
type Box = [number, number, number, number];

let registered: Promise<void> | undefined;
/** Each unit's box, and the mainland's, once the boundaries are in. */
let boxes: Map<string, Box> | undefined;
let mainland: Box | undefined;

function boxOf(coordinates: Coordinates, box: Box = [Infinity, Infinity, -Infinity, -Infinity]): Box {
  if (typeof coordinates[0] === 'number') {
    const [longitude, latitude] = coordinates as number[];
    return [
      Math.min(box[0], longitude),
      Math.min(box[1], latitude),
      Math.max(box[2], longitude),
      Math.max(box[3], latitude),
    ];
  }
  return (coordinates as Coordinates[]).reduce<Box>((inner, part) => boxOf(part, inner), box);
}

const union = (a: Box, b: Box): Box => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];

/**
 * The 168 units' boundaries (public/hcmc-wards.geojson), fetched once per page and given to
 * ECharts as the two maps mapOptions draws: the mainland, and Côn Đảo apart. A failed fetch is
 * tried again at the next call.
 */
export function registerWardMaps(): Promise<void> {
  registered ??= fetch('/hcmc-wards.geojson')
    .then((response) => {
      if (!response.ok) throw new Error(`the ward boundaries: HTTP ${response.status}`);
      return response.json() as Promise<GeoJson>;
    })
    .then((geo) => {
      const split = (keep: (code: string) => boolean) => ({
        ...geo,
        features: geo.features.filter((feature) => keep(feature.properties.code)),
      });
      registerMap(MAINLAND_MAP, split((code) => code !== CON_DAO) as never);
      registerMap(CON_DAO_MAP, split((code) => code === CON_DAO) as never);
      boxes = new Map(geo.features.map((feature) => [feature.properties.code, boxOf(feature.geometry.coordinates)]));
      mainland = [...boxes]
        .filter(([code]) => code !== CON_DAO)
        .map(([, box]) => box)
        .reduce(union);
    })
    .catch((error: unknown) => {
      registered = undefined;
      throw error;
    });
  return registered;
}

/**
 * Where the mainland map looks to show one ward among its neighbours: its centre, and a zoom at
 * which it fills about a fifth of the frame (at least the whole city, at most 8 times closer).
 * Nothing before the boundaries are in, nor for Côn Đảo, drawn apart at its own scale.
 */
export function wardFrame(code: string): { centre: [number, number]; zoom: number } | undefined {
  const box = boxes?.get(code);
  if (!box || !mainland || code === CON_DAO) return undefined;
  const across = (mainland[2] - mainland[0]) / Math.max(box[2] - box[0], 1e-6);
  const down = (mainland[3] - mainland[1]) / Math.max(box[3] - box[1], 1e-6);
  return {
    centre: [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2],
    zoom: Math.min(8, Math.max(1, Math.min(across, down) / 5)),
  };
}
