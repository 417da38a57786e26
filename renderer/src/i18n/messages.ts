/** A translation tree: nested groups of plain strings (i18next plural keys end in _one/_other). */
export interface Messages {
  [key: string]: string | Messages;
}
