/**
 * What an embed page does with its parsed options, as plain data (so it can be unit-tested without a
 * DOM): attributes for <html>, attributes for the widget's element, and whether the heading shows.
 */
import { toAttributes, type OptionSpecs, type OptionValues } from './options.ts';

export interface EmbedSetup {
  /**
   * Attributes for <html>: data-reduced-motion, and data-theme when a theme is chosen (with "auto" the
   * page keeps what theme-init.js set: the reader's saved choice, else the system's). null = remove.
   */
  root: Record<string, string | null>;
  /** Attributes for the widget's custom element; null = remove. */
  element: Record<string, string | null>;
  /** Whether the widget's title is shown (it always stays in the page for screen readers). */
  showTitle: boolean;
}

export function embedSetup(specs: OptionSpecs, values: OptionValues): EmbedSetup {
  const theme = values.theme;
  const reduce = values.motion === 'reduce';
  const element = toAttributes(specs, values);
  // Every widget may read reduced-motion, whether or not it declares options.
  element['reduced-motion'] = reduce ? '' : null;
  return {
    root: {
      ...(theme === 'light' || theme === 'dark' ? { 'data-theme': theme } : {}),
      'data-reduced-motion': reduce ? '' : null,
    },
    element,
    showTitle: values.title !== false,
  };
}
