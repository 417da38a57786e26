import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/Button';
import { useApp } from '../../store/context';
import { InlineForm } from '../InlineForm';
import { countryChoices } from '../country-codes';
import { isChinese } from '../place-names';
import type { PickerServer } from '../picker-entry';

export interface PlaceFormProps {
  server: PickerServer;
  onDone(): void;
}

/**
 * Country and city by hand, for what file and host names did not say (or said wrong). The engine keeps it
 * over its guess, across re-imports. Both emptied: guessed again.
 */
export function PlaceForm({ server, onDone }: PlaceFormProps) {
  const { t, i18n } = useTranslation();
  const setPlace = useApp((s) => s.setServerPlace);
  const busy = useApp((s) => s.serverBusy === server.key);
  const countryId = useId();
  const cityId = useId();
  const hintId = useId();
  const choices = useMemo(() => countryChoices(i18n.language), [i18n.language]);
  const [country, setCountry] = useState(server.country ?? '');
  const cityName = server.city ? (isChinese(i18n.language) ? server.city.zh : server.city.en) : '';
  const [city, setCity] = useState(cityName);

  const save = async () => {
    if (await setPlace(server.key, country === '' ? null : country, city)) onDone();
  };
  return (
    <InlineForm className="place-form" onSubmit={save} onCancel={onDone}>
      <p className="place-form__title">{t('picker.place.title', { name: server.name })}</p>
      <div className="place-form__fields">
        <label className="place-form__field" htmlFor={countryId}>
          <span>{t('picker.place.country')}</span>
          <select
            id={countryId}
            className="field__control"
            value={country}
            autoFocus
            disabled={busy}
            data-testid="place-country"
            onChange={(event) => setCountry(event.currentTarget.value)}
          >
            <option value="">{t('picker.place.countryGuess')}</option>
            {choices.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name} ({c.code})
              </option>
            ))}
          </select>
        </label>
        <label className="place-form__field" htmlFor={cityId}>
          <span>{t('picker.place.city')}</span>
          <input
            id={cityId}
            className="field__control"
            value={city}
            maxLength={60}
            disabled={busy}
            aria-describedby={hintId}
            data-testid="place-city"
            onChange={(event) => setCity(event.currentTarget.value)}
          />
        </label>
      </div>
      <p id={hintId} className="place-form__hint">
        {t('picker.place.cityHint')}
      </p>
      <div className="place-form__buttons">
        <Button size="sm" variant="primary" type="submit" disabled={busy}>
          {t('picker.place.save')}
        </Button>
        <Button size="sm" variant="ghost" onClick={onDone}>
          {t('picker.place.cancel')}
        </Button>
      </div>
    </InlineForm>
  );
}
