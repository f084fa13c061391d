// What a keyboard or screen-reader user meets on a page, checked in the real Chromium: axe-core's WCAG rules, the
// Tab order and the focus ring. Shared by the tests of every package that serves a page a person reads.

import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** WCAG 2.0 and 2.1, levels A and AA, and axe's best practices (headings, landmarks, regions). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] as const;

/** One finding of axe, reduced to what a developer needs to fix it from a CI log. */
export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  /** The CSS selector of each element found, with axe's summary of what is wrong with it. */
  nodes: { target: string; summary: string }[];
}

/**
 * A finding of one rule on some elements that is wrong for a stated reason. It is dropped only for elements whose
 * selector contains `target`, so the rule keeps guarding the rest of the page.
 */
export interface AxeWaiver {
  rule: string;
  target: string;
  why: string;
}

/** The axe findings on the page as it is now, WCAG A/AA and best practice, less the waived elements. */
export async function axeFindings(page: Page, waivers: readonly AxeWaiver[] = []): Promise<AxeFinding[]> {
  // Legacy mode runs axe in the page itself: the tests' pages come from browser.newPage(), whose context may hold
  // no second page for axe's cross-frame finish, and none of these pages has frames.
  const results = await new AxeBuilder({ page })
    .withTags([...AXE_TAGS])
    .setLegacyMode(true)
    .analyze();
  const findings: AxeFinding[] = [];
  for (const v of results.violations) {
    const nodes = v.nodes
      .map((n) => ({
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' '),
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      }))
      .filter((n) => !waivers.some((w) => w.rule === v.id && n.target.includes(w.target)));
    if (nodes.length > 0)
      findings.push({ id: v.id, impact: v.impact ?? 'unknown', help: v.help, helpUrl: v.helpUrl, nodes });
  }
  return findings;
}

/** The findings as lines a developer can act on: rule, impact, help, then each element's selector and summary. */
export function formatFindings(findings: readonly AxeFinding[]): string {
  return findings
    .map((f) =>
      [
        `${f.id} (${f.impact}): ${f.help} — ${f.helpUrl}`,
        ...f.nodes.slice(0, 8).map((n) => `    at ${n.target}\n      ${n.summary}`),
        ...(f.nodes.length > 8 ? [`    … and ${f.nodes.length - 8} more elements`] : []),
      ].join('\n'),
    )
    .join('\n');
}

/** Throws, listing every finding, when axe finds anything on the page; `where` names the page and its state. */
export async function expectNoAxeFindings(
  page: Page,
  where: string,
  waivers: readonly AxeWaiver[] = [],
): Promise<void> {
  const findings = await axeFindings(page, waivers);
  if (findings.length > 0)
    throw new Error(
      `axe-core found ${findings.length} accessibility problem(s) on ${where}:\n${formatFindings(findings)}`,
    );
}

/** The focused element, as a person hears and sees it. */
export interface Focused {
  tag: string;
  /** Its accessible name as far as the page says it plainly: aria-label, labelled-by, its label, or its text. */
  name: string;
  id: string;
  /** Whether a focus indicator is drawn: an outline or a box shadow that is not `none`. */
  ring: boolean;
  /** Whether it is inside the viewport once focused (the browser scrolls to it). */
  shown: boolean;
}

/** The page's globals the function below touches; the project type-checks without the DOM library. */
interface FocusDom {
  document: {
    activeElement: FocusElement | null;
    body: unknown;
    getElementById(id: string): { textContent: string | null } | null;
  };
  innerHeight: number;
  innerWidth: number;
  getComputedStyle(e: unknown): {
    outlineStyle: string;
    outlineWidth: string;
    boxShadow: string;
  };
}
interface FocusElement {
  tagName: string;
  id: string;
  textContent: string | null;
  labels?: ArrayLike<{ textContent: string | null }> | null;
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; left: number; bottom: number; right: number };
}

/** What has the keyboard focus now, or null when it is on the page itself (the body: focus was lost). */
export function focused(page: Page): Promise<Focused | null> {
  return page.evaluate(() => {
    const g = globalThis as unknown as FocusDom;
    const a = g.document.activeElement;
    if (a === null || a === g.document.body) return null;
    const style = g.getComputedStyle(a);
    const labelledBy = a.getAttribute('aria-labelledby');
    const name = (
      a.getAttribute('aria-label') ??
      (labelledBy ? (g.document.getElementById(labelledBy)?.textContent ?? '') : null) ??
      (a.labels && a.labels.length > 0 ? a.labels[0]!.textContent : null) ??
      ''
    ).trim();
    const r = a.getBoundingClientRect();
    return {
      tag: a.tagName.toLowerCase(),
      name: (name || (a.textContent ?? '')).replace(/\s+/g, ' ').trim().slice(0, 80),
      id: a.id,
      ring:
        (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ||
        (style.boxShadow !== 'none' && style.boxShadow !== ''),
      shown: r.bottom > 0 && r.right > 0 && r.top < g.innerHeight && r.left < g.innerWidth,
    };
  });
}

/** Presses Tab `count` times from where the focus is and returns what each press focused. */
export async function tabThrough(page: Page, count: number): Promise<(Focused | null)[]> {
  const seen: (Focused | null)[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    seen.push(await focused(page));
  }
  return seen;
}

/** The page's headings in document order as `h<level> text`, for checking one h1 and no skipped level. */
export function headings(page: Page): Promise<{ level: number; text: string }[]> {
  return page.locator('h1, h2, h3, h4, h5, h6').evaluateAll((hs) =>
    hs
      .filter((h) => (h as unknown as { offsetParent: unknown }).offsetParent !== null)
      .map((h) => {
        const e = h as unknown as { tagName: string; textContent: string | null };
        return { level: Number(e.tagName.slice(1)), text: (e.textContent ?? '').trim().slice(0, 60) };
      }),
  );
}

/** Headings that skip a level going down (h2 then h4), or a page without exactly one h1: empty when well ordered. */
export function headingProblems(list: readonly { level: number; text: string }[]): string[] {
  const problems: string[] = [];
  const ones = list.filter((h) => h.level === 1).length;
  if (ones !== 1) problems.push(`${ones} h1 headings, one expected`);
  let previous = 0;
  for (const h of list) {
    if (h.level > previous + 1) problems.push(`h${h.level} "${h.text}" follows h${previous}`);
    previous = h.level;
  }
  return problems;
}
