import type { Page } from 'playwright-core';

/** One axe-core rule broken on a page, with the elements that break it. */
export interface AccessibilityViolation {
  rule: string;
  impact: string;
  help: string;
  elements: string[];
}

/** axe-core's browser build, injected into pages under test (the console never ships it). */
const axeSource = require.resolve('axe-core/axe.min.js');

/**
 * Runs axe-core (WCAG 2.x A/AA and best-practice rules: labels, contrast, landmarks, names of
 * buttons and links, …) over the whole page and returns what it finds at every impact level.
 * The page's context needs `bypassCSP: true`: the console's Content-Security-Policy rightly
 * refuses injected scripts.
 */
export async function accessibilityViolations(page: Page): Promise<AccessibilityViolation[]> {
  await page.addScriptTag({ path: axeSource });
  // Code run in the page: a string, as this file is type-checked without the DOM library.
  return page.evaluate<AccessibilityViolation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((results) =>
    results.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      elements: violation.nodes.map((node) => node.target.join(' ') + ' — ' + node.failureSummary.replace(/\\s+/g, ' ')),
    })))`);
}

/** The violations a user would be blocked by: axe-core's `serious` and `critical` impacts. */
export const blocking = (violations: AccessibilityViolation[]) => violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');

/** What the keyboard focus is on, as a screen reader would name it, and whether it is visible. */
export interface FocusedElement {
  tag: string;
  name: string;
  focusVisible: boolean;
}

export function focusedElement(page: Page): Promise<FocusedElement> {
  return page.evaluate<FocusedElement>(`(() => {
    const element = document.activeElement;
    const label = element.labels && element.labels[0];
    const name = (element.getAttribute('aria-label') || (label ? label.textContent : element.textContent) || '').trim();
    const style = getComputedStyle(element);
    // An indicator the eye can see: the :focus-visible outline of styles.css (never 'none' or 0 px).
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    return { tag: element.tagName.toLowerCase(), name, focusVisible: element.matches(':focus-visible') && outlined };
  })()`);
}

/**
 * Presses Tab (only Tab) until the element named `name` has the focus, checking on the way that
 * every stop shows a visible focus indicator. Fails after `maxPresses` presses.
 */
export async function tabTo(page: Page, name: string, maxPresses = 90): Promise<FocusedElement> {
  const passed: string[] = [];
  for (let press = 0; press < maxPresses; press += 1) {
    await page.keyboard.press('Tab');
    const focused = await focusedElement(page);
    if (focused.tag !== 'main' && !focused.focusVisible) throw new Error(`the focus on <${focused.tag}> "${focused.name}" is not visible`);
    if (focused.name === name) return focused;
    passed.push(focused.name);
  }
  throw new Error(`"${name}" not reached with ${maxPresses} presses of Tab; passed: ${passed.join(' | ')}`);
}

/** Fails with every finding of axe-core on the page, at any impact, named by `where` (which screen, which state). */
export async function expectNoViolations(page: Page, where: string): Promise<void> {
  const found = (await accessibilityViolations(page)).map((violation) => `${violation.impact} ${violation.rule}: ${violation.help} — ${violation.elements.join('; ')}`);
  expect({ where, violations: found }).toEqual({ where, violations: [] });
}
