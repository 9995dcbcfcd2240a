import type { ComponentChildren } from 'preact';
import { useId, useState } from 'preact/hooks';

import { get, query } from '../api';
import { useApp } from '../context';
import { formatDate, t } from '../i18n';
import { nationalityOptions } from '../nationalities';
import { ErrorNotice, Select, useLoad, useVocabulary } from '../ui';

interface Counted {
  count: number | null;
  suppressed: boolean;
}

interface OccupancyHistory {
  capacity: number;
  days: { date: string; present: number }[];
  arrivals: {
    minCellSize: number;
    weeks: ({ week: string } & Counted)[];
    cells: ({ week: string; nationality: string } & Counted)[];
  };
}

interface Occupancy {
  present: number;
  capacity: number;
  byAgeBand: Record<string, number>;
  unaccompaniedMinors: number;
  separatedChildren: number;
}

interface IncidentStats {
  minCellSize: number;
  cells: ({ key: string } & Counted)[];
  total: Counted;
}

interface OverdueCount {
  shelterId: string;
  emergency: number;
  urgent: number;
  routine: number;
  total: number;
}

/** A bar of a chart: a published count, or a suppressed one (drawn hatched, never as 0). */
interface Bar extends Counted {
  key: string;
  label: string;
}

const MINOR_BANDS = ['0-4', '5-11', '12-17'];
/** Colours of the nationalities stacked in a week's bar (the rest are grey); each is also named in the legend. */
const COLOURS = ['#0b5cad', '#b35900', '#1e6b2f', '#6f2da8'];
const OTHERS = '#8a8a8a';
const WIDTH = 320;

/** Coordinators and admins: occupancy, arrivals, minors, incidents and overdue referrals, drawn small in SVG. */
export function Dashboard() {
  const { shelterId, shelters, language } = useApp();
  const shelter = shelters.find((item) => item.id === shelterId);
  return (
    <section aria-labelledby="dashboard-title" class="dashboard">
      <h1 id="dashboard-title">{t('dashboardTitle')}</h1>
      {shelter ? (
        <>
          <p>{t('dashboardShelter', { shelter: `${shelter.name} (${shelter.code})` })}</p>
          <ShelterCharts shelterId={shelter.id} language={language} />
        </>
      ) : (
        <p>{t('dashboardNoShelter')}</p>
      )}
      <IncidentCharts language={language} />
      <OverdueReferrals />
    </section>
  );
}

function ShelterCharts({ shelterId, language }: { shelterId: string; language: string }) {
  const [history, historyError] = useLoad(
    () => get<OccupancyHistory>(`/shelters/${shelterId}/occupancy/history?days=90`),
    [shelterId],
  );
  const [occupancy, occupancyError] = useLoad(() => get<Occupancy>(`/shelters/${shelterId}/occupancy`), [shelterId]);
  return (
    <>
      <ErrorNotice error={historyError ?? occupancyError} />
      {history && <OccupancyChart history={history} />}
      {history && <ArrivalsChart history={history} language={language} />}
      {occupancy && <MinorsChart occupancy={occupancy} />}
    </>
  );
}

/** A chart with its heading, a one-sentence summary and its numbers in a table (the text alternative). */
function Chart(props: { title: string; summary: string; children: ComponentChildren; table: ComponentChildren }) {
  const id = useId();
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.title}</h2>
      <p id={`${id}-summary`}>{props.summary}</p>
      <div role="img" aria-labelledby={`${id}-title ${id}-summary`}>
        {props.children}
      </div>
      <details>
        <summary>{t('showData')}</summary>
        {props.table}
      </details>
    </figure>
  );
}

/** A hatch that marks what is hidden, defined once per drawing. */
function Hatch({ id }: { id: string }) {
  return (
    <defs>
      <pattern id={id} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
        <rect width="6" height="6" fill="#fff" />
        <line x1="0" y1="0" x2="0" y2="6" stroke="#4a4a4a" stroke-width="2" />
      </pattern>
    </defs>
  );
}

const shown = (value: Counted, minCellSize: number) =>
  value.suppressed || value.count === null ? t('suppressedCell', { n: minCellSize }) : String(value.count);

