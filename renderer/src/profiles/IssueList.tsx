import { useTranslation } from 'react-i18next';
import type { ImportIssue } from '../../../main/core/profiles/types';
import { MessageText } from '../components/MessageText';

/** Problems found in a file, each with its line and directive so the user can find it in the file. */
export function IssueList({ issues }: { issues: ImportIssue[] }) {
  const { t } = useTranslation();
  if (issues.length === 0) return null;
  return (
    <ul className="issues">
      {issues.map((issue, index) => {
        const text = t(`issues.${issue.code}`, { file: issue.file, defaultValue: issue.message });
        // The directive is shown on its own unless the sentence already quotes it.
        const showDirective = issue.directive && !text.includes(`\`${issue.directive}\``);
        return (
          <li key={`${issue.line ?? 0}-${issue.code}-${index}`} className="issue" data-issue-code={issue.code}>
            {issue.line !== undefined ? (
              <span className="issue__line">{t('import.line', { line: issue.line })}</span>
            ) : null}
            {showDirective ? <code className="issue__directive">{issue.directive}</code> : null}
            <span className="issue__message" title={text === issue.message ? undefined : issue.message}>
              <MessageText text={text} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}
