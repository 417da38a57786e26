import { useTranslation } from 'react-i18next';
import { useApp } from '../../store/context';

/** One calm line after a measurement: how many answered, how many did not, what was skipped and why. */
export function MeasureReport() {
  const { t, i18n } = useTranslation();
  const report = useApp((s) => s.measureReport);
  if (!report) return null;
  const parts = [
    t('picker.measured', {
      count: report.measured,
      n: new Intl.NumberFormat(i18n.language).format(report.measured),
    }),
  ];
  if (report.noAnswer > 0) parts.push(t('picker.noAnswer', { count: report.noAnswer }));
  if (report.skipped > 0) {
    parts.push(
      report.skippedBecause === 'no-address'
        ? t('picker.skippedNoAddress', { count: report.skipped })
        : t('picker.skippedKillSwitch', { count: report.skipped }),
    );
  }
  return (
    <p className="picker__report" role="status" data-testid="picker-measure-report">
      {parts.join(' ')}
    </p>
  );
}
