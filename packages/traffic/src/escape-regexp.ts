/** `text` as a regular expression that matches it literally (for alternations of needles). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