/** Horizontal bars, a label above each; a suppressed count is a hatched bar saying so. */
function BarChart({ bars, minCellSize }: { bars: Bar[]; minCellSize: number }) {
  const hatch = `hatch-${useId()}`;
  const max = Math.max(minCellSize, ...bars.map((bar) => bar.count ?? 0));
  const row = 40;
  const scale = (value: number) => Math.max(2, (value / max) * (WIDTH - 110));
  return (
    <svg viewBox={`0 0 ${WIDTH} ${bars.length * row}`} class="bars" aria-hidden="true">
      <Hatch id={hatch} />
      {bars.map((bar, index) => {
        const y = index * row;
        const hidden = bar.suppressed || bar.count === null;
        const width = hidden ? scale(minCellSize) : scale(bar.count ?? 0);
        return (
          <g key={bar.key} data-suppressed={hidden ? 'true' : undefined}>
            <text x="0" y={y + 14} class="label">
              {bar.label}
            </text>
            <rect
              x="0"
              y={y + 20}
              width={width}
              height="14"
              fill={hidden ? `url(#${hatch})` : '#0b5cad'}
              stroke={hidden ? '#4a4a4a' : 'none'}
            />
            <text x={width + 6} y={y + 32} class="value">
              {hidden ? t('suppressedShort', { n: minCellSize }) : bar.count}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

function BarTable({ bars, minCellSize, heading }: { bars: Bar[]; minCellSize: number; heading: string }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col">{t('count')}</th>
        </tr>
      </thead>
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.key}>
            <th scope="row">{bar.label}</th>
            <td>{shown(bar, minCellSize)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OccupancyChart({ history }: { history: OccupancyHistory }) {
  const values = history.days.map((day) => day.present);
  const top = Math.max(history.capacity, ...values, 1);
  const height = 150;
  const left = 34;
  const plot = { width: WIDTH - left - 4, height: height - 30 };
  const x = (index: number) => left + (index / Math.max(1, values.length - 1)) * plot.width;
  const y = (value: number) => 6 + plot.height - (value / top) * plot.height;
  const points = values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const first = history.days[0];
  const last = history.days[history.days.length - 1];
  return (
    <Chart
      title={t('occupancyTitle')}
      summary={t('occupancySummary', {
        min: Math.min(...values),
        max: Math.max(...values),
        today: last.present,
        capacity: history.capacity,
      })}
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t('day')}</th>
              <th scope="col">{t('present')}</th>
            </tr>
          </thead>
          <tbody>
            {[...history.days].reverse().map((day) => (
              <tr key={day.date}>
                <th scope="row">{formatDate(day.date)}</th>
                <td>{day.present}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <svg viewBox={`0 0 ${WIDTH} ${height}`} class="line" aria-hidden="true" data-testid="occupancy-chart">
        <line x1={left} x2={WIDTH - 4} y1={y(0)} y2={y(0)} stroke="#c8c8c8" />
        <line
          x1={left}
          x2={WIDTH - 4}
          y1={y(history.capacity)}
          y2={y(history.capacity)}
          stroke="#a4001d"
          stroke-dasharray="4 3"
        />
        <text
          x={WIDTH - 4}
          y={y(history.capacity) < 20 ? y(history.capacity) + 14 : y(history.capacity) - 4}
          class="value"
          text-anchor="end"
        >
          {t('capacityLine', { capacity: history.capacity })}
        </text>
        <text x={left - 4} y={y(0) + 4} class="value" text-anchor="end">
          0
        </text>
        <text x={left - 4} y={y(top) + 8} class="value" text-anchor="end">
          {top}
        </text>
        <polyline points={points} fill="none" stroke="#0b5cad" stroke-width="2" />
        <text x={left} y={height - 4} class="value">
          {formatDate(first.date)}
        </text>
        <text x={WIDTH - 4} y={height - 4} class="value" text-anchor="end">
          {formatDate(last.date)}
        </text>
      </svg>
    </Chart>
  );
}

function ArrivalsChart({ history, language }: { history: OccupancyHistory; language: string }) {
  const { weeks, cells, minCellSize } = history.arrivals;
  const hatch = `hatch-${useId()}`;
  const names = new Map(
    nationalityOptions(language, [...new Set(cells.map((cell) => cell.nationality))]).map((option) => [
      option.value,
      option.label,
    ]),
  );
  // The nationalities with most published arrivals get a colour of their own.
  const sums = new Map<string, number>();
  for (const cell of cells) sums.set(cell.nationality, (sums.get(cell.nationality) ?? 0) + (cell.count ?? 0));
  const coloured = [...sums.entries()]
    .filter(([, sum]) => sum > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, COLOURS.length)
    .map(([code]) => code);
  const colourOf = (code: string) => COLOURS[coloured.indexOf(code)] ?? OTHERS;
  const height = 170;
  const left = 26;
  const plotHeight = height - 40;
  const top = Math.max(minCellSize, ...weeks.map((week) => week.count ?? minCellSize));
  const slot = (WIDTH - left) / Math.max(1, weeks.length);
  const scale = (value: number) => (value / top) * plotHeight;
  const published = weeks.reduce((sum, week) => sum + (week.count ?? 0), 0);
  const anyHidden = weeks.some((week) => week.suppressed);
  const cellsOf = (week: string) => cells.filter((cell) => cell.week === week && cell.count !== 0);
  return (
    <Chart
      title={t('arrivalsTitle')}
      summary={
        anyHidden
          ? // Each hidden week holds at least one arrival: that much is known, and no more.
            t('arrivalsSummaryHidden', {
              n: weeks.length,
              total: published + weeks.filter((week) => week.count === null).length,
            })
          : t('arrivalsSummary', { n: weeks.length, total: published })
      }
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t('week')}</th>
              <th scope="col">{t('arrivals')}</th>
              <th scope="col">{t('byNationality')}</th>
            </tr>
          </thead>
          <tbody>
            {[...weeks].reverse().map((week) => (
              <tr key={week.week}>
                <th scope="row">{formatDate(week.week)}</th>
                <td>{shown(week, minCellSize)}</td>
                <td>
                  {cellsOf(week.week)
                    .map((cell) => `${names.get(cell.nationality)}: ${shown(cell, minCellSize)}`)
                    .join('; ') || t('noArrivals')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <svg viewBox={`0 0 ${WIDTH} ${height}`} class="columns" aria-hidden="true" data-testid="arrivals-chart">
        <Hatch id={hatch} />
        <line x1={left} x2={WIDTH} y1={plotHeight + 6} y2={plotHeight + 6} stroke="#c8c8c8" />
        <text x={left - 4} y={plotHeight + 10} class="value" text-anchor="end">
          0
        </text>
        <text x={left - 4} y={14} class="value" text-anchor="end">
          {top}
        </text>
        {weeks.map((week, index) => {
          const x = left + index * slot + 2;
          const width = Math.max(2, slot - 4);
          let base = plotHeight + 6;
          const parts = cellsOf(week.week)
            .filter((cell) => cell.count !== null)
            .map((cell) => {
              const h = scale(cell.count!);
              base -= h;
              return (
                <rect
                  key={cell.nationality}
                  x={x}
                  y={base}
                  width={width}
                  height={h}
                  fill={colourOf(cell.nationality)}
                />
              );
            });
          const publishedSum = cellsOf(week.week).reduce((sum, cell) => sum + (cell.count ?? 0), 0);
          // What the week's total holds beyond the published cells; a hidden total is drawn at the least cell size.
          const hiddenCount = week.count === null ? minCellSize : week.count - publishedSum;
          const hidden = week.suppressed || cellsOf(week.week).some((cell) => cell.suppressed);
          const hiddenHeight = hidden ? Math.max(4, scale(Math.max(0, hiddenCount))) : 0;
          return (
            <g key={week.week} data-suppressed={hidden ? 'true' : undefined}>
              {parts}
              {hidden && (
                <rect
                  x={x}
                  y={base - hiddenHeight}
                  width={width}
                  height={hiddenHeight}
                  fill={`url(#${hatch})`}
                  stroke="#4a4a4a"
                />
              )}
            </g>
          );
        })}
        <text x={left} y={height - 18} class="value">
          {formatDate(weeks[0]?.week ?? '')}
        </text>
        <text x={WIDTH} y={height - 18} class="value" text-anchor="end">
          {formatDate(weeks[weeks.length - 1]?.week ?? '')}
        </text>
      </svg>
      <ul class="legend">
        {coloured.map((code) => (
          <li key={code}>
            <span class="swatch" style={{ background: colourOf(code) }} /> {names.get(code)}
          </li>
        ))}
        {[...sums.entries()].some(([code, sum]) => sum > 0 && !coloured.includes(code)) && (
          <li>
            <span class="swatch" style={{ background: OTHERS }} /> {t('otherNationalities')}
          </li>
        )}
        <li>
          <span class="swatch hatched" /> {t('suppressedCell', { n: minCellSize })}
        </li>
      </ul>
    </Chart>
  );
}

function MinorsChart({ occupancy }: { occupancy: Occupancy }) {
  const bars: Bar[] = [
    ...MINOR_BANDS.map((band) => ({
      key: band,
      label: t('ageBandYears', { band }),
      count: occupancy.byAgeBand[band] ?? 0,
      suppressed: false,
    })),
    { key: 'unaccompanied', label: t('minorsUnaccompanied'), count: occupancy.unaccompaniedMinors, suppressed: false },
    { key: 'separated', label: t('minorsSeparated'), count: occupancy.separatedChildren, suppressed: false },
  ];
  const minors = MINOR_BANDS.reduce((sum, band) => sum + (occupancy.byAgeBand[band] ?? 0), 0);
  return (
    <Chart
      title={t('minorsTitle')}
      summary={t('minorsSummary', {
        n: minors,
        unaccompanied: occupancy.unaccompaniedMinors,
        separated: occupancy.separatedChildren,
      })}
      table={<BarTable bars={bars} minCellSize={0} heading={t('category')} />}
    >
      <BarChart bars={bars} minCellSize={1} />
    </Chart>
  );
}

function IncidentCharts({ language }: { language: string }) {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const perpetrators = useVocabulary('perpetrator-types', language);
  const acts = useVocabulary('act-types', language);
  const period = query({ from: `${year}-01-01`, to: `${year}-12-31` });
  const [byPerpetrator, perpetratorError] = useLoad(
    () => get<IncidentStats>(`/stats/incidents${period}&groupBy=perpetratorType`),
    [year, language],
  );
  const [byAct, actError] = useLoad(
    () => get<IncidentStats>(`/stats/incidents${period}&groupBy=actType`),
    [year, language],
  );
  return (
    <>
      <Select
        label={t('incidentsYear')}
        value={String(year)}
        options={[thisYear, thisYear - 1, thisYear - 2].map((value) => ({
          value: String(value),
          label: String(value),
        }))}
        onChange={(event) => setYear(Number(event.currentTarget.value))}
      />
      <ErrorNotice error={perpetratorError ?? actError} />
      {byPerpetrator && (
        <IncidentChart
          title={t('incidentsByPerpetrator')}
          stats={byPerpetrator}
          labels={perpetrators}
          year={year}
          testId="perpetrator-chart"
        />
      )}
      {byAct && (
        <IncidentChart title={t('incidentsByAct')} stats={byAct} labels={acts} year={year} testId="act-chart" />
      )}
    </>
  );
}

function IncidentChart(props: {
  title: string;
  stats: IncidentStats;
  labels: { value: string; label: string }[];
  year: number;
  testId: string;
}) {
  const { stats } = props;
  const label = (code: string) => props.labels.find((option) => option.value === code)?.label ?? '…';
  // Zeros say nothing worth a bar; a suppressed cell is drawn, and said, as hidden.
  const bars: Bar[] = stats.cells
    .filter((cell) => cell.suppressed || (cell.count ?? 0) > 0)
    .map((cell) => ({ key: cell.key, label: label(cell.key), count: cell.count, suppressed: cell.suppressed }));
  return (
    <div data-testid={props.testId}>
      <Chart
        title={props.title}
        summary={`${t('incidentsNote', { year: props.year })} ${t('incidentsTotal', {
          total: shown(stats.total, stats.minCellSize),
        })}`}
        table={<BarTable bars={bars} minCellSize={stats.minCellSize} heading={t('category')} />}
      >
        {bars.length === 0 ? (
          <p>{t('incidentsNone', { year: props.year })}</p>
        ) : (
          <BarChart bars={bars} minCellSize={stats.minCellSize} />
        )}
      </Chart>
      <p class="note">
        {t('zerosHidden')} {t('suppressedNote', { n: stats.minCellSize })}
      </p>
    </div>
  );
}

function OverdueReferrals() {
  const { shelters } = useApp();
  const [answer, error] = useLoad(() => get<{ items: OverdueCount[] }>('/referrals/overdue-counts'), []);
  if (error) return <ErrorNotice error={error} />;
  if (!answer) return null;
  const nameOf = (id: string) => {
    const shelter = shelters.find((item) => item.id === id);
    return shelter ? `${shelter.name} (${shelter.code})` : '…';
  };
  const bars: Bar[] = answer.items.map((item) => ({
    key: item.shelterId,
    label: nameOf(item.shelterId),
    count: item.total,
    suppressed: false,
  }));
  const total = answer.items.reduce((sum, item) => sum + item.total, 0);
  if (total === 0) {
    return (
      <section class="chart" aria-labelledby="overdue-title">
        <h2 id="overdue-title">{t('overdueTitle')}</h2>
        <p>{t('overdueNone')}</p>
      </section>
    );
  }
  return (
    <Chart
      title={t('overdueTitle')}
      summary={total === 0 ? t('overdueNone') : t('overdueSummary', { total })}
      table={
        <table>
          <thead>
            <tr>
              <th scope="col">{t('shelter')}</th>
              <th scope="col">{t('urgency_emergency')}</th>
              <th scope="col">{t('urgency_urgent')}</th>
              <th scope="col">{t('urgency_routine')}</th>
            </tr>
          </thead>
          <tbody>
            {answer.items.map((item) => (
              <tr key={item.shelterId}>
                <th scope="row">{nameOf(item.shelterId)}</th>
                <td>{item.emergency}</td>
                <td>{item.urgent}</td>
                <td>{item.routine}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      <BarChart bars={bars} minCellSize={1} />
    </Chart>
  );
}
