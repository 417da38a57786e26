/// <reference types="vite/client" />
import { useTranslation } from 'react-i18next';
import { countryName } from './when';

// One small SVG per country from flag-icons, each its own file (no-inline), fetched only when shown; the
// bundle carries just the list of file names. The CSP allows images from the app itself.
const FLAGS = import.meta.glob<string>('../../../node_modules/flag-icons/flags/4x3/*.svg', {
  query: '?url&no-inline',
  import: 'default',
  eager: true,
});

function flagUrl(code: string): string | undefined {
  return FLAGS[`../../../node_modules/flag-icons/flags/4x3/${code.toLowerCase()}.svg`];
}

/**
 * The flag with the country's name for screen readers (and as a tooltip); nothing when the country is unknown.
 * `decorative`: the name is written next to it already, so screen readers skip the flag.
 */
export function CountryFlag({ code, decorative = false }: { code: string | null; decorative?: boolean }) {
  const { i18n } = useTranslation();
  if (!code) return null;
  const name = countryName(code, i18n.language);
  const url = flagUrl(code);
  return (
    <span
      className="server-flag"
      title={name}
      data-testid="server-flag"
      data-country={code}
      aria-hidden={decorative ? true : undefined}
    >
      {url ? (
        <img className="server-flag__img" src={url} alt="" width={20} height={15} />
      ) : (
        <span className="server-flag__code" aria-hidden="true">
          {code}
        </span>
      )}
      {decorative ? null : <span className="visually-hidden">{name}</span>}
    </span>
  );
}
