import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, kr, kronorToOre } from '../api.ts';
import { FieldError, useFormErrors } from '../ui/form.tsx';
import { commaList } from '../ui/forms.ts';
import { useCan, useMe } from '../app.tsx';
import { LandlordContracts, LandlordTransfers } from './ContractsPage.tsx';
import { LandlordProposals } from './RoundPage.tsx';
import type { Agreement, AgreementLandlords, Agreements, FollowUp, Home, Homes as HomeList } from '../../src/housing/api.ts';
import type { ShownFigure } from '../../src/platform/api-fields.ts';
import { anyHidden, figureText } from '../ui/figures.ts';
import { COMMITMENT_KINDS, type CommitmentKind, INCOME_TYPES } from '../../src/housing/model.ts';

const percent = (text: FormDataEntryValue | null) => Number(String(text ?? '').replace(',', '.')) / 100;
const numberOrNull = (text: FormDataEntryValue | null) => (String(text ?? '').trim() === '' ? null : Number(String(text).replace(',', '.')));

/** A change from a form: runs it, reloads the agreements and homes, keeps the server's problems for the form to show. */
function useHousingAction() {
  const queryClient = useQueryClient();
  const { errors, fail, clear } = useFormErrors();
  const [done, setDone] = useState<string | null>(null);
  const submit = (make: (data: FormData) => Promise<unknown>, message: string) => async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    clear();
    setDone(null);
    try {
      await make(new FormData(form));
      form.reset();
      setDone(message);
      await queryClient.invalidateQueries({ queryKey: ['housing'] });
    } catch (err) {
      fail(err);
    }
  };
  return { errors, done, submit };
}


/**
 * Homes for social contracts (issue 4 §1): for a landlord, its agreements with its commitment against what
 * it has given and the homes it offers; for the municipality, every landlord side by side.
 */
