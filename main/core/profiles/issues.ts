import { MAX_ISSUES } from './limits';
import type { ImportIssue } from './types';

export interface IssueAt {
  line?: number;
  column?: number;
  directive?: string;
}

/**
 * Collects errors and warnings for one file. Errors are capped so that a hostile file with a million bad
 * lines produces a readable answer (and bounded work) instead of a million messages.
 */
export class IssueCollector {
  readonly errors: ImportIssue[] = [];
  readonly warnings: ImportIssue[] = [];
  private droppedErrors = 0;
  private droppedWarnings = 0;

  constructor(readonly file: string) {}

  error(code: string, message: string, at: IssueAt = {}): void {
    if (this.errors.length >= MAX_ISSUES) {
      this.droppedErrors += 1;
      return;
    }
    this.errors.push(this.issue(code, message, at));
  }

  warn(code: string, message: string, at: IssueAt = {}): void {
    if (this.warnings.length >= MAX_ISSUES) {
      this.droppedWarnings += 1;
      return;
    }
    this.warnings.push(this.issue(code, message, at));
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** True once enough errors were seen that reading further would only waste work. */
  get saturated(): boolean {
    return this.droppedErrors > 0;
  }

  finalErrors(): ImportIssue[] {
    if (this.droppedErrors === 0) return this.errors;
    return [...this.errors, this.issue('more-problems', `…and more problems after these ${MAX_ISSUES}.`, {})];
  }

  finalWarnings(): ImportIssue[] {
    if (this.droppedWarnings === 0) return this.warnings;
    return [
      ...this.warnings,
      this.issue('more-warnings', `…and ${this.droppedWarnings} more warnings like these.`, {}),
    ];
  }

  private issue(code: string, message: string, at: IssueAt): ImportIssue {
    const issue: ImportIssue = { file: this.file, code, message };
    if (at.line !== undefined) issue.line = at.line;
    if (at.column !== undefined) issue.column = at.column;
    if (at.directive !== undefined) issue.directive = at.directive.slice(0, 60);
    return issue;
  }
}

/** Quotes a line of a profile for a message: trimmed, control characters shown as spaces, shortened. */
export function quoteLine(text: string, max = 90): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  const short = clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
  return `\`${short.replace(/`/g, "'")}\``;
}

/** A refusal for a whole file, before any line was read (size, encoding). */
export function fileIssue(file: string, code: string, message: string): ImportIssue {
  return { file, code, message };
}
