import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';
import { useApp } from '../store/context';
import { SelectField } from './SelectField';
import { SettingsSection } from './SettingsSection';

/** Forget a remembered OpenVPN username and password (they are asked for again on the next connect). */
export function SavedSignIns() {
  const { t } = useTranslation();
  const all = useApp((s) => s.profiles);
  const profiles = useMemo(() => all.filter((p) => p.kind === 'openvpn'), [all]);
  const forget = useApp((s) => s.forgetCredentials);
  const result = useApp((s) => s.credentialsForgotten);
  const [chosen, setChosen] = useState<string | null>(null);
  if (profiles.length === 0) return null;
  const selected = profiles.find((p) => p.id === chosen) ?? profiles[0]!;
  const resultName = result ? (profiles.find((p) => p.id === result.profileId)?.name ?? '') : '';

  return (
    <SettingsSection title={t('signIns.title')} keys={['credentials.']} testId="saved-sign-ins">
      <SelectField<string>
        label={t('signIns.profile')}
        hint={t('signIns.hint')}
        value={selected.id}
        options={profiles.map((p) => ({ value: p.id, label: p.name }))}
        onChange={setChosen}
      />
      <div className="settings-field__row">
        <Button size="sm" onClick={() => void forget(selected.id)} data-testid="forget-sign-in">
          {t('signIns.forget')}
        </Button>
        {result ? (
          <span className="muted" role="status">
            {t(result.forgotten ? 'signIns.forgotten' : 'signIns.nothingSaved', { name: resultName })}
          </span>
        ) : null}
      </div>
    </SettingsSection>
  );
}
