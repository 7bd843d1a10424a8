// Markdown building blocks for hover, completion and signature-help documentation.

/**
 * The language id of fenced code blocks holding expressions and signatures. `entramap` is the
 * extension's language; its grammar colours expression syntax.
 */
export const EXPRESSION_CODE_LANGUAGE = 'entramap';

/** A fenced code block; the fence grows when the code itself contains backtick runs. */
export function codeBlock(code: string, language = EXPRESSION_CODE_LANGUAGE): string {
  let fence = '```';
  while (code.includes(fence)) fence += '`';
  return `${fence}${language}\n${code}\n${fence}`;
}

/** Inline code that survives backticks inside `code`. */
export function inlineCode(code: string): string {
  if (code === '') return '` `';
  const runs = code.match(/`+/g) ?? [];
  const longest = runs.reduce((m, r) => Math.max(m, r.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = code.startsWith('`') || code.endsWith('`') || (code.startsWith(' ') && code.endsWith(' ')) ? ' ' : '';
  return `${fence}${pad}${code}${pad}${fence}`;
}

/** Escapes plain text (attribute descriptions, user text) for Markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|~]/g, (c) => `\\${c}`);
}

/** A string constant as the expression language writes it (escaping `"` and `\`). */
export function quoteString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