export function HousingPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canRead = useCan('agreement.read');
  const canEdit = useCan('agreement.edit');
  const canOffer = useCan('home.offer');
  const canSeeHomes = useCan('home.read') || canOffer;
  const canAnswer = useCan('proposal.answer');
  // The follow-up is the municipality's; a landlord's management reads its own key figures instead.
  const canFollowUp = useCan('statistics.read') && me.organisation.kind === 'municipality';
  const agreements = useQuery({
    queryKey: ['housing', 'agreements'],
    queryFn: () => api<Agreements>('GET', '/api/v1/housing/agreements'),
    enabled: canRead,
  });
  const homes = useQuery({ queryKey: ['housing', 'homes'], queryFn: () => api<HomeList>('GET', '/api/v1/housing/homes'), enabled: canSeeHomes });
  const year = agreements.data?.agreements[0]?.given?.year;
  // Leadership is not told the homes given one agreement at a time: it reads them in the follow-up.
  const showGiven = year !== undefined;
  return (
    <section aria-labelledby="housing-title">
      <h1 id="housing-title">{t('housing.title')}</h1>
      <p className="sub">{me.organisation.kind === 'landlord' ? t('housing.introLandlord') : t('housing.introMunicipality')}</p>
      {agreements.isPending && canRead && <p role="status">{t('app.loading')}</p>}
      {agreements.isError && <p role="alert">{t('app.error')}</p>}
      {agreements.data?.agreements.length === 0 && <p>{t('housing.noAgreements')}</p>}
      {agreements.data && agreements.data.agreements.length > 0 && (
        <table>
          <caption>{t('housing.commitmentCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('housing.landlord')}</th>
              <th scope="col">{t('housing.agreement')}</th>
              <th scope="col" className="num">{t('housing.committed')}</th>
              {showGiven && <th scope="col" className="num">{t('housing.givenThisYear', { year })}</th>}
              {showGiven && <th scope="col" className="num">{t('housing.givenLastYear', { year: year ? year - 1 : '' })}</th>}
              <th scope="col">{t('housing.excludedAreas')}</th>
              <th scope="col">{t('housing.terms')}</th>
            </tr>
          </thead>
          <tbody>
            {agreements.data.agreements.map((a) => (
              <tr key={a.id}>
                <td>{a.landlord.name}</td>
                <td>
                  {a.name}
                  <div className="sub">{a.targetGroups.join(', ')}</div>
                </td>
                <td className="num">
                  {a.commitment.homesPerYear}
                  {a.commitment.kind !== 'homes_per_year' && (
                    <div className="sub">{t(`housing.kind.${a.commitment.kind}`, { share: Math.round((a.commitment.share ?? 0) * 1000) / 10, base: a.commitment.base })}</div>
                  )}
                </td>
                {showGiven && <td className="num">{a.given?.thisYear}</td>}
                {showGiven && <td className="num">{a.given?.lastYear}</td>}
                <td>{a.excludedAreas.join(', ') || '–'}</td>
                <td>
                  {t('housing.termsText', { share: Math.round(a.maxRentShare * 100), hours: a.responseHours })}
                  <div className="sub">{a.acceptedIncomeTypes.map((i) => t(`housing.income.${i}`)).join(', ')}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canEdit && <AgreementForm />}
      {canOffer && agreements.data && agreements.data.agreements.length > 0 && <OfferForm agreements={agreements.data.agreements} />}
      {canAnswer && <LandlordProposals />}
      {canAnswer && <LandlordTransfers />}
      {canAnswer && <LandlordContracts />}
      {canSeeHomes && <Homes homes={homes.data?.homes} canWithdraw={canOffer} />}
      {canFollowUp && <HousingFollowUp />}
    </section>
  );
}

function Homes({ homes, canWithdraw }: { homes: Home[] | undefined; canWithdraw: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const withdraw = async (id: string) => {
    setError(null);
    try {
      await api('POST', `/api/v1/housing/homes/${id}/withdraw`);
      await queryClient.invalidateQueries({ queryKey: ['housing'] });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : t('app.error'));
    }
  };
  if (!homes) return null;
  return (
    <>
      <h2 id="homes-title">{t('housing.homesTitle')}</h2>
      {error && <p role="alert">{error}</p>}
      {homes.length === 0 ? (
        <p>{t('housing.noHomes')}</p>
      ) : (
        <table aria-labelledby="homes-title">
          <thead>
            <tr>
              <th scope="col">{t('housing.address')}</th>
              <th scope="col">{t('housing.landlord')}</th>
              <th scope="col" className="num">{t('housing.rooms')}</th>
              <th scope="col" className="num">{t('housing.size')}</th>
              <th scope="col" className="num">{t('housing.rent')}</th>
              <th scope="col">{t('housing.floor')}</th>
              <th scope="col">{t('housing.availableFrom')}</th>
              <th scope="col">{t('housing.status')}</th>
            </tr>
          </thead>
          <tbody>
            {homes.map((h) => (
              <tr key={h.id}>
                <td>
                  {h.address}
                  <div className="sub">{h.area}</div>
                </td>
                <td>{h.landlord.name}</td>
                <td className="num">{h.rooms}</td>
                <td className="num">{h.sizeM2} m²</td>
                <td className="num">{kr(h.rent)}</td>
                <td>
                  {t('housing.floorText', { floor: h.floor })}
                  {h.lift ? `, ${t('housing.lift')}` : ''}
                  {h.accessible ? `, ${t('housing.accessible')}` : ''}
                </td>
                <td>{h.availableFrom}</td>
                <td>
                  {t(`housing.homeStatus.${h.status}`)}
                  {canWithdraw && h.status === 'offered' && (
                    <button type="button" className="link" onClick={() => void withdraw(h.id)} aria-label={`${t('housing.withdraw')}: ${h.address}`}>
                      {t('housing.withdraw')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The landlord offers a vacant home under one of its agreements. */
function OfferForm({ agreements }: { agreements: Agreement[] }) {
  const { t } = useTranslation();
  const { errors, done, submit } = useHousingAction();
  const offer = (data: FormData) =>
    api('POST', '/api/v1/housing/homes', {
      agreementId: data.get('agreement'), address: data.get('address'), area: data.get('area'), rooms: Number(data.get('rooms')),
      sizeM2: Number(String(data.get('size')).replace(',', '.')), rent: kronorToOre(String(data.get('rent'))), floor: Number(data.get('floor')),
      lift: data.get('lift') === 'on', accessible: data.get('accessible') === 'on', availableFrom: data.get('availableFrom'),
      contractNumber: String(data.get('contractNumber') ?? '').trim() || null,
    });
  return (
    <details className="fold">
      <summary>{t('housing.offer')}</summary>
      <form onSubmit={(e) => void submit(offer, t('housing.offered'))(e)} className="narrow" aria-label={t('housing.offer')}>
        <label htmlFor="home-agreement">{t('housing.agreement')}</label>
        <select id="home-agreement" name="agreement" {...errors.input('agreementId', 'home-agreement')}>
          {agreements.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field="agreementId" id="home-agreement" />
        <label htmlFor="home-address">{t('housing.address')}</label>
        <input id="home-address" name="address" maxLength={200} required {...errors.input('address', 'home-address')} />
        <FieldError errors={errors} field="address" id="home-address" />
        <label htmlFor="home-area">{t('housing.area')}</label>
        <input id="home-area" name="area" maxLength={100} required {...errors.input('area', 'home-area')} />
        <FieldError errors={errors} field="area" id="home-area" />
        <label htmlFor="home-rooms">{t('housing.rooms')}</label>
        <input id="home-rooms" name="rooms" type="number" min={1} max={20} required {...errors.input('rooms', 'home-rooms')} />
        <FieldError errors={errors} field="rooms" id="home-rooms" />
        <label htmlFor="home-size">{t('housing.sizeLabel')}</label>
        <input id="home-size" name="size" inputMode="decimal" required {...errors.input('sizeM2', 'home-size')} />
        <FieldError errors={errors} field="sizeM2" id="home-size" />
        <label htmlFor="home-rent">{t('housing.rentLabel')}</label>
        <input id="home-rent" name="rent" inputMode="decimal" required {...errors.input('rent', 'home-rent')} />
        <FieldError errors={errors} field="rent" id="home-rent" />
        <label htmlFor="home-floor">{t('housing.floor')}</label>
        <input id="home-floor" name="floor" type="number" min={-5} max={100} defaultValue={0} required {...errors.input('floor', 'home-floor')} />
        <FieldError errors={errors} field="floor" id="home-floor" />
        <label>
          <input type="checkbox" name="lift" /> {t('housing.lift')}
        </label>
        <label>
          <input type="checkbox" name="accessible" /> {t('housing.accessible')}
        </label>
        <label htmlFor="home-from">{t('housing.availableFrom')}</label>
        <input id="home-from" name="availableFrom" type="date" required {...errors.input('availableFrom', 'home-from')} />
        <FieldError errors={errors} field="availableFrom" id="home-from" />
        <label htmlFor="home-contract">{t('housing.contractNumber')}</label>
        <input id="home-contract" name="contractNumber" maxLength={50} {...errors.input('contractNumber', 'home-contract', 'home-contract-help')} />
        <FieldError errors={errors} field="contractNumber" id="home-contract" />
        <p id="home-contract-help" className="sub">{t('housing.contractNumberHelp')}</p>
        {errors.message && <p role="alert">{errors.message}</p>}
        {done && <p role="status">{done}</p>}
        <button type="submit">{t('housing.offerButton')}</button>
      </form>
    </details>
  );
}

/** The housing coordinator writes an agreement with a landlord. */
function AgreementForm() {
  const { t } = useTranslation();
  const { errors, done, submit } = useHousingAction();
  const landlords = useQuery({ queryKey: ['housing', 'landlords'], queryFn: () => api<AgreementLandlords>('GET', '/api/v1/housing/landlords') });
  const [kind, setKind] = useState<CommitmentKind>('homes_per_year');
  const write = (data: FormData) =>
    api('POST', '/api/v1/housing/agreements', {
      landlordId: data.get('landlord'), name: data.get('name'), targetGroups: commaList(data.get('targetGroups')), commitmentKind: kind,
      commitmentHomes: kind === 'homes_per_year' ? numberOrNull(data.get('homes')) : null,
      commitmentShare: kind === 'homes_per_year' ? null : percent(data.get('share')) || null,
      commitmentBase: kind === 'homes_per_year' ? null : numberOrNull(data.get('base')),
      excludedAreas: commaList(data.get('excludedAreas')), acceptedIncomeTypes: data.getAll('income'), maxRentShare: percent(data.get('maxRentShare')),
      responseHours: Number(data.get('responseHours')), validFrom: data.get('validFrom'), validUntil: data.get('validUntil') || null, reviewDates: commaList(data.get('reviewDates')),
    });
  return (
    <details className="fold">
      <summary>{t('housing.write')}</summary>
      <form onSubmit={(e) => void submit(write, t('housing.written'))(e)} className="narrow" aria-label={t('housing.write')}>
        <label htmlFor="ag-landlord">{t('housing.landlord')}</label>
        <select id="ag-landlord" name="landlord" {...errors.input('landlordId', 'ag-landlord')}>
          {landlords.data?.landlords.map((l) => (
            <option key={l.id} value={l.id}>
              {l.name}
            </option>
          ))}
        </select>
        <FieldError errors={errors} field="landlordId" id="ag-landlord" />
        <label htmlFor="ag-name">{t('housing.agreementName')}</label>
        <input id="ag-name" name="name" maxLength={200} required {...errors.input('name', 'ag-name')} />
        <FieldError errors={errors} field="name" id="ag-name" />
        <label htmlFor="ag-groups">{t('housing.targetGroups')}</label>
        <input id="ag-groups" name="targetGroups" maxLength={2000} />
        <label htmlFor="ag-kind">{t('housing.commitmentKind')}</label>
        <select id="ag-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value as CommitmentKind)}>
          {COMMITMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`housing.kindOption.${k}`)}
            </option>
          ))}
        </select>
        {kind === 'homes_per_year' ? (
          <>
            <label htmlFor="ag-homes">{t('housing.homesPerYear')}</label>
            <input id="ag-homes" name="homes" type="number" min={0} required {...errors.input('commitmentHomes', 'ag-homes')} />
            <FieldError errors={errors} field="commitmentHomes" id="ag-homes" />
          </>
        ) : (
          <>
            <label htmlFor="ag-share">{t('housing.sharePercent')}</label>
            <input id="ag-share" name="share" inputMode="decimal" required {...errors.input('commitmentShare', 'ag-share')} />
            <FieldError errors={errors} field="commitmentShare" id="ag-share" />
            <label htmlFor="ag-base">{kind === 'share_of_stock' ? t('housing.baseStock') : t('housing.baseTurnover')}</label>
            <input id="ag-base" name="base" type="number" min={0} required {...errors.input('commitmentBase', 'ag-base')} />
            <FieldError errors={errors} field="commitmentBase" id="ag-base" />
          </>
        )}
        <label htmlFor="ag-excluded">{t('housing.excludedAreasLabel')}</label>
        <input id="ag-excluded" name="excludedAreas" maxLength={2000} />
        <fieldset>
          <legend>{t('housing.incomes')}</legend>
          {INCOME_TYPES.map((i) => (
            <label key={i}>
              <input type="checkbox" name="income" value={i} defaultChecked={i !== 'student_aid'} /> {t(`housing.income.${i}`)}
            </label>
          ))}
        </fieldset>
        <label htmlFor="ag-rent-share">{t('housing.maxRentShare')}</label>
        <input id="ag-rent-share" name="maxRentShare" inputMode="decimal" defaultValue="40" required {...errors.input('maxRentShare', 'ag-rent-share')} />
        <FieldError errors={errors} field="maxRentShare" id="ag-rent-share" />
        <label htmlFor="ag-hours">{t('housing.responseHours')}</label>
        <input id="ag-hours" name="responseHours" type="number" min={1} max={720} defaultValue={48} required {...errors.input('responseHours', 'ag-hours')} />
        <FieldError errors={errors} field="responseHours" id="ag-hours" />
        <label htmlFor="ag-from">{t('housing.validFrom')}</label>
        <input id="ag-from" name="validFrom" type="date" required {...errors.input('validFrom', 'ag-from')} />
        <FieldError errors={errors} field="validFrom" id="ag-from" />
        <label htmlFor="ag-until">{t('housing.validUntil')}</label>
        <input id="ag-until" name="validUntil" type="date" {...errors.input('validUntil', 'ag-until')} />
        <FieldError errors={errors} field="validUntil" id="ag-until" />
        <label htmlFor="ag-reviews">{t('housing.reviewDates')}</label>
        <input id="ag-reviews" name="reviewDates" maxLength={600} {...errors.input('reviewDates', 'ag-reviews')} />
        <FieldError errors={errors} field="reviewDates" id="ag-reviews" />
        {errors.message && <p role="alert">{errors.message}</p>}
        {done && <p role="status">{done}</p>}
        <button type="submit">{t('housing.writeButton')}</button>
      </form>
    </details>
  );
}

/** Follow-up for leadership and the housing coordinator (issue 4 §5): figures that name no one (issue 14 §3). */
export function HousingFollowUp() {
  const { t, i18n } = useTranslation();
  const q = useQuery({ queryKey: ['housing', 'follow-up'], queryFn: () => api<FollowUp>('GET', '/api/v1/housing/follow-up') });
  if (!q.data) return null;
  const f = q.data;
  const n = (figure: ShownFigure) => figureText(figure, i18n.language);
  const shown = [
    ...Object.values(f.totals),
    ...f.timeOnStep.flatMap((s) => [s.contracts, s.averageDays]),
    ...f.byLandlord.flatMap((l) => [l.ongoing, l.convertedThisYear, l.lockedIn, l.quota.givenThisYear]),
  ];
  return (
    <>
      <h2 id="follow-up-title">{t('housing.followUp')}</h2>
      <p>
        {t('housing.followUpTotals', { contracts: n(f.totals.ongoing), own: n(f.totals.ownLeases), converted: n(f.totals.convertedThisYear), year: f.year, locked: n(f.totals.lockedIn) })}
      </p>
      {f.timeOnStep.length > 0 && (
        <ul className="plain" aria-label={t('housing.timeOnStep')}>
          {f.timeOnStep.map((s) => (
            <li key={s.step}>{t('housing.timeOnStepText', { step: s.step, contracts: n(s.contracts), days: n(s.averageDays) })}</li>
          ))}
        </ul>
      )}
      <table>
        <caption>{t('housing.followUpCaption', { year: f.year })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('housing.landlord')}</th>
            <th scope="col" className="num">{t('housing.ongoing')}</th>
            <th scope="col" className="num">{t('housing.converted', { year: f.year })}</th>
            <th scope="col" className="num">{t('housing.lockedIn')}</th>
            <th scope="col" className="num">{t('housing.quota')}</th>
          </tr>
        </thead>
        <tbody>
          {f.byLandlord.map((l) => (
            <tr key={l.landlord.id}>
              <td>{l.landlord.name}</td>
              <td className="num">{n(l.ongoing)}</td>
              <td className="num">{n(l.convertedThisYear)}</td>
              <td className="num">{n(l.lockedIn)}</td>
              <td className="num">{t('housing.quotaText', { given: n(l.quota.givenThisYear), committed: l.quota.committed })}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {anyHidden(shown) && <p className="sub">{t('figures.legend')}</p>}
    </>
  );
}
