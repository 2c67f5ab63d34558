/**
 * First characters that make a spreadsheet program read a cell as a formula
 * (`=`, `+`, `-`, `@`) or that some programs strip before doing so (tab,
 * carriage return), plus the apostrophe that marks a neutralized cell.
 */
const TRIGGER_CHARACTERS = new Set(['=', '+', '-', '@', '\t', '\r', "'"]);

/**
 * Prefixes a spreadsheet cell value with an apostrophe when a spreadsheet
 * program could evaluate it as a formula.
 *
 * @remarks
 *
 * A value that already starts with an apostrophe gets one more, so the
 * original value is always the cell without exactly one leading apostrophe,
 * whenever the cell starts with one.
 */
export function neutralizeCell(value: string): string {
  if (value.length > 0 && TRIGGER_CHARACTERS.has(value[0])) {
    return `'${value}`;
  }
  return value;
}

/** Reverses {@link neutralizeCell}. */
export function restoreCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}
