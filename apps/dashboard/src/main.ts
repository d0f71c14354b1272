import type { LiveCounts, TimeseriesPoint, Ward, WardCounts } from '@kiosk-pulse/contract/counts';
import { UnauthorizedError, forgetToken, getJson, saveToken, takeToken } from './api';
import { Charts } from './charts';
import { cityDay, formatClock, formatLongDate, formatNumber } from './format';
import { LiveConnection } from './live';

const byId = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

const wardSelect = byId<HTMLSelectElement>('ward');
const wardFilter = byId<HTMLInputElement>('ward-filter');
const status = byId<HTMLSpanElement>('status');
let wards: Ward[] = [];
let selectedWard: string | undefined = new URLSearchParams(location.search).get('ward') ?? undefined;

function showLogin(): void {
  byId('board').hidden = true;
  byId('login').hidden = false;
  byId('login-form').addEventListener('submit', (event) => {
    event.preventDefault();
    saveToken(byId<HTMLInputElement>('token-input').value.trim());
    location.reload();
  });
}

function wardName(code: string | undefined): string {
  return wards.find((ward) => ward.code === code)?.name ?? 'Toàn thành phố';
}

function fillWardSelect(): void {
  const filter = wardFilter.value.trim().toLocaleLowerCase('vi');
  const options = [new Option('Toàn thành phố', '')];
  for (const ward of wards) {
    if (filter && !ward.name.toLocaleLowerCase('vi').includes(filter) && ward.code !== selectedWard) continue;
    options.push(new Option(`${ward.name} (${ward.code})`, ward.code));
  }
  wardSelect.replaceChildren(...options);
  wardSelect.value = selectedWard ?? '';
}

function showCounts(counts: LiveCounts, charts: Charts): void {
  byId('kpi-people').textContent = formatNumber(counts.peopleReached);
  byId('kpi-guides').textContent = formatNumber(counts.guidesCompleted);
  byId('kpi-accounts').textContent = formatNumber(counts.accountsRegistered);
  byId('as-of').textContent = formatClock(counts.asOf);
  charts.showBreakdowns(counts);
}

function showRanking(rows: WardCounts[]): void {
  const ranked = [...rows].sort(
    (a, b) =>
      b.peopleReached - a.peopleReached || b.guidesCompleted - a.guidesCompleted || a.name.localeCompare(b.name, 'vi'),
  );
  // The top fifteen, and the selected ward wherever it stands.
  const shown = ranked.filter((row, index) => index < 15 || row.wardCode === selectedWard);
  byId('ranking').replaceChildren(
    ...shown.map((row) => {
      const tr = document.createElement('tr');
      if (row.wardCode === selectedWard) tr.className = 'selected';
      const cells = [
        String(ranked.indexOf(row) + 1),
        row.name,
        formatNumber(row.peopleReached),
        formatNumber(row.guidesCompleted),
        formatNumber(row.accountsRegistered),
      ];
      for (const text of cells) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.append(td);
      }
      return tr;
    }),
  );
}

/** Runs `task` at most once per `ms`, and once more after the last call. */
function throttle(task: () => Promise<void>, ms: number): () => void {
  let timer: number | undefined;
  let last = 0;
  return () => {
    if (timer !== undefined) return;
    timer = window.setTimeout(
      () => {
        timer = undefined;
        last = Date.now();
        void task();
      },
      Math.max(0, last + ms - Date.now()),
    );
  };
}

async function main(): Promise<void> {
  const token = takeToken();
  if (!token) return showLogin();
  const charts = new Charts();
  const handleError = (error: unknown) => {
    if (error instanceof UnauthorizedError) {
      forgetToken();
      showLogin();
    } else console.error(error);
  };

  const today = () => ({ from: cityDay(new Date()), to: cityDay(new Date(), 1) });
  const refreshCharts = throttle(async () => {
    try {
      const range = today();
      const metrics = [
        ['peopleReached', 'Người dân'],
        ['guidesCompleted', 'Hướng dẫn hoàn thành'],
        ['accountsRegistered', 'Tài khoản VNeID'],
      ] as const;
      const [series, ranking] = await Promise.all([
        Promise.all(
          metrics.map(async ([metric, name]) => ({
            name,
            points: (
              await getJson<{ points: TimeseriesPoint[] }>('/api/v1/stats/timeseries', token, {
                metric,
                bucket: 'hour',
                ...range,
                wardCode: selectedWard,
              })
            ).points,
          })),
        ),
        getJson<{ wards: WardCounts[] }>('/api/v1/stats/wards', token, range),
      ]);
      charts.showHourly(series);
      showRanking(ranking.wards);
    } catch (error) {
      handleError(error);
    }
  }, 3_000);

  const live = new LiveConnection(token, {
    onCounts(counts) {
      showCounts(counts, charts);
      refreshCharts();
    },
    onStatus(state) {
      status.textContent = {
        live: '● Trực tiếp',
        reconnecting: 'Đang kết nối lại…',
        unauthorized: 'Mã truy cập không hợp lệ',
      }[state];
      status.dataset.state = state;
      if (state === 'unauthorized') handleError(new UnauthorizedError());
    },
  });

  const showScope = () => {
    byId('scope-title').textContent = `${wardName(selectedWard)} — hôm nay`;
    const url = new URL(location.href);
    if (selectedWard) url.searchParams.set('ward', selectedWard);
    else url.searchParams.delete('ward');
    history.replaceState(null, '', url);
  };

  byId('today').textContent = formatLongDate(new Date());
  try {
    wards = (await getJson<Ward[]>('/api/v1/wards', token)).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  } catch (error) {
    return handleError(error);
  }
  if (selectedWard && !wards.some((ward) => ward.code === selectedWard)) selectedWard = undefined;
  fillWardSelect();
  showScope();
  live.follow(selectedWard);
  refreshCharts();

  wardFilter.addEventListener('input', fillWardSelect);
  wardSelect.addEventListener('change', () => {
    selectedWard = wardSelect.value || undefined;
    showScope();
    live.follow(selectedWard);
    refreshCharts();
  });
}

void main();
