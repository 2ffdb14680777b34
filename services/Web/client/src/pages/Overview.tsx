// The coordinator's overview of their areas: key figures, arrivals per day, every centre's occupancy and status with
// the reasons, the sector gaps by sex and age, and the cold-weather alerts in force. It reloads every few seconds
// while on screen (ADR-008), so a registration or a distribution shows without a reload.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { useLive, useSignal } from '../hooks';
import { date, dateTime, language, number, t, type Key } from '../i18n';
import type { SignedInUser } from '../model';
import { centreName, centres } from '../session';

interface Place { households: number; people: number }
interface Day { day: string; households: number; people: number }
interface Figures {
  households: number;
  people: number;
  newArrivals: Place;
  returnedHome: Place;
  withHostFamilies: Place;
  elsewhere: Place;
  arrivalsPerDay: Day[];
}
interface Finding { rule: string; text: string }
interface CentreNeeds {
  centerId: string;
  name: string;
  nightCapacity: number;
  dayCapacity: number | null;
  toiletsFemale: number;
  toiletsMale: number;
  households: number;
  people: number;
  status: 'ok' | 'warning' | 'critical';
  reasons: Finding[];
  evaluation: {
    spacePerPersonM2: number | null; requiredM2PerPerson: number; nightOccupancyPercent: number | null; dayOccupancyPercent: number | null;
    peoplePerToilet: number | null; waterLitresPerDay: number;
  };
}
interface Cell { sex: string; ageBracket: string; inNeed: number; targeted: number; reached: number | null; gap: number | null }
interface Sector { sector: string; definition: string; inNeed: number; targeted: number; reached: number | null; gap: number | null; bySexAndAge: Cell[] }
interface Summary { ruleSetVersion: string; sectors: Sector[] }
interface Alert { id: string; area: string; minimumTemperatureC: number; startsAt: string; endsAt: string; inForce: boolean }

interface ItemGap { item: string; needed: number; delivered: number; gap: number; overDelivered: number }

export interface Overview { figures: Figures; summary: Summary; items: ItemGap[]; fuelLitresPerMonth: number; centres: CentreNeeds[]; alerts: Alert[]; overdue: number }

const startOfToday = () => {
  const now = new Date();
  return new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
};

async function load(area: string, centreId: string): Promise<Overview> {
  const scope = centreId ? `centerId=${centreId}` : area ? `area=${encodeURIComponent(area)}` : '';
  const [figures, summary, gaps, needs, alerts, overdue] = await Promise.all([
    api<Figures>(`/reports/figures?since=${encodeURIComponent(startOfToday())}&${scope}`),
    api<Summary>(`/needs/summary?${scope}`),
    api<{ items: ItemGap[]; fuelLitresPerMonth: number }>(`/needs/gaps?${scope}`),
    api<CentreNeeds[]>('/needs/centers'),
    api<Alert[]>('/needs/alerts'),
    api<unknown[]>(`/households/overdue${centreId ? `?centerId=${centreId}` : ''}`),
  ]);
  const inScope = (c: CentreNeeds) => (centreId ? c.centerId === centreId : !area || inArea(c.centerId, area));
  return { figures, summary, items: gaps.items, fuelLitresPerMonth: gaps.fuelLitresPerMonth, centres: needs.filter(inScope), alerts: alerts.filter((a) => a.inForce), overdue: overdue.length };
}

function inArea(centreId: string, area: string) {
  const centre = centres.get().find((c) => c.id === centreId);
  return !!centre && (centre.adm1Code === area || centre.adm2Code === area);
}

export function Overview({ user }: { user: SignedInUser }) {
  const lang = useSignal(language);
  const known = useSignal(centres);
  const [area, setArea] = useState('');
  const [centreId, setCentreId] = useState('');
  const live = useLive(() => load(area, centreId), [area, centreId]);
  const data = live.value;
  const choosable = known.filter((c) => !area || c.adm1Code === area || c.adm2Code === area);

  return (
    <section aria-labelledby="overview-title">
      <h2 id="overview-title">{t('overview.title')}</h2>
      <div class="row filters">
        {user.areas.length > 1 && (
          <div>
            <label for="overview-area">{t('overview.area')}</label>
            <select id="overview-area" value={area} onChange={(e) => { setArea(e.currentTarget.value); setCentreId(''); }}>
              <option value="">{t('overview.allAreas')}</option>
              {user.areas.map((a) => <option value={a}>{a}</option>)}
            </select>
          </div>
        )}
        <div>
          <label for="overview-centre">{t('register.centre')}</label>
          <select id="overview-centre" value={centreId} onChange={(e) => setCentreId(e.currentTarget.value)}>
            <option value="">{t('overview.allCentres')}</option>
            {choosable.map((c) => <option value={c.id}>{centreName(c.id, lang)}</option>)}
          </select>
        </div>
      </div>
      <p class="live" role="status" aria-live="off">
        {live.stale ? t('overview.stale', { at: live.at ? dateTime(live.at) : '—' }) : live.at ? t('overview.updated', { at: live.at.toLocaleTimeString(lang === 'ar' ? 'ar-SY' : lang === 'ku' ? 'ku' : 'en-GB') }) : t('app.loading')}
      </p>
      {live.error !== undefined && !data && <p role="alert">{t('overview.unavailable')}</p>}
      {data && (
        <>
          <KeyFigures data={data} />
          <ArrivalsChart days={data.figures.arrivalsPerDay} />
          <CentresTable centres={data.centres} />
          <Gaps summary={data.summary} />
          <ItemGaps items={data.items} fuelLitresPerMonth={data.fuelLitresPerMonth} />
          <Alerts alerts={data.alerts} />
        </>
      )}
    </section>
  );
}

function KeyFigures({ data }: { data: Overview }) {
  const f = data.figures;
  const departed = f.returnedHome.households + f.withHostFamilies.households + f.elsewhere.households;
  const figure = (label: string, value: number, detail?: string, testId?: string) => (
    <div class="figure">
      <dt>{label}</dt>
      <dd data-testid={testId}>{number(value)}</dd>
      {detail && <dd class="detail">{detail}</dd>}
    </div>
  );
  return (
    <dl class="figures" aria-label={t('overview.keyFigures')}>
      {figure(t('overview.people'), f.people, t('overview.inHouseholds', { count: f.households }), 'people')}
      {figure(t('overview.arrivedToday'), f.newArrivals.people, t('overview.inHouseholds', { count: f.newArrivals.households }), 'arrived-today')}
      {figure(t('overview.departed'), departed, t('overview.departedDetail', { home: f.returnedHome.households, hosts: f.withHostFamilies.households, elsewhere: f.elsewhere.households }))}
      {figure(t('overview.overdue'), data.overdue, t('overview.overdueDetail'))}
    </dl>
  );
}

/** Bars for the eye, a table for the numbers: the bars mirror with the page in Arabic, and no colour carries meaning. */
function ArrivalsChart({ days }: { days: Day[] }) {
  const most = Math.max(1, ...days.map((d) => d.people));
  return (
    <figure class="chart" aria-labelledby="arrivals-title">
      <figcaption id="arrivals-title"><h3>{t('overview.arrivalsPerDay')}</h3></figcaption>
      <div class="bars" aria-hidden="true">
        {days.map((d) => (
          <div class="bar">
            <span class="value">{number(d.people)}</span>
            <span class="fill" style={{ blockSize: `${(100 * d.people) / most}%` }} />
            <span class="label">{new Intl.DateTimeFormat(document.documentElement.lang === 'ar' ? 'ar-SY' : 'en-GB', { day: 'numeric', month: 'numeric' }).format(new Date(d.day))}</span>
          </div>
        ))}
      </div>
      <details>
        <summary>{t('overview.asTable')}</summary>
        <div class="table-wrap" tabIndex={0} role="region" aria-label={t('overview.arrivalsPerDay')}>
          <table>
            <thead><tr><th scope="col">{t('overview.day')}</th><th scope="col">{t('overview.households')}</th><th scope="col">{t('overview.people')}</th></tr></thead>
            <tbody>{days.map((d) => <tr><th scope="row">{date(d.day)}</th><td>{number(d.households)}</td><td>{number(d.people)}</td></tr>)}</tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

function CentresTable({ centres: list }: { centres: CentreNeeds[] }) {
  const lang = useSignal(language);
  return (
    <>
      <h3>{t('overview.centres')}</h3>
      {list.length === 0 && <p>{t('overview.noCentres')}</p>}
      <ul class="centre-cards">
        {list.map((c) => {
          const e = c.evaluation;
          const night = e.nightOccupancyPercent;
          return (
            <li class={`centre-card ${c.status}`} data-testid={`centre-${c.centerId}`}>
              <h4>{centreName(c.centerId, lang) || c.name}</h4>
              <p class={`status ${c.status}`}>{t(`overview.status.${c.status}` as Key)}</p>
              <p>{t('overview.centrePeople', { people: c.people, households: c.households })}</p>
              <Occupancy id={`night-${c.centerId}`} label={t('overview.night', { people: c.people, capacity: c.nightCapacity })} percent={night} />
              {c.dayCapacity != null && (
                <Occupancy id={`day-${c.centerId}`} label={t('overview.day', { people: c.people, capacity: c.dayCapacity })} percent={e.dayOccupancyPercent} />
              )}
              <dl class="facts">
                <dt>{t('overview.space')}</dt>
                <dd>{e.spacePerPersonM2 != null ? t('overview.spaceValue', { value: e.spacePerPersonM2, required: e.requiredM2PerPerson }) : '—'}</dd>
                <dt>{t('overview.toilets')}</dt>
                <dd>{t('overview.toiletsValue', { female: c.toiletsFemale, male: c.toiletsMale, per: e.peoplePerToilet ?? '—' })}</dd>
                <dt>{t('overview.water')}</dt>
                <dd>{t('overview.waterValue', { litres: e.waterLitresPerDay })}</dd>
              </dl>
              {c.reasons.length > 0 && <ul class="reasons">{c.reasons.map((r) => <li>{r.text}</li>)}</ul>}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** A bar for the eye and the percentage in words; the warning and critical levels are the rules' 90 % and 100 %. */
function Occupancy({ id, label, percent }: { id: string; label: string; percent: number | null }) {
  return (
    <div class="capacity">
      <label for={id}>{label}</label>
      <meter id={id} min={0} max={100} low={89} high={99} optimum={50} value={Math.min(percent ?? 0, 100)}>{percent}%</meter>
      <span>{percent != null ? `${number(percent)} %` : '—'}</span>
    </div>
  );
}

function Gaps({ summary }: { summary: Summary }) {
  const dash = (value: number | null) => (value == null ? '—' : number(value));
  return (
    <>
      <h3>{t('overview.gaps')}</h3>
      <p class="detail">{t('overview.rules', { version: summary.ruleSetVersion })}</p>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={t('overview.gaps')}>
        <table data-testid="gaps">
          <thead>
            <tr><th scope="col">{t('overview.sector')}</th><th scope="col">{t('overview.inNeed')}</th><th scope="col">{t('overview.targeted')}</th><th scope="col">{t('overview.reached')}</th><th scope="col">{t('overview.gap')}</th></tr>
          </thead>
          <tbody>
            {summary.sectors.map((s) => (
              <tr data-sector={s.sector}>
                <th scope="row">{t(`sector.${s.sector}` as Key)}</th><td>{number(s.inNeed)}</td><td>{number(s.targeted)}</td><td>{dash(s.reached)}</td><td>{dash(s.gap)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {summary.sectors.map((s) => (
        <details>
          <summary>{t('overview.bySexAndAge', { sector: t(`sector.${s.sector}` as Key) })}</summary>
          <p class="detail">{s.definition}</p>
          <div class="table-wrap" tabIndex={0} role="region" aria-label={t('overview.bySexAndAge', { sector: t(`sector.${s.sector}` as Key) })}>
            <table>
              <thead>
                <tr><th scope="col">{t('centre.age')}</th><th scope="col">{t('overview.sex')}</th><th scope="col">{t('overview.inNeed')}</th><th scope="col">{t('overview.targeted')}</th><th scope="col">{t('overview.reached')}</th><th scope="col">{t('overview.gap')}</th></tr>
              </thead>
              <tbody>
                {s.bySexAndAge.map((c) => (
                  <tr><th scope="row" dir="ltr">{c.ageBracket}</th><td>{t(`sex.${c.sex}` as Key)}</td><td>{number(c.inNeed)}</td><td>{number(c.targeted)}</td><td>{dash(c.reached)}</td><td>{dash(c.gap)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ))}
    </>
  );
}

function ItemGaps({ items, fuelLitresPerMonth }: { items: ItemGap[]; fuelLitresPerMonth: number }) {
  return (
    <>
    <div class="table-wrap" tabIndex={0} role="region" aria-label={t('overview.items')}>
      <table data-testid="item-gaps">
        <caption>{t('overview.items')}</caption>
        <thead>
          <tr><th scope="col">{t('distributions.item')}</th><th scope="col">{t('overview.needed')}</th><th scope="col">{t('overview.delivered')}</th><th scope="col">{t('overview.gap')}</th></tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr data-item={i.item}><th scope="row">{t(`item.${i.item}` as Key)}</th><td>{number(i.needed)}</td><td>{number(i.delivered)}</td><td>{number(i.gap)}</td></tr>
          ))}
        </tbody>
      </table>
    </div>
    <p data-testid="fuel-per-month">{t('overview.fuelPerMonth', { litres: number(fuelLitresPerMonth) })}</p>
    </>
  );
}

function Alerts({ alerts }: { alerts: Alert[] }) {
  return (
    <>
      <h3>{t('overview.alerts')}</h3>
      {alerts.length === 0 ? <p>{t('overview.noAlerts')}</p> : (
        <ul class="cards">
          {alerts.map((a) => (
            <li class="alert-item"><strong>{a.area}</strong> <span>{t('overview.alertValue', { temperature: a.minimumTemperatureC, from: dateTime(a.startsAt), to: dateTime(a.endsAt) })}</span></li>
          ))}
        </ul>
      )}
    </>
  );
}
